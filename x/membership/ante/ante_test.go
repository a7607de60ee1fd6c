package ante_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	protov2 "google.golang.org/protobuf/proto"

	"github.com/cosmos/cosmos-sdk/codec"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/tracechain/tracechain/x/membership/ante"
	"github.com/tracechain/tracechain/x/membership/types"
)

// fakeKeeper admits a signer for a type URL if the pair is in allowed.
type fakeKeeper struct {
	allowed map[string]map[string]bool // typeURL -> signer bech32 -> ok
	params  types.Params
	guard   func(sdk.Msg, string) error
}

func (k fakeKeeper) Authorize(_ context.Context, signer sdk.AccAddress, typeURL string) error {
	if k.allowed[typeURL][signer.String()] {
		return nil
	}
	return types.ErrRoleNotAllowed.Wrapf("signer %s may not send %s", signer, typeURL)
}

func (k fakeKeeper) Rule(typeURL string) (types.Rule, bool) {
	if k.guard != nil && typeURL == sdk.MsgTypeURL(&banktypes.MsgSend{}) {
		return types.Rule{Guard: k.guard}, true
	}
	return types.Rule{}, true
}

func (fakeKeeper) Authority(context.Context) (string, error)         { return "authority", nil }
func (k fakeKeeper) GetParams(context.Context) (types.Params, error) { return k.params, nil }

// fakeTx is the smallest sdk.Tx: its messages, and their protobuf-go
// decodings as the SDK's transaction holds them.
type fakeTx struct {
	msgs   []sdk.Msg
	msgsV2 []protov2.Message
}

func (t fakeTx) GetMsgs() []sdk.Msg                    { return t.msgs }
func (t fakeTx) GetMsgsV2() ([]protov2.Message, error) { return t.msgsV2, nil }

// newFakeTx decodes msgs as protobuf-go messages, as the SDK's decoder does.
func newFakeTx(e env, msgs ...sdk.Msg) (fakeTx, error) {
	tx := fakeTx{msgs: msgs}
	for _, m := range msgs {
		_, v2, err := e.cdc.GetMsgV1Signers(m)
		if err != nil {
			return tx, err
		}
		tx.msgsV2 = append(tx.msgsV2, v2)
	}
	return tx, nil
}

type env struct {
	ctx      sdk.Context
	cdc      *codec.ProtoCodec
	registry codectypes.InterfaceRegistry
	member   sdk.AccAddress
	stranger sdk.AccAddress
}

func newEnv(t *testing.T) env {
	t.Helper()
	registry := codectestutil.CodecOptions{}.NewInterfaceRegistry()
	banktypes.RegisterInterfaces(registry)
	authz.RegisterInterfaces(registry)
	key := storetypes.NewKVStoreKey("test")
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("t"))
	return env{
		ctx: ctx, cdc: codec.NewProtoCodec(registry), registry: registry,
		member: sdk.AccAddress(strings.Repeat("m", 20)), stranger: sdk.AccAddress(strings.Repeat("s", 20)),
	}
}

func send(from sdk.AccAddress) *banktypes.MsgSend {
	return &banktypes.MsgSend{FromAddress: from.String(), ToAddress: from.String(), Amount: sdk.NewCoins(sdk.NewInt64Coin("utrace", 1))}
}

// exec wraps msgs in authz MsgExec, packed and unpacked the way the tx
// decoder leaves them.
func exec(t *testing.T, e env, grantee sdk.AccAddress, msgs ...sdk.Msg) *authz.MsgExec {
	t.Helper()
	m := authz.NewMsgExec(grantee, msgs)
	require.NoError(t, m.UnpackInterfaces(e.registry))
	return &m
}

func run(e env, k fakeKeeper, msgs ...sdk.Msg) error {
	decorator := ante.NewPermissionDecorator(k, e.cdc, e.registry)
	next := func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { return ctx, nil }
	tx, err := newFakeTx(e, msgs...)
	if err != nil {
		return err
	}
	_, err = decorator.AnteHandle(e.ctx, tx, false, next)
	return err
}

