package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/credit/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

func file(f *keepertest.Trace, by keepertest.TraceOrg, subject string, kind types.RecordKind, weight uint32) (uint64, error) {
	resp, err := f.CreditMsg.FileRecord(f.Ctx, &types.MsgFileRecord{
		Signer: by.Signer(), SubjectOrgId: subject, Kind: kind, Weight: weight, Evidence: []string{"REPORT-1"}, Note: "n",
	})
	if err != nil {
		return 0, err
	}
	return resp.RecordId, nil
}

func TestFileRecordWhoMayWriteWhat(t *testing.T) {
	f := keepertest.NewTrace(t)
	cases := []struct {
		name string
		by   keepertest.TraceOrg
		subj string
		kind types.RecordKind
		w    uint32
		want error
	}{
		{"a certifier records an inspection", f.Lab, f.Mill.ID, types.RECORD_KIND_INSPECTION_PASS, 1, nil},
		{"a regulator records a penalty", f.Regulator, f.Mill.ID, types.RECORD_KIND_PENALTY, 3, nil},
		{"a regulator commends", f.Regulator, f.Farm.ID, types.RECORD_KIND_COMMENDATION, 1, nil},
		{"a certifier may not penalise", f.Lab, f.Mill.ID, types.RECORD_KIND_PENALTY, 1, membershiptypes.ErrRoleNotAllowed},
		{"an enterprise may not inspect", f.Farm, f.Mill.ID, types.RECORD_KIND_INSPECTION_FAIL, 1, membershiptypes.ErrRoleNotAllowed},
		{"nobody writes about itself", f.Regulator, f.Regulator.ID, types.RECORD_KIND_COMMENDATION, 1, types.ErrSelfRecord},
		{"order records come from orders", f.Regulator, f.Mill.ID, types.RECORD_KIND_ORDER_ON_TIME, 1, types.ErrNotAllowed},
		{"recalls come from recalls", f.Regulator, f.Mill.ID, types.RECORD_KIND_RECALL_ORIGIN, 1, types.ErrNotAllowed},
		{"severity 0", f.Regulator, f.Mill.ID, types.RECORD_KIND_PENALTY, 0, types.ErrInvalidRecord},
		{"severity 11", f.Regulator, f.Mill.ID, types.RECORD_KIND_PENALTY, 11, types.ErrInvalidRecord},
		{"unknown subject", f.Regulator, "91350999MA2XY0099X", types.RECORD_KIND_PENALTY, 1, membershiptypes.ErrOrgNotFound},
	}
	for _, c := range cases {
		before, err := f.Credit.ExportGenesis(f.Ctx)
		require.NoError(t, err)
		id, err := file(f, c.by, c.subj, c.kind, c.w)
		if c.want == nil {
			require.NoError(t, err, c.name)
			rec, err := f.CreditQuery.Record(f.Ctx, &types.QueryRecordRequest{RecordId: id})
			require.NoError(t, err)
			require.Equal(t, c.by.ID, rec.Record.CounterpartyOrgId)
			require.Equal(t, c.by.Signer(), rec.Record.WrittenBy)
			continue
		}
		require.ErrorIs(t, err, c.want, c.name)
		after, err := f.Credit.ExportGenesis(f.Ctx)
		require.NoError(t, err)
		require.Equal(t, before, after, "%s: nothing written", c.name)
	}
}

