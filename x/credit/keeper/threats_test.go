package keeper_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/credit/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// A second regulator (a provincial bureau beside the national one).
var bureau = keepertest.TraceOrg{ID: "11350100MB01234565", Admin: keepertest.AccAddr(0x18)}

func withBureau(t *testing.T) *keepertest.Trace {
	f := keepertest.NewTrace(t)
	f.RegisterOrg(t, bureau.ID, bureau.Admin, membershiptypes.ORG_ROLE_REGULATOR)
	return f
}

// The mill's history: a penalty, a recall origin and lost disputes; then
// wash orders with three friendly organizations, ten thousand of them at
// price 1 and one at a huge value, all on time. Every record of the window
// counts (nothing is pushed out by volume) and the grade does not move.
func TestWashOrdersNeitherPushOutNorLift(t *testing.T) {
	f := keepertest.NewTrace(t)
	_, err := file(f, f.Regulator, f.Mill.ID, types.RECORD_KIND_PENALTY, 3)
	require.NoError(t, err)
	write := func(r types.ModuleRecord) {
		t.Helper()
		_, err := f.Credit.AddModuleRecord(f.Ctx, "service", r)
		require.NoError(t, err)
	}
	write(types.ModuleRecord{Subject: f.Mill.ID, Counterparty: f.Regulator.ID, Kind: types.RECORD_KIND_RECALL_ORIGIN, Weight: 1})
	write(types.ModuleRecord{Subject: f.Mill.ID, Counterparty: f.Farm.ID, Kind: types.RECORD_KIND_DISPUTE_LOST, Value: 100})
	write(types.ModuleRecord{Subject: f.Mill.ID, Counterparty: f.Retailer.ID, Kind: types.RECORD_KIND_DISPUTE_LOST, Value: 100})
	honest, err := f.Credit.Score(f.Ctx, f.Mill.ID)
	require.NoError(t, err)
	require.False(t, honest.InsufficientData, honest.Explanation)

	friends := []string{f.Logistics.ID, f.Lab.ID, "91350900MA2XY0099X"}
	f.Ctx = f.Ctx.WithBlockTime(keepertest.BlockTime.Add(24 * time.Hour))
	for i := range 10_000 {
		write(types.ModuleRecord{Subject: f.Mill.ID, Counterparty: friends[i%3], Kind: types.RECORD_KIND_ORDER_ON_TIME, Value: 1})
	}
	write(types.ModuleRecord{Subject: f.Mill.ID, Counterparty: friends[0], Kind: types.RECORD_KIND_ORDER_ON_TIME, Value: 1 << 62})
	write(types.ModuleRecord{Subject: f.Mill.ID, Counterparty: friends[1], Kind: types.RECORD_KIND_DISPUTE_WON, Value: 1})
	got, err := f.Credit.Score(f.Ctx, f.Mill.ID)
	require.NoError(t, err)
	require.EqualValues(t, 10_006, got.Records, "every record of the window is read")
	require.Equal(t, honest.Grade, got.Grade, got.Explanation)
	require.LessOrEqual(t, got.ScoreBp, honest.ScoreBp, got.Explanation)
	names := map[string]bool{}
	for _, x := range got.Factors {
		names[x.Name] = true
	}
	require.True(t, names["regulatory"] && names["quality"] && names["disputes"], "the penalty, the recall and the lost disputes still count: %s", got.Explanation)
	n := 0
	require.NoError(t, f.Credit.Tallies.Walk(f.Ctx, nil, func(collections.Triple[string, int64, string], types.Tally) (bool, error) { n++; return false, nil }))
	require.LessOrEqual(t, n, 10, "the score reads tallies by day and counterparty, not records")
}

