package keeper_test

import (
	"strings"
	"testing"
	"time"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

// Identifiers of the test story: the farm's wheat, the mill's flour and
// pallets. EPC URNs; the chain stores the Digital Link form.
const (
	wheatLot  = "urn:epc:class:lgtin:6901234.012345.W2026A"
	wheatLot2 = "urn:epc:class:lgtin:6901234.012345.W2026B"
	flourLot1 = "urn:epc:class:lgtin:6902345.054321.F1"
	flourLot2 = "urn:epc:class:lgtin:6902345.054321.F2"
	pallet1   = "urn:epc:id:sscc:6902345.0000000001"
	pallet2   = "urn:epc:id:sscc:6902345.0000000002"
	truckUnit = "urn:epc:id:sscc:6902345.0000000009"
	melon1    = "urn:epc:id:sgtin:6901234.054321.1001"
	melon2    = "urn:epc:id:sgtin:6901234.054321.1002"
	sensor    = "urn:epc:id:giai:6901234.COLDROOM1-TEMP"
	truckTemp = "urn:epc:id:giai:6903456.TRUCK7-TEMP"
)

func canonical(t testing.TB, id string) string {
	t.Helper()
	o, ok := gs1.Canonical(id)
	require.True(t, ok, id)
	return o
}

// story is a consortium with a clock for its events.
type story struct {
	*keepertest.Trace
	t     *testing.T
	clock *epcisbuild.Clock
}

func newStory(t *testing.T) *story {
	return &story{Trace: keepertest.NewTrace(t), t: t, clock: epcisbuild.NewClock(keepertest.BlockTime.Add(-48 * time.Hour))}
}

func (s *story) ev(eventType, action string) epcisbuild.Event { return s.clock.New(eventType, action) }

func (s *story) capture(org keepertest.TraceOrg, events ...epcisbuild.Event) []string {
	s.t.Helper()
	return s.MustCapture(s.t, org, epcisbuild.Document(events...))
}

func qty(class, amount string) epcisbuild.Quantity {
	return epcisbuild.Quantity{Class: class, Amount: amount, UOM: "KGM"}
}

// Story steps, each one event.
func (s *story) harvest(lot, kg string) epcisbuild.Event {
	return s.ev("ObjectEvent", "ADD").BizStep("harvesting").Disposition("active").At(s.Farm.Site()).Qty(qty(lot, kg)).
		ILMD(map[string]any{"cbvmda:harvestStartDate": "2026-02-27", "cbvmda:countryOfOrigin": "CN"})
}

func (s *story) shipTo(from, to keepertest.TraceOrg, withOwnership bool) epcisbuild.Event {
	owner := ""
	if withOwnership {
		owner = to.Party()
	}
	return s.ev("ObjectEvent", "OBSERVE").BizStep("shipping").At(from.Site()).From(from.Party()).ShipTo(to.Party(), owner)
}

func (s *story) receiveAt(org keepertest.TraceOrg) epcisbuild.Event {
	return s.ev("ObjectEvent", "OBSERVE").BizStep("receiving").At(org.Site())
}

func (s *story) mill(wheat, kg string, flours ...string) epcisbuild.Event {
	outs := make([]epcisbuild.Quantity, 0, len(flours))
	for _, f := range flours {
		outs = append(outs, qty(f, "400"))
	}
	return s.ev("TransformationEvent", "").BizStep("commissioning").At(s.Mill.Site()).InputQty(qty(wheat, kg)).OutputQty(outs...)
}

func (s *story) pack(parent string, lots ...string) epcisbuild.Event {
	qs := make([]epcisbuild.Quantity, 0, len(lots))
	for _, l := range lots {
		qs = append(qs, epcisbuild.Quantity{Class: l})
	}
	return s.ev("AggregationEvent", "ADD").BizStep("packing").At(s.Mill.Site()).Parent(parent).ChildQty(qs...)
}

// toMill: harvested wheat is at the mill, owned by it.
func (s *story) toMill() {
	s.capture(s.Farm, s.harvest(wheatLot, "1000"), s.shipTo(s.Farm, s.Mill, true).Qty(qty(wheatLot, "1000")))
	s.capture(s.Mill, s.receiveAt(s.Mill).Qty(qty(wheatLot, "")))
}

// milledAndPacked: the mill has made flour and packed it on pallet1.
func (s *story) milledAndPacked() {
	s.toMill()
	s.capture(s.Mill, s.mill(wheatLot, "800", flourLot1, flourLot2), s.pack(pallet1, flourLot1, flourLot2))
}

func TestStoryFromFieldToShelf(t *testing.T) {
	s := newStory(t)
	s.capture(s.Farm, s.harvest(wheatLot, "1000"))
	wheat := s.Object(t, wheatLot)
	require.Equal(t, "https://id.gs1.org/01/06901234123456/10/W2026A", wheat.Id)
	require.Equal(t, types.OBJECT_KIND_LOT, wheat.Kind)
	require.Equal(t, "06901234123456", wheat.Gtin)
	require.Equal(t, keepertest.FarmOrg, wheat.OwnerOrgId)
	require.Equal(t, keepertest.FarmOrg, wheat.CustodianOrgId)
	require.Equal(t, "1000", wheat.Quantity)
	require.Equal(t, "KGM", wheat.Uom)
	require.Equal(t, "active", wheat.Disposition)
	require.Equal(t, canonical(t, s.Farm.Site()), wheat.Location)

	// Shipping moves nothing until the mill receives; then custody and ownership move.
	s.capture(s.Farm, s.shipTo(s.Farm, s.Mill, true).Qty(qty(wheatLot, "1000")))
	shipped, err := s.Query.Object(s.Ctx, &types.QueryObjectRequest{Id: wheatLot})
	require.NoError(t, err)
	require.Equal(t, keepertest.FarmOrg, shipped.Object.CustodianOrgId)
	require.Equal(t, "in_transit", shipped.Object.Disposition)
	require.NotNil(t, shipped.Shipment)
	require.Equal(t, keepertest.MillOrg, shipped.Shipment.ToOrgId)
	s.capture(s.Mill, s.receiveAt(s.Mill).Qty(qty(wheatLot, "")))
	wheat = s.Object(t, wheatLot)
	require.Equal(t, keepertest.MillOrg, wheat.OwnerOrgId)
	require.Equal(t, keepertest.MillOrg, wheat.CustodianOrgId)
	require.Equal(t, canonical(t, s.Mill.Site()), wheat.Location)

	// Milling 800 kg leaves 200 kg of wheat and makes two flour lots.
	s.capture(s.Mill, s.mill(wheatLot, "800", flourLot1, flourLot2))
	wheat = s.Object(t, wheatLot)
	require.Equal(t, "200", wheat.Quantity)
	require.Equal(t, types.OBJECT_STATUS_ACTIVE, wheat.Status)
	flour := s.Object(t, flourLot1)
	require.Equal(t, keepertest.MillOrg, flour.OwnerOrgId)
	require.Equal(t, []string{wheat.Id}, flour.DerivedFrom)
	require.Equal(t, "400", flour.Quantity)

	// Packing both lots on a new pallet; shipping the pallet takes its contents.
	s.capture(s.Mill, s.pack(pallet1, flourLot1, flourLot2))
	pallet := s.Object(t, pallet1)
	require.Equal(t, types.OBJECT_KIND_LOGISTIC_UNIT, pallet.Kind)
	require.Equal(t, pallet.Id, s.Object(t, flourLot2).ContainerId)
	s.capture(s.Mill, s.shipTo(s.Mill, s.Retailer, true).EPCs(pallet1))
	s.capture(s.Retailer, s.receiveAt(s.Retailer).EPCs(pallet1))
	for _, id := range []string{pallet1, flourLot1, flourLot2} {
		o := s.Object(t, id)
		require.Equal(t, keepertest.RetailerOrg, o.OwnerOrgId, id)
		require.Equal(t, keepertest.RetailerOrg, o.CustodianOrgId, id)
		require.Equal(t, canonical(t, s.Retailer.Site()), o.Location, id)
	}

	// The genealogy from the pallet reaches the wheat.
	g, err := s.Query.Genealogy(s.Ctx, &types.QueryGenealogyRequest{Id: pallet1, Direction: types.GENEALOGY_DIRECTION_UP})
	require.NoError(t, err)
	depths := map[string]int32{}
	for _, n := range g.Nodes {
		depths[n.Object.Id] = n.Depth
	}
	require.Equal(t, int32(-2), depths[wheat.Id])
	require.Equal(t, int32(-1), depths[flour.Id])
	require.False(t, g.Truncated)
	require.Len(t, g.EventIds, 2) // the transformation and the packing

	// The wheat's history, in capture order.
	evs, err := s.Query.ObjectEvents(s.Ctx, &types.QueryObjectEventsRequest{Id: wheatLot})
	require.NoError(t, err)
	var steps []string
	for _, e := range evs.Events {
		steps = append(steps, e.BizStep)
	}
	require.Equal(t, []string{"urn:tracechain:bizstep:harvesting", "shipping", "receiving", "commissioning"}, steps)
}

func TestSaleMovesOwnershipNotCustody(t *testing.T) {
	s := newStory(t)
	s.milledAndPacked()
	s.capture(s.Mill, s.ev("TransactionEvent", "ADD").BizStep("holding").Parent(pallet1).EPCs().
		BizTransaction("inv", "urn:epcglobal:cbv:bt:6902345000001:INV-77").SellTo(s.Retailer.Party()))
	for _, id := range []string{pallet1, flourLot1} {
		o := s.Object(t, id)
		require.Equal(t, keepertest.RetailerOrg, o.OwnerOrgId)
		require.Equal(t, keepertest.MillOrg, o.CustodianOrgId)
	}
	// The mill, still custodian, may ship it to the new owner.
	s.capture(s.Mill, s.shipTo(s.Mill, s.Retailer, false).EPCs(pallet1))
	s.capture(s.Retailer, s.receiveAt(s.Retailer).EPCs(pallet1))
	require.Equal(t, keepertest.RetailerOrg, s.Object(t, pallet1).CustodianOrgId)
}

func TestUnpackAndDecommission(t *testing.T) {
	s := newStory(t)
	s.milledAndPacked()
	s.capture(s.Mill, s.ev("AggregationEvent", "DELETE").BizStep("unpacking").Parent(pallet1).ChildQty(epcisbuild.Quantity{Class: flourLot1}))
	require.Empty(t, s.Object(t, flourLot1).ContainerId)
	require.Equal(t, canonical(t, pallet1), s.Object(t, flourLot2).ContainerId)
	// Unpacking with no children empties the unit.
	s.capture(s.Mill, s.ev("AggregationEvent", "DELETE").BizStep("unpacking").Parent(pallet1))
	require.Empty(t, s.Object(t, flourLot2).ContainerId)
	// Destroying 100 kg leaves 300; destroying the rest ends the lot.
	s.capture(s.Mill, s.ev("ObjectEvent", "DELETE").BizStep("destroying").Qty(qty(flourLot1, "100")))
	require.Equal(t, "300", s.Object(t, flourLot1).Quantity)
	require.Equal(t, types.OBJECT_STATUS_ACTIVE, s.Object(t, flourLot1).Status)
	s.capture(s.Mill, s.ev("ObjectEvent", "DELETE").BizStep("destroying").Qty(qty(flourLot1, "300")))
	require.Equal(t, types.OBJECT_STATUS_DECOMMISSIONED, s.Object(t, flourLot1).Status)
}

func TestSerialisedItemsAndAssociation(t *testing.T) {
	s := newStory(t)
	s.capture(s.Farm, s.ev("ObjectEvent", "ADD").BizStep("initial_packing").EPCs(melon1, melon2))
	melon := s.Object(t, melon1)
	require.Equal(t, types.OBJECT_KIND_ITEM, melon.Kind)
	s.capture(s.Farm, s.ev("ObjectEvent", "OBSERVE").BizStep("cooling").EPCs(melon1, melon2))
	ids := s.capture(s.Farm, s.ev("AssociationEvent", "ADD").BizStep("assembling").Parent(sensor).Children(melon1))
	rec, err := s.Query.Event(s.Ctx, &types.QueryEventRequest{EventId: ids[0]})
	require.NoError(t, err)
	require.Equal(t, "AssociationEvent", rec.Event.Type)
	open, err := s.Keeper.OpenAssociations.Has(s.Ctx, collections.Join(canonical(t, sensor), melon.Id))
	require.NoError(t, err)
	require.True(t, open)
	s.capture(s.Farm, s.ev("AssociationEvent", "DELETE").BizStep("disassembling").Parent(sensor).Children(melon1))
	open, err = s.Keeper.OpenAssociations.Has(s.Ctx, collections.Join(canonical(t, sensor), melon.Id))
	require.NoError(t, err)
	require.False(t, open)
}

func TestErrorDeclarationMarksTheEvent(t *testing.T) {
	s := newStory(t)
	wrong := s.harvest(wheatLot, "1000")
	ids := s.capture(s.Farm, wrong)
	declared := epcisbuild.Event{}
	for k, v := range wrong {
		declared[k] = v
	}
	declared["errorDeclaration"] = map[string]any{
		"declarationTime": "2026-03-01T08:00:00.000Z", "reason": "incorrect_data",
		"correctiveEventIDs": []string{"urn:uuid:404d95fc-9457-4a51-bd6a-0bba133845a8"},
	}
	got := s.capture(s.Farm, declared)
	require.Equal(t, ids, got, "a declaration repeats the event, so it has the event's ID")
	rec, err := s.Query.Event(s.Ctx, &types.QueryEventRequest{EventId: ids[0]})
	require.NoError(t, err)
	require.NotNil(t, rec.Event.ErrorDeclaration)
	require.Equal(t, "incorrect_data", rec.Event.ErrorDeclaration.Reason)
	require.Contains(t, string(rec.Event.Json), `"errorDeclaration"`)
}

// The submitter's own eventID is kept beside the chain's hash ID.
func TestDeclaredEventIDIsKept(t *testing.T) {
	s := newStory(t)
	for _, declared := range []string{"urn:uuid:7b1fd0e6-5c44-4a5d-9f66-8b8b0c7a3e21", "ni:///sha-256;" + strings.Repeat("0", 64) + "?ver=CBV2.0"} {
		ev := s.harvest(wheatLot, "1").Set("eventID", declared)
		ids := s.capture(s.Farm, ev)
		rec, err := s.Query.Event(s.Ctx, &types.QueryEventRequest{EventId: ids[0]})
		require.NoError(t, err)
		require.Equal(t, declared, rec.Event.DeclaredEventId)
		require.NotEqual(t, declared, ids[0])
		require.Contains(t, string(rec.Event.Json), `"eventID":"`+ids[0]+`"`)
		s.capture(s.Farm, s.ev("ObjectEvent", "DELETE").Qty(qty(wheatLot, "")))
		s = newStory(t)
	}
}

// The first sighting of an object by the holder of its company prefix
// commissions it: goods in circulation before the organization joined.
func TestFirstSightingByThePrefixHolderCommissions(t *testing.T) {
	s := newStory(t)
	ids := s.capture(s.Farm, s.ev("ObjectEvent", "OBSERVE").BizStep("inspecting").At(s.Farm.Site()).Qty(qty(wheatLot, "750")).EPCs(melon1))
	wheat := s.Object(t, wheatLot)
	require.Equal(t, keepertest.FarmOrg, wheat.OwnerOrgId)
	require.Equal(t, "750", wheat.Quantity)
	require.Equal(t, ids[0], wheat.CommissionEventId)
	require.Equal(t, types.OBJECT_KIND_ITEM, s.Object(t, melon1).Kind)
	// It then moves like any other.
	s.capture(s.Farm, s.shipTo(s.Farm, s.Mill, true).Qty(qty(wheatLot, "750")))
	s.capture(s.Mill, s.receiveAt(s.Mill).Qty(qty(wheatLot, "")))
	require.Equal(t, keepertest.MillOrg, s.Object(t, wheatLot).OwnerOrgId)
	// An observation naming no object records the event and changes nothing.
	s.capture(s.Mill, s.ev("ObjectEvent", "OBSERVE").BizStep("sensor_reporting").At(s.Mill.Site()).EPCs())
}

// Shipping without naming a receiver marks the goods in transit; nobody
// may receive them until a shipment names the receiver.
func TestShippingWithoutReceiver(t *testing.T) {
	s := newStory(t)
	s.capture(s.Farm, s.harvest(wheatLot, "10"), s.ev("ObjectEvent", "OBSERVE").BizStep("shipping").Qty(qty(wheatLot, "")))
	wheat := s.Object(t, wheatLot)
	require.Equal(t, "in_transit", wheat.Disposition)
	require.Equal(t, keepertest.FarmOrg, wheat.CustodianOrgId)
	_, err := s.Capture(s.Mill.Signer(), epcisbuild.Document(s.receiveAt(s.Mill).Qty(qty(wheatLot, ""))))
	require.ErrorIs(t, err, types.ErrNoMatchingShipment)
	s.capture(s.Farm, s.shipTo(s.Farm, s.Mill, false).Qty(qty(wheatLot, "")))
	s.capture(s.Mill, s.receiveAt(s.Mill).Qty(qty(wheatLot, "")))
	require.Equal(t, keepertest.MillOrg, s.Object(t, wheatLot).CustodianOrgId)
	require.Equal(t, keepertest.FarmOrg, s.Object(t, wheatLot).OwnerOrgId, "ownership stays: only custody was handed over")
}

// The offline hash (tracechaind epcis hash) gives the IDs the chain gives.
func TestOfflineHashMatchesTheChain(t *testing.T) {
	s := newStory(t)
	doc := epcisbuild.Document(s.harvest(wheatLot, "10"), s.ev("ObjectEvent", "OBSERVE").BizStep("cooling").Qty(qty(wheatLot, "")))
	parsed, err := epcis.ReadDocument(doc)
	require.NoError(t, err)
	offline, _, err := parsed.EventIDs()
	require.NoError(t, err)
	require.Equal(t, offline, s.MustCapture(t, s.Farm, doc))
}

// CBV lets members use their own vocabulary where it has one of its own:
// a source or destination type, a business transaction type, a business
// step or a disposition that is a URI of the member's. The chain records
// them and gives them back unchanged; they carry no custody meaning (the
// shipment below moves custody by its CBV possessing_party only).
func TestUserVocabularyIsRecordedUnchanged(t *testing.T) {
	s := newStory(t)
	s.capture(s.Farm, s.harvest(wheatLot, "10"))
	ship := s.shipTo(s.Farm, s.Mill, false).Qty(qty(wheatLot, "10")).
		Set("disposition", "https://example.org/disp/chilled").
		Set("sourceList", []any{
			map[string]any{"type": "possessing_party", "source": s.Farm.Party()},
			map[string]any{"type": "https://example.org/sdt/broker", "source": "urn:example:broker:7"},
		}).
		Set("bizTransactionList", []any{map[string]any{"type": "urn:example:btt:contract", "bizTransaction": "urn:example:contract:42"}})
	ids := s.capture(s.Farm, ship)
	rec, err := s.Query.Event(s.Ctx, &types.QueryEventRequest{EventId: ids[0]})
	require.NoError(t, err)
	for _, want := range []string{
		`"source":"urn:example:broker:7","type":"https://example.org/sdt/broker"`,
		`"type":"urn:example:btt:contract"`, `"disposition":"https://example.org/disp/chilled"`,
	} {
		require.Contains(t, string(rec.Event.Json), want)
	}
	require.Equal(t, keepertest.FarmOrg, s.Object(t, wheatLot).OwnerOrgId, "no custody meaning: ownership did not move")
}
