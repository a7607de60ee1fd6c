package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/trace/types"
)

// declare repeats an event with an errorDeclaration, as EPCIS does.
func declare(ev epcisbuild.Event, reason string, corrective ...string) epcisbuild.Event {
	d := epcisbuild.Event{}
	for k, v := range ev {
		d[k] = v
	}
	decl := map[string]any{"declarationTime": "2026-03-01T09:00:00.000Z", "reason": reason}
	if len(corrective) > 0 {
		decl["correctiveEventIDs"] = corrective
	}
	d["errorDeclaration"] = decl
	return d
}

func (s *story) declaration(id string) *types.ErrorDeclaration {
	s.t.Helper()
	rec, err := s.Query.Event(s.Ctx, &types.QueryEventRequest{EventId: id})
	require.NoError(s.t, err)
	return rec.Event.ErrorDeclaration
}

// A shipment to the wrong organization, declared erroneous, is undone;
// the corrective shipment then goes to the right one.
func TestDeclaringAShipmentErroneousUndoesIt(t *testing.T) {
	s := newStory(t)
	s.capture(s.Farm, s.harvest(wheatLot, "1000"))
	before := s.Object(t, wheatLot)
	wrong := s.shipTo(s.Farm, s.Retailer, true).Qty(qty(wheatLot, ""))
	ids := s.capture(s.Farm, wrong)
	right := s.shipTo(s.Farm, s.Mill, true).Qty(qty(wheatLot, ""))
	s.capture(s.Farm, declare(wrong, "incorrect_data"), right)

	require.True(t, s.declaration(ids[0]).Reverted)
	shipped, err := s.Query.Object(s.Ctx, &types.QueryObjectRequest{Id: wheatLot})
	require.NoError(t, err)
	require.Equal(t, keepertest.MillOrg, shipped.Shipment.ToOrgId)
	_, err = s.Capture(s.Retailer.Signer(), epcisbuild.Document(s.receiveAt(s.Retailer).Qty(qty(wheatLot, ""))))
	require.ErrorIs(t, err, types.ErrNoMatchingShipment)
	s.capture(s.Mill, s.receiveAt(s.Mill).Qty(qty(wheatLot, "")))
	require.Equal(t, keepertest.MillOrg, s.Object(t, wheatLot).OwnerOrgId)
	require.Equal(t, before.CommissionEventId, s.Object(t, wheatLot).CommissionEventId)
}

// Undoing a transformation gives the inputs back and removes the outputs
// and their genealogy.
func TestDeclaringATransformationErroneousUndoesIt(t *testing.T) {
	s := newStory(t)
	s.toMill()
	milling := s.mill(wheatLot, "800", flourLot1, flourLot2)
	ids := s.capture(s.Mill, milling)
	s.capture(s.Mill, declare(milling, "did_not_occur"))
	require.True(t, s.declaration(ids[0]).Reverted)
	wheat := s.Object(t, wheatLot)
	require.Equal(t, "1000", wheat.Quantity)
	require.Equal(t, types.OBJECT_STATUS_ACTIVE, wheat.Status)
	_, err := s.Query.Object(s.Ctx, &types.QueryObjectRequest{Id: flourLot1})
	require.Error(t, err)
	g, err := s.Query.Genealogy(s.Ctx, &types.QueryGenealogyRequest{Id: wheatLot, Direction: types.GENEALOGY_DIRECTION_DOWN})
	require.NoError(t, err)
	require.Len(t, g.Nodes, 1)
	// The real milling can now be recorded with the same lot numbers.
	s.capture(s.Mill, s.mill(wheatLot, "500", flourLot1))
	require.Equal(t, "500", s.Object(t, wheatLot).Quantity)
}

func TestDeclaringPackingAndAssociationErroneousUndoesThem(t *testing.T) {
	s := newStory(t)
	s.milledAndPacked()
	pack := s.pack(pallet2, flourLot1)
	s.capture(s.Mill, s.ev("AggregationEvent", "DELETE").Parent(pallet1).ChildQty(epcisbuild.Quantity{Class: flourLot1}))
	s.capture(s.Mill, pack)
	s.capture(s.Mill, declare(pack, "incorrect_data"))
	require.Empty(t, s.Object(t, flourLot1).ContainerId)
	_, err := s.Query.Object(s.Ctx, &types.QueryObjectRequest{Id: pallet2})
	require.Error(t, err, "the pallet the packing created is gone")

	s.capture(s.Farm, s.ev("ObjectEvent", "ADD").EPCs(melon1))
	assoc := s.ev("AssociationEvent", "ADD").Parent(sensor).Children(melon1)
	s.capture(s.Farm, assoc)
	s.capture(s.Farm, declare(assoc, "did_not_occur"))
	open, err := s.Keeper.OpenAssociations.Has(s.Ctx, joinPair(canonical(t, sensor), canonical(t, melon1)))
	require.NoError(t, err)
	require.False(t, open)
	// And it can be made again.
	s.capture(s.Farm, s.ev("AssociationEvent", "ADD").Parent(sensor).Children(melon1))
}

// Once a later event changed its objects, or a recall reached them, an
// event is only flagged: the state it led to stays.
func TestDeclarationsThatCannotUndo(t *testing.T) {
	s := newStory(t)
	harvest := s.harvest(wheatLot, "1000")
	ids := s.capture(s.Farm, harvest)
	s.capture(s.Farm, s.ev("ObjectEvent", "OBSERVE").BizStep("cooling").Qty(qty(wheatLot, "")))
	s.capture(s.Farm, declare(harvest, "incorrect_data"))
	require.False(t, s.declaration(ids[0]).Reverted)
	require.Equal(t, "1000", s.Object(t, wheatLot).Quantity)

	harvest2 := s.harvest(wheatLot2, "10")
	ids = s.capture(s.Farm, harvest2)
	s.recall(s.Farm, wheatLot2)
	s.capture(s.Farm, declare(harvest2, "incorrect_data"))
	require.False(t, s.declaration(ids[0]).Reverted)
	require.NotZero(t, s.Object(t, wheatLot2).RecallId)
}
