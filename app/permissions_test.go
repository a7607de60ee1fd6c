package app_test

import (
	"reflect"
	"sort"
	"testing"

	cosmos_proto "github.com/cosmos/cosmos-proto"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/tracechain/tracechain/app"
	"github.com/tracechain/tracechain/testutil/apptest"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// Every message type the app can decode has a permission rule, and every
// rule names a message type the app knows: a typo would silently lock a
// message out or leave a rule that guards nothing.
func TestPermissionsCoverEveryMessage(t *testing.T) {
	c := apptest.NewChain(t)
	policy := app.Permissions()
	registered := map[string]bool{}
	for _, typeURL := range c.App.InterfaceRegistry().ListImplementations(sdk.MsgInterfaceProtoName) {
		registered[typeURL] = true
		require.Contains(t, policy, typeURL, "no permission rule for %s", typeURL)
	}
	for typeURL := range policy {
		require.True(t, registered[typeURL], "rule for unknown message %s", typeURL)
	}
}

// No message type the app accepts can carry other messages (as authz
// MsgExec or gov proposals do). If one is ever added, the permission
// decorator's nested checks become the only guard, and this test asks for
// a deliberate decision.
func TestNoAcceptedMessageNestsOthers(t *testing.T) {
	for typeURL := range app.Permissions() {
		require.Empty(t, msgSlots(descriptor(t, typeURL), map[protoreflect.FullName]bool{}), typeURL)
	}
	// The check does find the wrappers it is meant to find.
	for _, wrapper := range []string{sdk.MsgTypeURL(&authz.MsgExec{}), sdk.MsgTypeURL(&govv1.MsgSubmitProposal{})} {
		require.NotEmpty(t, msgSlots(descriptor(t, wrapper), map[protoreflect.FullName]bool{}), wrapper)
	}
}

func descriptor(t *testing.T, typeURL string) protoreflect.MessageDescriptor {
	t.Helper()
	desc, err := gogoproto.HybridResolver.FindDescriptorByName(protoreflect.FullName(typeURL[1:]))
	require.NoError(t, err, typeURL)
	return desc.(protoreflect.MessageDescriptor)
}

// notMessages are Any fields known not to carry messages.
var notMessages = map[protoreflect.FullName]bool{
	// Deprecated IBC field; x/upgrade refuses plans that set it.
	"cosmos.upgrade.v1beta1.Plan.upgraded_client_state": true,
}

// msgSlots lists the fields, at any depth, that hold an Any meant for sdk.Msg.
func msgSlots(md protoreflect.MessageDescriptor, seen map[protoreflect.FullName]bool) []string {
	if seen[md.FullName()] {
		return nil
	}
	seen[md.FullName()] = true
	var out []string
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if f.Message() == nil {
			continue
		}
		if f.Message().FullName() == "google.protobuf.Any" {
			iface, _ := proto.GetExtension(f.Options(), cosmos_proto.E_AcceptsInterface).(string)
			if iface != "cosmos.crypto.PubKey" && !notMessages[f.FullName()] {
				out = append(out, string(f.FullName())+" accepts "+iface)
			}
			continue
		}
		out = append(out, msgSlots(f.Message(), seen)...)
	}
	return out
}

// Every message only the authority may send is refused, before its
// signature is checked, when a member's ADMIN sends it in the authority's
// place: a member raising its own limits, minting rules or upgrades.
func TestOnlyTheAuthoritySendsAuthorityMessages(t *testing.T) {
	c := apptest.NewChain(t)
	admin := c.Accounts["farm-admin"]
	policy := app.Permissions()
	urls := make([]string, 0, len(policy))
	for typeURL, rule := range policy {
		if reflect.DeepEqual(rule, membershiptypes.AuthorityOnly()) {
			urls = append(urls, typeURL)
		}
	}
	sort.Strings(urls)
	tried := 0
	for _, typeURL := range urls {
		msg, err := c.App.InterfaceRegistry().Resolve(typeURL)
		require.NoError(t, err, typeURL)
		field := reflect.ValueOf(msg).Elem().FieldByName("Authority")
		if !field.IsValid() || field.Kind() != reflect.String {
			continue
		}
		field.SetString(admin.Bech32())
		res := c.CheckTx(c.SignTx([]*apptest.Account{admin}, msg))
		require.Equal(t, membershiptypes.ErrUnauthorized.ABCICode(), res.Code, "%s: %s", typeURL, res.Log)
		require.Contains(t, res.Log, "only the consortium authority", typeURL)
		tried++
	}
	require.GreaterOrEqual(t, tried, 15, "every module's params, validators, organizations, upgrades")
}