// The keeper's tallies, kept as records are written and voided, give the
// score the records themselves give — and so does a genesis round trip.
func TestTalliesAgreeWithTheRecords(t *testing.T) {
	f := keepertest.NewTrace(t)
	r := rand.New(rand.NewPCG(3, 5))
	kinds := []types.RecordKind{
		types.RECORD_KIND_ORDER_ON_TIME, types.RECORD_KIND_ORDER_LATE, types.RECORD_KIND_ORDER_EXPIRED,
		types.RECORD_KIND_DISPUTE_WON, types.RECORD_KIND_DISPUTE_LOST, types.RECORD_KIND_RECALL_ORIGIN, types.RECORD_KIND_EXCURSION,
	}
	parties := []string{f.Farm.ID, f.Logistics.ID, f.Retailer.ID, f.Lab.ID, "a", "b", "c"}
	var ids []uint64
	for i := range 400 {
		f.Ctx = f.Ctx.WithBlockTime(keepertest.BlockTime.Add(time.Duration(i) * 7 * time.Hour))
		if r.IntN(10) == 0 {
			id, err := file(f, f.Regulator, f.Mill.ID, []types.RecordKind{types.RECORD_KIND_PENALTY, types.RECORD_KIND_COMMENDATION}[r.IntN(2)], uint32(1+r.IntN(5)))
			require.NoError(t, err)
			ids = append(ids, id)
			continue
		}
		id, err := f.Credit.AddModuleRecord(f.Ctx, "service", types.ModuleRecord{
			Subject: f.Mill.ID, Counterparty: parties[r.IntN(len(parties))], Kind: kinds[r.IntN(len(kinds))],
			Value: uint64(r.Int64N(1 << 40)), DaysLate: uint32(r.IntN(100)),
		})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	// Some are appealed and voided, some upheld.
	for _, id := range ids[:60] {
		_, err := f.CreditMsg.Appeal(f.Ctx, &types.MsgAppeal{Signer: f.Mill.Signer(), RecordId: id, Reason: "disputed"})
		require.NoError(t, err)
		_, err = f.CreditMsg.DecideAppeal(f.Ctx, &types.MsgDecideAppeal{Signer: f.Regulator.Signer(), RecordId: id, Uphold: id%2 == 0})
		require.NoError(t, err, "record %d", id)
	}
	gs, err := f.Credit.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	params, err := f.Credit.Params.Get(f.Ctx)
	require.NoError(t, err)
	for _, days := range []int{0, 100, 400} {
		ctx := f.Ctx.WithBlockTime(f.Ctx.BlockTime().Add(time.Duration(days) * 24 * time.Hour))
		got, err := f.Credit.Score(ctx, f.Mill.ID)
		require.NoError(t, err)
		want := types.Compute(f.Mill.ID, gs.Records, params.Formula, ctx.BlockTime().Unix())
		require.Equal(t, want, got, "after %d days", days)

		g := keepertest.NewTrace(t)
		require.NoError(t, g.Credit.InitGenesis(g.Ctx, gs))
		again, err := g.Credit.Score(g.Ctx.WithBlockTime(ctx.BlockTime()), f.Mill.ID)
		require.NoError(t, err)
		require.Equal(t, want, again, "imported, after %d days", days)
	}
}

// Regulators decide only what is theirs to decide: the findings they
// filed themselves, appeals of records others wrote when they are not a
// party, and the restrictions they listed.
func TestRegulatorsDecideOnlyTheirOwn(t *testing.T) {
	f := withBureau(t)
	decide := func(by keepertest.TraceOrg, id uint64) error {
		_, err := f.CreditMsg.DecideAppeal(f.Ctx, &types.MsgDecideAppeal{Signer: by.Signer(), RecordId: id, Uphold: false})
		return err
	}
	appeal := func(id uint64) {
		_, err := f.CreditMsg.Appeal(f.Ctx, &types.MsgAppeal{Signer: f.Mill.Signer(), RecordId: id, Reason: "unfounded"})
		require.NoError(t, err)
	}
	unchanged := func(name string, try func() error, want error) {
		t.Helper()
		before, err := f.Credit.ExportGenesis(f.Ctx)
		require.NoError(t, err)
		require.ErrorIs(t, try(), want, name)
		after, err := f.Credit.ExportGenesis(f.Ctx)
		require.NoError(t, err)
		require.Equal(t, before, after, name)
	}
	penalty, err := file(f, f.Regulator, f.Mill.ID, types.RECORD_KIND_PENALTY, 3)
	require.NoError(t, err)
	appeal(penalty)
	unchanged("the bureau voids the national regulator's penalty", func() error { return decide(bureau, penalty) }, types.ErrNotDecider)
	require.NoError(t, decide(f.Regulator, penalty), "the regulator that filed it reconsiders it")

	inspection, err := file(f, f.Lab, f.Mill.ID, types.RECORD_KIND_INSPECTION_FAIL, 1)
	require.NoError(t, err)
	appeal(inspection)
	require.NoError(t, decide(bureau, inspection), "any regulator decides a certifier's finding")

	recall, err := f.Credit.AddModuleRecord(f.Ctx, "trace", types.ModuleRecord{Subject: f.Mill.ID, Counterparty: bureau.ID, Kind: types.RECORD_KIND_RECALL_ORIGIN})
	require.NoError(t, err)
	appeal(recall)
	unchanged("the bureau decides the appeal of its own recall", func() error { return decide(bureau, recall) }, types.ErrNotDecider)
	require.NoError(t, decide(f.Regulator, recall))

	_, err = f.CreditMsg.Restrict(f.Ctx, &types.MsgRestrict{Signer: f.Regulator.Signer(), OrgId: f.Farm.ID, Reason: "pesticide residue"})
	require.NoError(t, err)
	unchanged("the bureau lifts the national restriction", func() error {
		_, err := f.CreditMsg.LiftRestriction(f.Ctx, &types.MsgLiftRestriction{Signer: bureau.Signer(), OrgId: f.Farm.ID})
		return err
	}, types.ErrNotListedByYou)
	unchanged("the bureau shortens it to an hour", func() error {
		_, err := f.CreditMsg.Restrict(f.Ctx, &types.MsgRestrict{Signer: bureau.Signer(), OrgId: f.Farm.ID, Reason: "x", Expires: keepertest.BlockTime.Add(time.Hour).Unix()})
		return err
	}, types.ErrNotListedByYou)
	_, err = f.CreditMsg.LiftRestriction(f.Ctx, &types.MsgLiftRestriction{Signer: f.Regulator.Signer(), OrgId: f.Farm.ID})
	require.NoError(t, err)
}

// A decision reserved to a regulator falls to the others once that one is
// no longer a regulator in good standing: nothing stays locked.
func TestALapsedRegulatorsDecisionsFallToTheOthers(t *testing.T) {
	f := withBureau(t)
	penalty, err := file(f, f.Regulator, f.Mill.ID, types.RECORD_KIND_PENALTY, 3)
	require.NoError(t, err)
	_, err = f.CreditMsg.Appeal(f.Ctx, &types.MsgAppeal{Signer: f.Mill.Signer(), RecordId: penalty, Reason: "unfounded"})
	require.NoError(t, err)
	_, err = f.CreditMsg.Restrict(f.Ctx, &types.MsgRestrict{Signer: f.Regulator.Signer(), OrgId: f.Farm.ID, Reason: "residue"})
	require.NoError(t, err)
	// The national regulator is suspended.
	_, err = f.Membership.Msg.SuspendOrganization(f.Ctx, &membershiptypes.MsgSuspendOrganization{Authority: f.Authority, OrgId: f.Regulator.ID, Reason: "audit"})
	require.NoError(t, err)
	_, err = f.CreditMsg.DecideAppeal(f.Ctx, &types.MsgDecideAppeal{Signer: bureau.Signer(), RecordId: penalty, Uphold: false})
	require.NoError(t, err, "the bureau decides the appeal the suspended regulator left")
	_, err = f.CreditMsg.LiftRestriction(f.Ctx, &types.MsgLiftRestriction{Signer: bureau.Signer(), OrgId: f.Farm.ID})
	require.NoError(t, err, "and lifts its restriction")
}
