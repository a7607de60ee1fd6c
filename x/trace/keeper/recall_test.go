package keeper_test

import (
	"fmt"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/trace/types"
)

const (
	breadLot1   = "urn:epc:class:lgtin:6902345.077777.B1"
	breadLot2   = "urn:epc:class:lgtin:6902345.077777.B2"
	breadPallet = "urn:epc:id:sscc:6902345.0000000101"
	shipment1   = "urn:epc:id:sscc:6902345.0000000201"
	shipment2   = "urn:epc:id:sscc:6902345.0000000202"
)

// bakeryStory: wheat → flour → bread → pallets → shipments; shipment1 is
// at the retailer, shipment2 on its way there. wheatLot2 is unrelated.
func bakeryStory(t *testing.T) *story {
	s := newStory(t)
	s.capture(s.Farm, s.harvest(wheatLot2, "50"))
	s.milledAndPacked() // flour 1 and 2 on pallet1
	s.capture(s.Mill,
		s.ev("AggregationEvent", "DELETE").BizStep("unpacking").Parent(pallet1),
		s.ev("TransformationEvent", "").BizStep("commissioning").InputQty(qty(flourLot1, "400")).OutputQty(qty(breadLot1, "500")),
		s.ev("TransformationEvent", "").BizStep("commissioning").InputQty(qty(flourLot2, "400")).OutputQty(qty(breadLot2, "500")),
		s.pack(breadPallet, breadLot1),
		s.pack(pallet2, breadLot2),
		s.ev("AggregationEvent", "ADD").BizStep("loading").Parent(shipment1).Children(breadPallet),
		s.ev("AggregationEvent", "ADD").BizStep("loading").Parent(shipment2).Children(pallet2),
		s.shipTo(s.Mill, s.Retailer, true).EPCs(shipment1, shipment2),
	)
	s.capture(s.Retailer, s.receiveAt(s.Retailer).EPCs(shipment1))
	return s
}

// descendants answers independently of the recall code: the genealogy
// query walked downward.
func (s *story) descendants(id string) []string {
	s.t.Helper()
	g, err := s.Query.Genealogy(s.Ctx, &types.QueryGenealogyRequest{Id: id, Direction: types.GENEALOGY_DIRECTION_DOWN})
	require.NoError(s.t, err)
	require.False(s.t, g.Truncated)
	out := make([]string, 0, len(g.Nodes))
	for _, n := range g.Nodes {
		out = append(out, n.Object.Id)
	}
	return out
}

func (s *story) affected(recallID uint64) []string {
	s.t.Helper()
	resp, err := s.Query.RecallAffected(s.Ctx, &types.QueryRecallAffectedRequest{RecallId: recallID})
	require.NoError(s.t, err)
	return resp.ObjectIds
}

