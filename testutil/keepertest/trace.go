package keepertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	creditkeeper "github.com/tracechain/tracechain/x/credit/keeper"
	credittypes "github.com/tracechain/tracechain/x/credit/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	tracekeeper "github.com/tracechain/tracechain/x/trace/keeper"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// The trace fixture's consortium: each organization has an ADMIN account
// and (the enterprises) a GS1 company prefix, with a party GLN and a site.
const (
	FarmOrg      = "91350200MA2XY0022H"
	MillOrg      = "91350300MA2XY0033T"
	LogisticsOrg = "91350400MA2XY00444"
	RetailerOrg  = "91350500MA2XY0055D"
	RegulatorOrg = "11350000MB01234560"
	LabOrg       = "91350600MA2XY0066N"

	FarmPrefix      = "6901234"
	MillPrefix      = "6902345"
	LogisticsPrefix = "6903456"
	RetailerPrefix  = "6904567"
)

// TraceOrg is one organization of the trace fixture.
type TraceOrg struct {
	ID     string
	Admin  sdk.AccAddress
	Prefix string
}

// Signer is the org admin's bech32 address.
func (o TraceOrg) Signer() string { return Bech32(o.Admin) }

// Party is the organization's party GLN as an EPC URN.
func (o TraceOrg) Party() string { return "urn:epc:id:pgln:" + o.Prefix + ".00000" }

// Site is the organization's main location as an SGLN EPC URN.
func (o TraceOrg) Site() string { return "urn:epc:id:sgln:" + o.Prefix + ".00001.0" }

// Trace is a trace keeper over membership, with a consortium registered.
type Trace struct {
	*Membership
	Keeper tracekeeper.Keeper
	Msg    tracetypes.MsgServer
	Query  tracetypes.QueryServer
	// Credit is wired in as in the app: restrictions stop commissioning,
	// recalls write records.
	Credit      creditkeeper.Keeper
	CreditMsg   credittypes.MsgServer
	CreditQuery credittypes.QueryServer

	Farm, Mill, Logistics, Retailer, Regulator, Lab TraceOrg
}

// BlockTime is the fixture's block time; events happen before it.
var BlockTime = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// NewTrace registers the consortium and assigns the company prefixes.
// Message servers check roles themselves, so no ante policy is needed.
func NewTrace(t testing.TB) *Trace {
	t.Helper()
	return newTraceWith(t)
}

// newTraceWith builds the trace fixture with more stores mounted, for
// fixtures of modules built on trace.
func newTraceWith(t testing.TB, extraStores ...string) *Trace {
	t.Helper()
	m := NewMembership(t, membershiptypes.MsgPolicy{}, append([]string{tracetypes.StoreKey, credittypes.StoreKey}, extraStores...)...)
	m.Ctx = m.Ctx.WithBlockTime(BlockTime)
	tracetypes.RegisterInterfaces(m.Cdc.InterfaceRegistry())
	credittypes.RegisterInterfaces(m.Cdc.InterfaceRegistry())
	credit := creditkeeper.NewKeeper(m.Cdc, runtime.NewKVStoreService(m.StoreKeys[credittypes.StoreKey]), runtime.EventService{}, m.AddrCodec, m.Keeper)
	require.NoError(t, credit.InitGenesis(m.Ctx, credittypes.DefaultGenesis()))
	k := tracekeeper.NewKeeper(m.Cdc, runtime.NewKVStoreService(m.StoreKeys[tracetypes.StoreKey]), runtime.EventService{}, m.AddrCodec, m.Keeper, credit)
	require.NoError(t, k.InitGenesis(m.Ctx, tracetypes.DefaultGenesis()))
	f := &Trace{
		Membership: m, Keeper: k, Msg: tracekeeper.NewMsgServerImpl(k), Query: tracekeeper.NewQueryServerImpl(k),
		Credit: credit, CreditMsg: creditkeeper.NewMsgServerImpl(credit), CreditQuery: creditkeeper.NewQueryServerImpl(credit),
		Farm:      TraceOrg{FarmOrg, AccAddr(0x11), FarmPrefix},
		Mill:      TraceOrg{MillOrg, AccAddr(0x12), MillPrefix},
		Logistics: TraceOrg{LogisticsOrg, AccAddr(0x13), LogisticsPrefix},
		Retailer:  TraceOrg{RetailerOrg, AccAddr(0x14), RetailerPrefix},
		Regulator: TraceOrg{ID: RegulatorOrg, Admin: AccAddr(0x15)},
		Lab:       TraceOrg{ID: LabOrg, Admin: AccAddr(0x16)},
	}
	for _, o := range []TraceOrg{f.Farm, f.Mill, f.Logistics, f.Retailer} {
		m.RegisterOrg(t, o.ID, o.Admin, membershiptypes.ORG_ROLE_ENTERPRISE)
		f.AssignPrefix(t, o.ID, o.Prefix)
	}
	m.RegisterOrg(t, f.Regulator.ID, f.Regulator.Admin, membershiptypes.ORG_ROLE_REGULATOR)
	m.RegisterOrg(t, f.Lab.ID, f.Lab.Admin, membershiptypes.ORG_ROLE_CERTIFIER)
	return f
}

// AssignPrefix assigns a company prefix as the authority.
func (f *Trace) AssignPrefix(t testing.TB, org, prefix string) {
	t.Helper()
	_, err := f.Msg.AssignCompanyPrefix(f.Ctx, &tracetypes.MsgAssignCompanyPrefix{Authority: f.Authority, OrgId: org, Prefix: prefix})
	require.NoError(t, err)
}

// Capture submits a document as a transaction would: its writes land only
// if the whole message succeeds.
func (f *Trace) Capture(signer string, doc []byte) ([]string, error) {
	cache, write := f.Ctx.CacheContext()
	resp, err := f.Msg.CaptureEvents(cache, &tracetypes.MsgCaptureEvents{Signer: signer, Document: doc})
	if err != nil {
		return nil, err
	}
	write()
	return resp.EventIds, nil
}

// MustCapture captures and fails the test on error.
func (f *Trace) MustCapture(t testing.TB, org TraceOrg, doc []byte) []string {
	t.Helper()
	ids, err := f.Capture(org.Signer(), doc)
	require.NoError(t, err)
	return ids
}

// Object loads an object by canonical ID or EPC URN.
func (f *Trace) Object(t testing.TB, id string) tracetypes.TraceObject {
	t.Helper()
	resp, err := f.Query.Object(f.Ctx, &tracetypes.QueryObjectRequest{Id: id})
	require.NoError(t, err)
	return resp.Object
}

// EndBlock runs the module's end-of-block work (recall propagation) and
// moves to the next height.
func (f *Trace) EndBlock(t testing.TB) {
	t.Helper()
	require.NoError(t, f.Keeper.PropagateRecalls(f.Ctx))
	f.Commit()
}

// Commit commits the store, as the end of a block does, and moves to the
// next height. Without it, every iterator of the IAVL test store walks all
// writes since the start, which a real node never does.
func (f *Trace) Commit() {
	if cms, ok := f.Ctx.MultiStore().(storetypes.CommitMultiStore); ok {
		cms.Commit()
	}
	f.Ctx = f.Ctx.WithBlockHeight(f.Ctx.BlockHeight() + 1).WithEventManager(sdk.NewEventManager())
}