func TestAppealUpheldOrVoided(t *testing.T) {
	f := keepertest.NewTrace(t)
	fail, err := file(f, f.Lab, f.Mill.ID, types.RECORD_KIND_INSPECTION_FAIL, 2)
	require.NoError(t, err)
	appeal := func(by keepertest.TraceOrg, id uint64) error {
		_, err := f.CreditMsg.Appeal(f.Ctx, &types.MsgAppeal{Signer: by.Signer(), RecordId: id, Reason: "sample was mislabelled"})
		return err
	}
	decide := func(by keepertest.TraceOrg, id uint64, uphold bool) error {
		_, err := f.CreditMsg.DecideAppeal(f.Ctx, &types.MsgDecideAppeal{Signer: by.Signer(), RecordId: id, Uphold: uphold})
		return err
	}
	require.ErrorIs(t, appeal(f.Farm, fail), types.ErrInvalidAppeal, "only the subject appeals")
	require.ErrorIs(t, decide(f.Regulator, fail, false), types.ErrInvalidAppeal, "nothing to decide yet")
	require.NoError(t, appeal(f.Mill, fail))
	require.ErrorIs(t, appeal(f.Mill, fail), types.ErrInvalidAppeal, "once")
	require.ErrorIs(t, decide(f.Lab, fail, false), membershiptypes.ErrRoleNotAllowed, "regulators decide")
	require.NoError(t, decide(f.Regulator, fail, false))
	rec, err := f.Credit.Records.Get(f.Ctx, fail)
	require.NoError(t, err)
	require.Equal(t, types.RECORD_STATUS_VOIDED, rec.Status)

	pass, err := file(f, f.Lab, f.Mill.ID, types.RECORD_KIND_INSPECTION_PASS, 1)
	require.NoError(t, err)
	require.NoError(t, appeal(f.Mill, pass))
	require.NoError(t, decide(f.Regulator, pass, true))
	rec, err = f.Credit.Records.Get(f.Ctx, pass)
	require.NoError(t, err)
	require.Equal(t, types.RECORD_STATUS_ACTIVE, rec.Status)
}

// A regulator's restriction stops new lots until it is lifted or expires.
func TestRestrictedOrgCommissionsNothing(t *testing.T) {
	f := keepertest.NewTrace(t)
	clock := epcisbuild.NewClock(keepertest.BlockTime.Add(-time.Hour))
	harvest := func(lot string) error {
		_, err := f.Capture(f.Farm.Signer(), epcisbuild.Document(clock.New("ObjectEvent", "ADD").BizStep("harvesting").
			Qty(epcisbuild.Quantity{Class: "urn:epc:class:lgtin:" + keepertest.FarmPrefix + ".012345." + lot, Amount: "10", UOM: "KGM"})))
		return err
	}
	restrict := func(expires int64) error {
		_, err := f.CreditMsg.Restrict(f.Ctx, &types.MsgRestrict{Signer: f.Regulator.Signer(), OrgId: f.Farm.ID, Reason: "pesticide residue", Expires: expires})
		return err
	}
	require.NoError(t, harvest("L1"))
	require.ErrorIs(t, restrict(keepertest.BlockTime.Unix()-1), types.ErrInvalidRestriction, "already expired")
	_, err := f.CreditMsg.Restrict(f.Ctx, &types.MsgRestrict{Signer: f.Lab.Signer(), OrgId: f.Farm.ID, Reason: "x"})
	require.ErrorIs(t, err, membershiptypes.ErrRoleNotAllowed, "regulators keep the list")
	require.NoError(t, restrict(0))
	err = harvest("L2")
	require.ErrorIs(t, err, types.ErrOrgRestricted)
	require.ErrorContains(t, err, "pesticide residue")
	require.ErrorContains(t, err, "event 0 (ObjectEvent)")
	_, err = f.CreditMsg.LiftRestriction(f.Ctx, &types.MsgLiftRestriction{Signer: f.Regulator.Signer(), OrgId: f.Farm.ID})
	require.NoError(t, err)
	require.NoError(t, harvest("L2"))

	// With an expiry: in force until then, not after.
	require.NoError(t, restrict(keepertest.BlockTime.Add(time.Hour).Unix()))
	require.ErrorIs(t, harvest("L3"), types.ErrOrgRestricted)
	f.Ctx = f.Ctx.WithBlockTime(keepertest.BlockTime.Add(2 * time.Hour))
	require.NoError(t, harvest("L3"))
	x, err := f.CreditQuery.Restriction(f.Ctx, &types.QueryRestrictionRequest{OrgId: f.Farm.ID})
	require.NoError(t, err)
	require.False(t, x.InForce)
}