func TestRecallReachesEveryDescendant(t *testing.T) {
	s := bakeryStory(t)
	want := s.descendants(wheatLot)
	require.Len(t, want, 10) // wheat, 2 flour, pallet1 (held flour once), 2 bread, 2 pallets, 2 shipments

	id := s.recall(s.Regulator, wheatLot)
	s.EndBlock(t)
	r, err := s.Query.Recall(s.Ctx, &types.QueryRecallRequest{RecallId: id})
	require.NoError(t, err)
	require.Equal(t, types.RECALL_STATE_COMPLETE, r.Recall.State)

	// pallet1 held the flour once but was emptied before the recall: it
	// is in the genealogy and not recalled.
	emptied := canonical(t, pallet1)
	var wantRecalled []string
	for _, d := range want {
		if d != emptied {
			wantRecalled = append(wantRecalled, d)
		}
	}
	require.ElementsMatch(t, wantRecalled, s.affected(id))
	require.EqualValues(t, len(wantRecalled), r.Recall.AffectedCount)
	for _, d := range wantRecalled {
		require.Equal(t, id, s.Object(t, d).RecallId, d)
	}
	require.Zero(t, s.Object(t, pallet1).RecallId)
	require.Zero(t, s.Object(t, wheatLot2).RecallId)

	// Nothing recalled moves: not the shipment at the retailer, not a lot
	// in it, not the pallet inside.
	_, err = s.Capture(s.Retailer.Signer(), epcisbuild.Document(s.shipTo(s.Retailer, s.Mill, true).EPCs(shipment1)))
	require.ErrorIs(t, err, types.ErrObjectRecalled)
	_, err = s.Capture(s.Retailer.Signer(), epcisbuild.Document(s.ev("ObjectEvent", "OBSERVE").BizStep("retail_selling").Qty(qty(breadLot1, ""))))
	require.ErrorIs(t, err, types.ErrObjectRecalled)
	// The shipment on its way may still be received, so that somebody holds it.
	s.capture(s.Retailer, s.receiveAt(s.Retailer).EPCs(shipment2))
	// Recalled goods may be destroyed.
	s.capture(s.Retailer, s.ev("AggregationEvent", "DELETE").Parent(shipment2))
	s.capture(s.Retailer, s.ev("AggregationEvent", "DELETE").Parent(pallet2))
	s.capture(s.Retailer, s.ev("ObjectEvent", "DELETE").BizStep("destroying").Qty(qty(breadLot2, "")))

	// Holders: the mill (wheat, flour it owned) and the retailer.
	holders, err := s.Query.RecallHolders(s.Ctx, &types.QueryRecallHoldersRequest{RecallId: id})
	require.NoError(t, err)
	var orgs []string
	for _, h := range holders.Holders {
		orgs = append(orgs, h.OrgId)
		require.Nil(t, h.Acknowledgement)
	}
	require.ElementsMatch(t, []string{keepertest.MillOrg, keepertest.RetailerOrg}, orgs)

	// Acknowledgements: holders once each; others are refused.
	_, err = s.Msg.AcknowledgeRecall(s.Ctx, &types.MsgAcknowledgeRecall{Signer: s.Retailer.Signer(), RecallId: id, Note: "pulled from shelves"})
	require.NoError(t, err)
	_, err = s.Msg.AcknowledgeRecall(s.Ctx, &types.MsgAcknowledgeRecall{Signer: s.Retailer.Signer(), RecallId: id})
	require.ErrorIs(t, err, types.ErrAlreadyAcknowledged)
	_, err = s.Msg.AcknowledgeRecall(s.Ctx, &types.MsgAcknowledgeRecall{Signer: s.Logistics.Signer(), RecallId: id})
	require.ErrorIs(t, err, types.ErrNotRecallHolder)
	_, err = s.Msg.AcknowledgeRecall(s.Ctx, &types.MsgAcknowledgeRecall{Signer: s.Mill.Signer(), RecallId: 99})
	require.ErrorIs(t, err, types.ErrRecallNotFound)
	holders, err = s.Query.RecallHolders(s.Ctx, &types.QueryRecallHoldersRequest{RecallId: id})
	require.NoError(t, err)
	for _, h := range holders.Holders {
		if h.OrgId == keepertest.RetailerOrg {
			require.NotNil(t, h.Acknowledgement)
			require.Equal(t, "pulled from shelves", h.Acknowledgement.Note)
		} else {
			require.Nil(t, h.Acknowledgement)
		}
	}
	r, err = s.Query.Recall(s.Ctx, &types.QueryRecallRequest{RecallId: id})
	require.NoError(t, err)
	require.EqualValues(t, 1, r.Recall.AcknowledgedCount)
	require.EqualValues(t, 2, r.Recall.HolderCount)
}

func TestRecallInitiators(t *testing.T) {
	s := bakeryStory(t)
	cases := []struct {
		name string
		org  keepertest.TraceOrg
		id   string
		err  error
	}{
		{"a firm that neither owns nor branded it", s.Logistics, flourLot1, types.ErrNotRecallInitiator},
		{"the retailer, owner of the bread pallet", s.Retailer, breadPallet, nil},
		{"the farm, brand owner of wheat it sold", s.Farm, wheatLot, nil},
		{"the same wheat again", s.Regulator, wheatLot, types.ErrAlreadyRecalled},
		{"an object never commissioned", s.Regulator, "urn:epc:class:lgtin:6901234.012345.NOPE", types.ErrObjectNotFound},
		{"not an identifier", s.Regulator, "wheat", types.ErrInvalidIdentifier},
		{"a certifier", s.Lab, wheatLot2, nil},
	}
	for _, tc := range cases {
		_, err := s.Msg.RecallLot(s.Ctx, &types.MsgRecallLot{Signer: tc.org.Signer(), ObjectId: tc.id, Reason: "salmonella"})
		if tc.err == nil && tc.org.ID == keepertest.LabOrg {
			// Certifiers record provenance but only owners, brand owners and regulators recall.
			require.ErrorIs(t, err, types.ErrNotRecallInitiator, tc.name)
			continue
		}
		if tc.err == nil {
			require.NoError(t, err, tc.name)
		} else {
			require.ErrorIs(t, err, tc.err, tc.name)
		}
	}
	_, err := s.Msg.RecallLot(s.Ctx, &types.MsgRecallLot{Signer: s.Regulator.Signer(), ObjectId: wheatLot2})
	require.ErrorIs(t, err, types.ErrInvalidEvent, "a recall gives its reason")
}

// Until propagation reaches an object, the ancestry check stops it moving.
func TestRecallStopsGoodsBeforePropagationReachesThem(t *testing.T) {
	s := bakeryStory(t)
	s.recall(s.Regulator, wheatLot) // marks the wheat only; EndBlock has not run
	require.Zero(t, s.Object(t, shipment1).RecallId)
	_, err := s.Capture(s.Retailer.Signer(), epcisbuild.Document(s.shipTo(s.Retailer, s.Mill, true).EPCs(shipment1)))
	require.ErrorIs(t, err, types.ErrObjectRecalled)
	require.Contains(t, err.Error(), "derives from")
}

