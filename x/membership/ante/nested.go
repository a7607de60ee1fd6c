package ante

import (
	"reflect"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// maxNestingDepth bounds how deep messages may nest inside messages.
const maxNestingDepth = 8

var msgInterface = reflect.TypeOf((*sdk.Msg)(nil)).Elem()

// nestedMsgs returns the messages packed inside msg (authz MsgExec, gov
// proposals, or any future wrapper): every Any the message unpacks as an
// sdk.Msg. It asks the message itself which Anys it holds, so no wrapper
// type has to be known here.
func nestedMsgs(registry codectypes.AnyUnpacker, msg sdk.Msg) ([]sdk.Msg, error) {
	holder, ok := msg.(codectypes.UnpackInterfacesMessage)
	if !ok {
		return nil, nil
	}
	c := &msgCollector{registry: registry}
	if err := holder.UnpackInterfaces(c); err != nil {
		return nil, err
	}
	return c.msgs, nil
}

// msgCollector is an AnyUnpacker that records the Anys unpacked as sdk.Msg.
type msgCollector struct {
	registry codectypes.AnyUnpacker
	msgs     []sdk.Msg
}

func (c *msgCollector) UnpackAny(any *codectypes.Any, iface interface{}) error {
	if err := c.registry.UnpackAny(any, iface); err != nil {
		return err
	}
	ptr := reflect.ValueOf(iface)
	if ptr.Kind() != reflect.Pointer || ptr.Elem().Type() != msgInterface {
		return nil // a public key or another non-message interface
	}
	if m, ok := ptr.Elem().Interface().(sdk.Msg); ok && m != nil {
		c.msgs = append(c.msgs, m)
	}
	return nil
}