// A recall writes a record against the lot's brand owner, and the score
// explains it.
func TestRecallWritesRecallOriginAndScoreExplainsIt(t *testing.T) {
	f := keepertest.NewTrace(t)
	clock := epcisbuild.NewClock(keepertest.BlockTime.Add(-time.Hour))
	lot := "urn:epc:class:lgtin:" + keepertest.FarmPrefix + ".012345.R1"
	f.MustCapture(t, f.Farm, epcisbuild.Document(clock.New("ObjectEvent", "ADD").BizStep("harvesting").
		Qty(epcisbuild.Quantity{Class: lot, Amount: "10", UOM: "KGM"})))
	_, err := f.Msg.RecallLot(f.Ctx, &tracetypes.MsgRecallLot{Signer: f.Regulator.Signer(), ObjectId: lot, Reason: "aflatoxin"})
	require.NoError(t, err)
	records, err := f.CreditQuery.Records(f.Ctx, &types.QueryRecordsRequest{OrgId: f.Farm.ID})
	require.NoError(t, err)
	require.Len(t, records.Records, 1)
	r := records.Records[0]
	require.Equal(t, types.RECORD_KIND_RECALL_ORIGIN, r.Kind)
	require.Equal(t, f.Regulator.ID, r.CounterpartyOrgId)
	require.Equal(t, tracetypes.ModuleName, r.WrittenBy)

	score, err := f.CreditQuery.Score(f.Ctx, &types.QueryScoreRequest{OrgId: f.Farm.ID})
	require.NoError(t, err)
	require.True(t, score.Score.InsufficientData, "one record")
	_, err = file(f, f.Lab, f.Farm.ID, types.RECORD_KIND_INSPECTION_PASS, 1)
	require.NoError(t, err)
	_, err = file(f, f.Lab, f.Farm.ID, types.RECORD_KIND_INSPECTION_PASS, 1)
	require.NoError(t, err)
	score, err = f.CreditQuery.Score(f.Ctx, &types.QueryScoreRequest{OrgId: f.Farm.ID})
	require.NoError(t, err)
	s := score.Score
	require.False(t, s.InsufficientData, s.Explanation)
	// Quality: 2 passes against a recall origin weighing 5: 2/7 of 100.
	require.Len(t, s.Factors, 1)
	require.EqualValues(t, 2857, s.Factors[0].ScoreBp)
	require.EqualValues(t, 28, s.Score)
	require.Equal(t, "CC", s.Grade)
	require.Contains(t, s.Explanation, "quality 28.57 x 25/25 = 28.57 (3 records)")
}

func TestParamsNeedANewFormulaVersion(t *testing.T) {
	f := keepertest.NewTrace(t)
	p := types.DefaultParams()
	p.Formula.QualityWeight = 50
	_, err := f.CreditMsg.UpdateParams(f.Ctx, &types.MsgUpdateParams{Authority: f.Authority, Params: p})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	p.Formula.Version++
	_, err = f.CreditMsg.UpdateParams(f.Ctx, &types.MsgUpdateParams{Authority: f.Authority, Params: p})
	require.NoError(t, err)
	_, err = f.CreditMsg.UpdateParams(f.Ctx, &types.MsgUpdateParams{Authority: f.Regulator.Signer(), Params: p})
	require.Error(t, err)
}

func TestGenesisRoundTrip(t *testing.T) {
	f := keepertest.NewTrace(t)
	_, err := file(f, f.Lab, f.Mill.ID, types.RECORD_KIND_INSPECTION_PASS, 1)
	require.NoError(t, err)
	_, err = f.CreditMsg.Restrict(f.Ctx, &types.MsgRestrict{Signer: f.Regulator.Signer(), OrgId: f.Farm.ID, Reason: "r"})
	require.NoError(t, err)
	gs, err := f.Credit.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate())
	g := keepertest.NewTrace(t)
	require.NoError(t, g.Credit.InitGenesis(g.Ctx, gs))
	again, err := g.Credit.ExportGenesis(g.Ctx)
	require.NoError(t, err)
	require.Equal(t, gs, again)
}