// An object with more ancestors than the check walks is held until the
// recall completes, rather than let through unchecked.
func TestRecallInProgressHoldsDeepAncestries(t *testing.T) {
	s := newStory(t)
	// 1,200 lots blended in two halves, then the halves into the flour:
	// more ancestors than the check walks.
	var halves []epcisbuild.Quantity
	for h := range 2 {
		lots := make([]epcisbuild.Quantity, 0, 600)
		for i := range 600 {
			lots = append(lots, qty(fmt.Sprintf("urn:epc:class:lgtin:6902345.054321.IN%d-%d", h, i), "1"))
		}
		half := qty(fmt.Sprintf("urn:epc:class:lgtin:6902345.054321.HALF%d", h), "600")
		s.capture(s.Mill, s.ev("ObjectEvent", "ADD").BizStep("commissioning").Qty(lots...))
		s.capture(s.Mill, s.ev("TransformationEvent", "").InputQty(lots...).OutputQty(half))
		halves = append(halves, half)
	}
	s.capture(s.Mill, s.ev("TransformationEvent", "").InputQty(halves...).OutputQty(qty(flourLot1, "1200")))
	s.capture(s.Farm, s.harvest(wheatLot2, "5"))
	s.recall(s.Farm, wheatLot2) // unrelated, still propagating
	_, err := s.Capture(s.Mill.Signer(), epcisbuild.Document(s.shipTo(s.Mill, s.Retailer, true).Qty(qty(flourLot1, ""))))
	require.ErrorIs(t, err, types.ErrRecallInProgress)
	s.EndBlock(t)
	s.capture(s.Mill, s.shipTo(s.Mill, s.Retailer, true).Qty(qty(flourLot1, "")))
}

// A recall reaching ~6,000 objects completes over several blocks, and no
// block marks more than the per-block bound.
func TestRecallOfThousandsIsSpreadOverBlocks(t *testing.T) {
	s := newStory(t)
	s.toMill()
	const batches, perBatch = 6, 999
	var all []string
	for b := range batches {
		outs := make([]epcisbuild.Quantity, 0, perBatch)
		for i := range perBatch {
			outs = append(outs, epcisbuild.Quantity{Class: fmt.Sprintf("urn:epc:class:lgtin:6902345.054321.B%dF%d", b, i)})
			all = append(all, outs[i].Class)
		}
		s.capture(s.Mill, s.ev("TransformationEvent", "").InputQty(qty(wheatLot, "100")).OutputQty(outs...))
		s.Commit()
	}
	params, err := s.Keeper.Params.Get(s.Ctx)
	require.NoError(t, err)
	bound := uint64(params.RecallWorkPerBlock)

	id := s.recall(s.Regulator, wheatLot)
	blocks := 0
	for ; blocks < 100; blocks++ {
		em := s.Ctx.EventManager()
		require.NoError(t, s.Keeper.PropagateRecalls(s.Ctx))
		progress := recallProgress(t, em)
		require.Len(t, progress, 1)
		require.LessOrEqual(t, progress[0].Marked, bound, "block %d", blocks)
		if progress[0].Complete {
			break
		}
		// Mid-recall, a flour lot not yet reached still cannot move.
		if blocks == 2 {
			_, err := s.Capture(s.Mill.Signer(), epcisbuild.Document(s.shipTo(s.Mill, s.Retailer, true).Qty(qty(all[len(all)-1], ""))))
			require.ErrorIs(t, err, types.ErrObjectRecalled)
		}
		s.Commit()
	}
	require.GreaterOrEqual(t, blocks+1, batches*perBatch/int(bound), "the recall spread over several blocks")
	r, err := s.Query.Recall(s.Ctx, &types.QueryRecallRequest{RecallId: id})
	require.NoError(t, err)
	require.Equal(t, types.RECALL_STATE_COMPLETE, r.Recall.State)
	require.EqualValues(t, 1+batches*perBatch, r.Recall.AffectedCount)
	for _, lot := range all {
		require.Equal(t, id, s.Object(t, lot).RecallId, lot)
	}
	active, err := s.Keeper.ActiveRecalls.Has(s.Ctx, id)
	require.NoError(t, err)
	require.False(t, active)
}

func recallProgress(t *testing.T, em *sdk.EventManager) []types.EventRecallProgress {
	t.Helper()
	var out []types.EventRecallProgress
	for _, e := range em.Events() {
		if e.Type != "tracechain.trace.v1.EventRecallProgress" {
			continue
		}
		msg, err := sdk.ParseTypedEvent(abciEvent(e))
		require.NoError(t, err)
		out = append(out, *msg.(*types.EventRecallProgress))
	}
	return out
}

func abciEvent(e sdk.Event) abci.Event { return abci.Event(e) }
