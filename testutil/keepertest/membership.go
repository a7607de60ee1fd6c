// Package keepertest builds keepers over an in-memory store for unit tests.
package keepertest

import (
	"context"
	"testing"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/log/v2"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/std"
	"github.com/cosmos/cosmos-sdk/store/v2"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	membershipkeeper "github.com/tracechain/tracechain/x/membership/keeper"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
)

// Bech32 prefixes of TraceChain, repeated here so fixtures do not depend on
// the app package (which depends on every module).
const (
	AccountPrefix   = "trace"
	ConsensusPrefix = "tracevalcons"
)

// AccAddr returns a deterministic test account address.
func AccAddr(n byte) sdk.AccAddress {
	bz := make([]byte, 20)
	for i := range bz {
		bz[i] = n
	}
	return bz
}

// Bech32 renders an account address with the trace prefix.
func Bech32(addr sdk.AccAddress) string {
	s, err := addresscodec.NewBech32Codec(AccountPrefix).BytesToString(addr)
	if err != nil {
		panic(err)
	}
	return s
}

// Accounts is an in-memory x/auth stand-in that records created accounts.
type Accounts struct {
	accounts map[string]sdk.AccountI
}

// HasAccount implements membershiptypes.AccountKeeper.
func (a *Accounts) HasAccount(_ context.Context, addr sdk.AccAddress) bool {
	_, ok := a.accounts[string(addr)]
	return ok
}

// NewAccountWithAddress implements membershiptypes.AccountKeeper.
func (a *Accounts) NewAccountWithAddress(_ context.Context, addr sdk.AccAddress) sdk.AccountI {
	return authtypes.NewBaseAccountWithAddress(addr)
}

// SetAccount implements membershiptypes.AccountKeeper.
func (a *Accounts) SetAccount(_ context.Context, acc sdk.AccountI) {
	a.accounts[string(acc.GetAddress())] = acc
}

// Membership is a membership keeper with its services over a fresh store.
type Membership struct {
	Ctx             sdk.Context
	Cdc             codec.Codec
	AddrCodec       address.Codec
	Keeper          membershipkeeper.Keeper
	Msg             membershiptypes.MsgServer
	Query           membershiptypes.QueryServer
	Accounts        *Accounts
	ConsensusParams collections.Item[cmtproto.ConsensusParams]
	// Authority is the consortium authority the fixture starts with.
	Authority string
	// StoreKeys are mounted for fixtures that add more modules.
	StoreKeys map[string]*storetypes.KVStoreKey
}

// NewMembership builds the keeper with the given policy; the authority is
// AccAddr(0xA0) and is written to the consensus params, as genesis does.
func NewMembership(t testing.TB, policy membershiptypes.MsgPolicy, extraStores ...string) *Membership {
	t.Helper()
	names := append([]string{membershiptypes.StoreKey, "consensus"}, extraStores...)
	keys := make(map[string]*storetypes.KVStoreKey, len(names))
	for _, n := range names {
		keys[n] = storetypes.NewKVStoreKey(n)
	}
	ctx := committableContext(keys)
	ctx = ctx.WithBlockHeight(10)

	registry := codectestutil.CodecOptions{AccAddressPrefix: AccountPrefix, ValAddressPrefix: AccountPrefix + "valoper"}.NewInterfaceRegistry()
	std.RegisterInterfaces(registry)
	membershiptypes.RegisterInterfaces(registry)
	poatypes.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)
	addrCodec := addresscodec.NewBech32Codec(AccountPrefix)

	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(keys["consensus"]))
	params := collections.NewItem(sb, collections.NewPrefix(0), "params", codec.CollValue[cmtproto.ConsensusParams](cdc))
	_, err := sb.Build()
	require.NoError(t, err)

	authority := Bech32(AccAddr(0xA0))
	cp := cmttypes.DefaultConsensusParams().ToProto()
	cp.Authority = &cmtproto.AuthorityParams{Authority: authority}
	require.NoError(t, params.Set(ctx, cp))

	accounts := &Accounts{accounts: map[string]sdk.AccountI{}}
	k := membershipkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[membershiptypes.StoreKey]),
		runtime.EventService{}, addrCodec, params, accounts, policy)
	require.NoError(t, k.Params.Set(ctx, membershiptypes.DefaultParams()))

	return &Membership{
		Ctx: ctx, Cdc: cdc, AddrCodec: addrCodec, Keeper: k,
		Msg: membershipkeeper.NewMsgServerImpl(k), Query: membershipkeeper.NewQueryServerImpl(k),
		Accounts: accounts, ConsensusParams: params, Authority: authority, StoreKeys: keys,
	}
}

// RegisterOrg registers an organization with the given admin through the
// message server, failing the test on error.
func (f *Membership) RegisterOrg(t testing.TB, id string, admin sdk.AccAddress, roles ...membershiptypes.OrgRole) {
	t.Helper()
	_, err := f.Msg.RegisterOrganization(f.Ctx, &membershiptypes.MsgRegisterOrganization{
		Authority: f.Authority, Id: id, Name: "Org " + id, Roles: roles, Admin: Bech32(admin),
	})
	require.NoError(t, err)
}

// AddMember adds an account through the message server, signed by the authority.
func (f *Membership) AddMember(t testing.TB, orgID string, addr sdk.AccAddress, role membershiptypes.AccountRole) {
	t.Helper()
	_, err := f.Msg.AddMember(f.Ctx, &membershiptypes.MsgAddMember{
		Signer: f.Authority, OrgId: orgID, Address: Bech32(addr), Role: role,
	})
	require.NoError(t, err)
}

// committableContext mounts each store under its own prefix of one memory
// database, so that the multistore can commit like a node's at the end of
// a block (the SDK's testutil context shares one prefix and cannot).
func committableContext(keys map[string]*storetypes.KVStoreKey) sdk.Context {
	cms := store.NewCommitMultiStore(dbm.NewMemDB(), log.NewNopLogger())
	for _, key := range keys {
		cms.MountStoreWithDB(key, storetypes.StoreTypeIAVL, nil)
	}
	if err := cms.LoadLatestVersion(); err != nil {
		panic(err)
	}
	return sdk.NewContext(cms, cmtproto.Header{}, false, log.NewNopLogger())
}