func TestPermissionDecoratorNestedMessages(t *testing.T) {
	e := newEnv(t)
	execURL, sendURL := sdk.MsgTypeURL(&authz.MsgExec{}), sdk.MsgTypeURL(&banktypes.MsgSend{})
	// A chain that would accept MsgExec from the member, and sends only from the member.
	k := fakeKeeper{allowed: map[string]map[string]bool{
		execURL: {e.member.String(): true},
		sendURL: {e.member.String(): true},
	}}

	require.NoError(t, run(e, k, send(e.member)))
	require.NoError(t, run(e, k, exec(t, e, e.member, send(e.member))), "allowed inner message")

	err := run(e, k, exec(t, e, e.member, send(e.member), send(e.stranger)))
	require.ErrorIs(t, err, types.ErrRoleNotAllowed, "a disallowed message hidden inside MsgExec is found")
	require.ErrorContains(t, err, "message 0 → nested message 1 (/cosmos.bank.v1beta1.MsgSend)")
	require.ErrorContains(t, err, e.stranger.String())

	deep := exec(t, e, e.member, exec(t, e, e.member, send(e.stranger)))
	require.ErrorIs(t, run(e, k, deep), types.ErrRoleNotAllowed, "nesting twice does not hide it either")

	// Without a rule for MsgExec the wrapper itself is refused.
	strict := fakeKeeper{allowed: map[string]map[string]bool{sendURL: {e.member.String(): true}}}
	require.ErrorIs(t, run(e, strict, exec(t, e, e.member, send(e.member))), types.ErrRoleNotAllowed)
}

func TestPermissionDecoratorDepthLimit(t *testing.T) {
	e := newEnv(t)
	execURL, sendURL := sdk.MsgTypeURL(&authz.MsgExec{}), sdk.MsgTypeURL(&banktypes.MsgSend{})
	k := fakeKeeper{allowed: map[string]map[string]bool{execURL: {e.member.String(): true}, sendURL: {e.member.String(): true}}}
	var msg sdk.Msg = send(e.member)
	for i := 0; i < 9; i++ {
		msg = exec(t, e, e.member, msg)
	}
	require.ErrorContains(t, run(e, k, msg), "deeper than 8 levels")
}

func TestPermissionDecoratorGuard(t *testing.T) {
	e := newEnv(t)
	sendURL := sdk.MsgTypeURL(&banktypes.MsgSend{})
	k := fakeKeeper{
		allowed: map[string]map[string]bool{sendURL: {e.member.String(): true}},
		guard: func(msg sdk.Msg, authority string) error {
			if msg.(*banktypes.MsgSend).Amount.AmountOf("utrace").Int64() > 5 {
				return fmt.Errorf("too much for %s", authority)
			}
			return nil
		},
	}
	require.NoError(t, run(e, k, send(e.member)))
	big := send(e.member)
	big.Amount = sdk.NewCoins(sdk.NewInt64Coin("utrace", 6))
	require.ErrorContains(t, run(e, k, big), "too much for authority")
}

// A transaction whose protobuf-go messages do not match its messages (a
// decoder bug) is refused, not checked against the wrong signers.
func TestPermissionDecoratorNeedsProtobufGoMessages(t *testing.T) {
	e := newEnv(t)
	decorator := ante.NewPermissionDecorator(fakeKeeper{}, e.cdc, e.registry)
	next := func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { return ctx, nil }
	_, err := decorator.AnteHandle(e.ctx, fakeTx{msgs: []sdk.Msg{send(e.member)}}, false, next)
	require.ErrorContains(t, err, "transaction decodes to 1 messages and 0 protobuf-go messages")
}

func TestTxLimitsDecorator(t *testing.T) {
	e := newEnv(t)
	k := fakeKeeper{params: types.Params{MaxMsgsPerTx: 3, MaxTxBytes: 4096}}
	decorator := ante.NewTxLimitsDecorator(k, e.registry)
	next := func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { return ctx, nil }
	handle := func(ctx sdk.Context, msgs ...sdk.Msg) error {
		_, err := decorator.AnteHandle(ctx, fakeTx{msgs: msgs}, false, next)
		return err
	}
	m := send(e.member)
	require.NoError(t, handle(e.ctx, m, m, m))
	require.ErrorIs(t, handle(e.ctx, m, m, m, m), types.ErrTooManyMsgs)
	require.ErrorIs(t, handle(e.ctx, m, exec(t, e, e.member, m, m)), types.ErrTooManyMsgs, "nested messages count")

	require.NoError(t, handle(e.ctx.WithTxBytes(make([]byte, 4096)), m))
	err := handle(e.ctx.WithTxBytes(make([]byte, 4097)), m)
	require.ErrorIs(t, err, types.ErrTxTooLarge)
	require.ErrorContains(t, err, "4097 bytes, the limit is 4096")
}
