package keeper_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/trace/types"
)

// Every custody rule and every rejection of capture: the document is
// refused with the rule's registered error, the message names the event,
// and nothing of the document is written.
func TestCaptureRejections(t *testing.T) {
	type refusal struct {
		org  keepertest.TraceOrg
		doc  []byte
		want *errorsmod.Error
		// mention is a fragment the error must contain (field or object).
		mention string
	}
	cases := []struct {
		name  string
		setup func(s *story)
		try   func(s *story) refusal
	}{
		{
			name: "commissioning under another organization's prefix",
			try: func(s *story) refusal {
				return refusal{s.Mill, epcisbuild.Document(s.harvest(wheatLot, "10")), types.ErrPrefixNotOwned, "belongs to " + keepertest.FarmOrg}
			},
		},
		{
			name: "commissioning under a prefix nobody holds",
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.harvest("urn:epc:class:lgtin:7000001.012345.X", "10")), types.ErrPrefixNotOwned, "not assigned"}
			},
		},
		{
			name:  "commissioning twice",
			setup: func(s *story) { s.capture(s.Farm, s.harvest(wheatLot, "10")) },
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.harvest(wheatLot, "20")), types.ErrObjectExists, "W2026A"}
			},
		},
		{
			name: "shipping another organization's goods the chain has never seen",
			try: func(s *story) refusal {
				return refusal{s.Mill, epcisbuild.Document(s.shipTo(s.Mill, s.Retailer, true).Qty(qty(wheatLot, ""))), types.ErrObjectNotFound, "held by " + keepertest.FarmOrg}
			},
		},
		{
			name: "receiving goods the chain has never seen",
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.receiveAt(s.Farm).Qty(qty(wheatLot, ""))), types.ErrNoMatchingShipment, "no shipment"}
			},
		},
		{
			name: "destroying goods the chain has never seen",
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.ev("ObjectEvent", "DELETE").Qty(qty(wheatLot, ""))), types.ErrObjectNotFound, "commission it first"}
			},
		},
		{
			name:  "shipping by neither owner nor custodian",
			setup: func(s *story) { s.capture(s.Farm, s.harvest(wheatLot, "10")) },
			try: func(s *story) refusal {
				return refusal{s.Mill, epcisbuild.Document(s.shipTo(s.Mill, s.Retailer, true).Qty(qty(wheatLot, ""))), types.ErrNotOwnerOrCustodian, "owned by " + keepertest.FarmOrg}
			},
		},
		{
			name:  "shipping to a party outside the consortium",
			setup: func(s *story) { s.capture(s.Farm, s.harvest(wheatLot, "10")) },
			try: func(s *story) refusal {
				stranger := keepertest.TraceOrg{Prefix: "7000001"}
				return refusal{s.Farm, epcisbuild.Document(s.shipTo(s.Farm, stranger, true).Qty(qty(wheatLot, ""))), types.ErrUnknownParty, "destinationList"}
			},
		},
		{
			name:  "shipping part of a lot",
			setup: func(s *story) { s.capture(s.Farm, s.harvest(wheatLot, "10")) },
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.shipTo(s.Farm, s.Mill, true).Qty(qty(wheatLot, "4"))), types.ErrInvalidEvent, "split it"}
			},
		},
		{
			name:  "receiving with no shipment",
			setup: func(s *story) { s.capture(s.Farm, s.harvest(wheatLot, "10")) },
			try: func(s *story) refusal {
				return refusal{s.Mill, epcisbuild.Document(s.receiveAt(s.Mill).Qty(qty(wheatLot, ""))), types.ErrNoMatchingShipment, "no shipment"}
			},
		},
		{
			name: "receiving a shipment meant for another organization",
			setup: func(s *story) {
				s.capture(s.Farm, s.harvest(wheatLot, "10"), s.shipTo(s.Farm, s.Mill, true).Qty(qty(wheatLot, "")))
			},
			try: func(s *story) refusal {
				return refusal{s.Retailer, epcisbuild.Document(s.receiveAt(s.Retailer).Qty(qty(wheatLot, ""))), types.ErrNoMatchingShipment, "shipped to " + keepertest.MillOrg}
			},
		},
		{
			name:  "destroying more than the lot holds",
			setup: func(s *story) { s.capture(s.Farm, s.harvest(wheatLot, "10")) },
			try: func(s *story) refusal {
				ev := s.ev("ObjectEvent", "DELETE").BizStep("destroying").Qty(qty(wheatLot, "10.5"))
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInsufficientQuantity, "10 KGM left"}
			},
		},
		{
			name:  "milling more wheat than the lot holds",
			setup: func(s *story) { s.toMill() },
			try: func(s *story) refusal {
				return refusal{s.Mill, epcisbuild.Document(s.mill(wheatLot, "1000.001", flourLot1)), types.ErrInsufficientQuantity, "1000 KGM left"}
			},
		},
		{
			name:  "a quantity in another unit",
			setup: func(s *story) { s.toMill() },
			try: func(s *story) refusal {
				ev := s.ev("TransformationEvent", "").InputQty(epcisbuild.Quantity{Class: wheatLot, Amount: "1", UOM: "TNE"}).OutputQty(qty(flourLot1, "1"))
				return refusal{s.Mill, epcisbuild.Document(ev), types.ErrUnitMismatch, "TNE"}
			},
		},
		{
			name: "shipping a destroyed lot",
			setup: func(s *story) {
				s.capture(s.Farm, s.harvest(wheatLot, "10"), s.ev("ObjectEvent", "DELETE").BizStep("destroying").Qty(qty(wheatLot, "")))
			},
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.shipTo(s.Farm, s.Mill, true).Qty(qty(wheatLot, ""))), types.ErrObjectDecommissioned, "DECOMMISSIONED"}
			},
		},
		{
			name: "transforming a consumed lot",
			setup: func(s *story) {
				s.toMill()
				s.capture(s.Mill, s.mill(wheatLot, "", flourLot1))
			},
			try: func(s *story) refusal {
				return refusal{s.Mill, epcisbuild.Document(s.mill(wheatLot, "", flourLot2)), types.ErrObjectDecommissioned, "CONSUMED"}
			},
		},
		{
			name: "shipping a recalled lot",
			setup: func(s *story) {
				s.capture(s.Farm, s.harvest(wheatLot, "10"))
				s.recall(s.Farm, wheatLot)
			},
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.shipTo(s.Farm, s.Mill, true).Qty(qty(wheatLot, ""))), types.ErrObjectRecalled, "under recall 1"}
			},
		},
		{
			name: "selling a recalled pallet",
			setup: func(s *story) {
				s.milledAndPacked()
				s.recall(s.Regulator, wheatLot)
				s.EndBlock(s.t)
			},
			try: func(s *story) refusal {
				ev := s.ev("TransactionEvent", "ADD").Parent(pallet1).EPCs().BizTransaction("inv", "urn:epcglobal:cbv:bt:6902345000001:INV-1").SellTo(s.Retailer.Party())
				return refusal{s.Mill, epcisbuild.Document(ev), types.ErrObjectRecalled, "under recall 1"}
			},
		},
		{
			name:  "selling by the custodian who is not the owner",
			setup: func(s *story) { s.milledAndPacked() },
			try: func(s *story) refusal {
				// The mill sells to the retailer; the retailer (owner now, not custodian) is fine,
				// but the logistics firm, neither, is not.
				ev := s.ev("TransactionEvent", "ADD").Parent(pallet1).EPCs().BizTransaction("inv", "urn:epcglobal:cbv:bt:6902345000001:INV-2").SellTo(s.Retailer.Party())
				return refusal{s.Logistics, epcisbuild.Document(ev), types.ErrNotOwner, "only the owner sells"}
			},
		},
		{
			name: "a number longer than the event hash reads",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "10").Set("example:code", strings.Repeat("7", 1001))
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidEvent, "example:code: a number of 1001 characters"}
			},
		},
		{
			name: "a quantity longer than any amount",
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.harvest(wheatLot, strings.Repeat("9", 101))), types.ErrInvalidEvent, "quantity"}
			},
		},
		{
			name: "a quantity with a huge exponent",
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.harvest(wheatLot, "1e999999")), types.ErrInvalidEvent, "exponent"}
			},
		},
		{
			name: "certificationInfo that is no URI (GS1's schema)",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "10").Set("certificationInfo", "certified organic by us")
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidEvent, "certificationInfo"}
			},
		},
		{
			name: "an unknown field inside readPoint",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "10").Set("readPoint", map[string]any{"id": s.Farm.Site(), "colour": "red"})
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidEvent, "readPoint.colour"}
			},
		},
		{
			name: "an unknown field inside a quantity element",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "10").Set("quantityList", []any{map[string]any{"epcClass": wheatLot, "quantity": 10, "grade": "A"}})
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidEvent, "quantityList[0].grade"}
			},
		},
		{
			name: "an unknown event-level field without a namespace",
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.harvest(wheatLot, "10").Set("grade", "A")), types.ErrInvalidEvent, "grade"}
			},
		},
		{
			name: "eventTimeZoneOffset missing",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "10")
				delete(ev, "eventTimeZoneOffset")
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidEvent, "eventTimeZoneOffset"}
			},
		},
		{
			name: "a sensor value given as text",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "10").Set("sensorElementList", []any{map[string]any{"sensorReport": []any{map[string]any{"type": "Temperature", "value": "4.5", "uom": "CEL"}}}})
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidEvent, "sensorReport[0].value"}
			},
		},
		{
			name: "a CBV URN where the JSON binding has bare terms",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "10").Set("disposition", "urn:epcglobal:cbv:disp:active")
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidEvent, "disposition"}
			},
		},
		{
			name: "eventTime beyond the allowed skew",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "10").Set("eventTime", keepertest.BlockTime.Add(301*time.Second).Format(time.RFC3339))
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrEventInFuture, "eventTime"}
			},
		},
		{
			name: "the same event twice",
			try: func(s *story) refusal {
				h := s.harvest(wheatLot, "10")
				s.capture(s.Farm, h)
				return refusal{s.Farm, epcisbuild.Document(h), types.ErrDuplicateEvent, "ni:///sha-256;"}
			},
		},
		{
			name: "the same event again, from its XML twin (as tx trace capture sends XML)",
			try: func(s *story) refusal {
				h := s.harvest(wheatLot, "10")
				s.capture(s.Farm, h)
				return refusal{s.Farm, viaXML(epcisbuild.Document(h)), types.ErrDuplicateEvent, "ni:///sha-256;"}
			},
		},
		{
			name:  "packing a lot already on another pallet",
			setup: func(s *story) { s.milledAndPacked() },
			try: func(s *story) refusal {
				return refusal{s.Mill, epcisbuild.Document(s.pack(pallet2, flourLot1)), types.ErrAlreadyPacked, "already packed"}
			},
		},
		{
			name:  "shipping a lot packed on a pallet",
			setup: func(s *story) { s.milledAndPacked() },
			try: func(s *story) refusal {
				return refusal{s.Mill, epcisbuild.Document(s.shipTo(s.Mill, s.Retailer, true).Qty(qty(flourLot1, ""))), types.ErrAlreadyPacked, "ship the logistic unit"}
			},
		},
		{
			name:  "unpacking what the pallet does not hold",
			setup: func(s *story) { s.milledAndPacked() },
			try: func(s *story) refusal {
				ev := s.ev("AggregationEvent", "DELETE").Parent(pallet1).ChildQty(epcisbuild.Quantity{Class: wheatLot})
				return refusal{s.Mill, epcisbuild.Document(ev), types.ErrNotInContainer, "is not in"}
			},
		},
		{
			name: "packing a unit into its own contents",
			setup: func(s *story) {
				s.milledAndPacked()
				s.capture(s.Mill, s.ev("AggregationEvent", "ADD").Parent(truckUnit).Children(pallet1))
			},
			try: func(s *story) refusal {
				ev := s.ev("AggregationEvent", "ADD").Parent(pallet1).Children(truckUnit)
				return refusal{s.Mill, epcisbuild.Document(ev), types.ErrContainmentCycle, "contain itself"}
			},
		},
		{
			name: "declaring an unknown event erroneous",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "10").Set("errorDeclaration", map[string]any{"declarationTime": "2026-03-01T00:00:00Z", "reason": "did_not_occur"})
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrEventNotFound, "errorDeclaration"}
			},
		},
		{
			name: "declaring another organization's event erroneous",
			try: func(s *story) refusal {
				h := s.harvest(wheatLot, "10")
				s.capture(s.Farm, h)
				h["errorDeclaration"] = map[string]any{"declarationTime": "2026-03-01T00:00:00Z", "reason": "did_not_occur"}
				return refusal{s.Regulator, epcisbuild.Document(h), types.ErrNotRecorder, "recorded by " + keepertest.FarmOrg}
			},
		},
		{
			name: "declaring an event erroneous twice",
			try: func(s *story) refusal {
				h := s.harvest(wheatLot, "10")
				s.capture(s.Farm, h)
				h["errorDeclaration"] = map[string]any{"declarationTime": "2026-03-01T00:00:00Z", "reason": "did_not_occur"}
				s.capture(s.Farm, h)
				return refusal{s.Farm, epcisbuild.Document(h), types.ErrAlreadyDeclared, "already"}
			},
		},
		{
			name: "a malformed EPC",
			try: func(s *story) refusal {
				ev := s.ev("ObjectEvent", "ADD").EPCs("urn:epc:id:sgtin:6901234.01234.1")
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidIdentifier, "epcList[0]"}
			},
		},
		{
			name: "a Digital Link with a wrong check digit",
			try: func(s *story) refusal {
				ev := s.ev("ObjectEvent", "ADD").EPCs("https://id.gs1.org/01/06901234123457/21/1")
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidIdentifier, "check digit"}
			},
		},
		{
			name: "a business step that is neither CBV nor a URI",
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.harvest(wheatLot, "1").BizStep("threshing")), types.ErrInvalidEvent, "bizStep"}
			},
		},
		{
			name: "a negative quantity",
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.harvest(wheatLot, "-1")), types.ErrInvalidEvent, "quantityList[0].quantity"}
			},
		},
		{
			name: "an event with no eventTime",
			try: func(s *story) refusal {
				ev := s.harvest(wheatLot, "1")
				delete(ev, "eventTime")
				return refusal{s.Farm, epcisbuild.Document(ev), types.ErrInvalidEvent, "eventTime"}
			},
		},
		{
			name:  "a transformation without outputs",
			setup: func(s *story) { s.toMill() },
			try: func(s *story) refusal {
				ev := s.ev("TransformationEvent", "").InputQty(qty(wheatLot, "1"))
				return refusal{s.Mill, epcisbuild.Document(ev), types.ErrInvalidEvent, "inputEPCList"}
			},
		},
		{
			name: "a document that is not JSON",
			try: func(s *story) refusal {
				return refusal{s.Farm, []byte(`{"type": "EPCISDocument",`), types.ErrInvalidDocument, "not JSON"}
			},
		},
		{
			name: "a document with no events",
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(), types.ErrInvalidDocument, "no events"}
			},
		},
		{
			name: "more events than a capture allows",
			setup: func(s *story) {
				p := types.DefaultParams()
				p.MaxEventsPerCapture = 2
				_, err := s.Msg.UpdateParams(s.Ctx, &types.MsgUpdateParams{Authority: s.Authority, Params: p})
				require.NoError(s.t, err)
			},
			try: func(s *story) refusal {
				doc := epcisbuild.Document(s.harvest(wheatLot, "1"), s.harvest(wheatLot2, "1"), s.harvest(flourLot1, "1"))
				return refusal{s.Farm, doc, types.ErrTooLarge, "at most 2"}
			},
		},
		{
			name: "an event naming more identifiers than allowed",
			setup: func(s *story) {
				p := types.DefaultParams()
				p.MaxIdentifiersPerEvent = 1
				_, err := s.Msg.UpdateParams(s.Ctx, &types.MsgUpdateParams{Authority: s.Authority, Params: p})
				require.NoError(s.t, err)
			},
			try: func(s *story) refusal {
				return refusal{s.Farm, epcisbuild.Document(s.ev("ObjectEvent", "ADD").EPCs(melon1, melon2)), types.ErrTooLarge, "2 identifiers"}
			},
		},
		{
			name: "a document over the byte limit",
			try: func(s *story) refusal {
				big := s.harvest(wheatLot, "1").Set("example:pad", strings.Repeat("x", 600<<10))
				return refusal{s.Farm, epcisbuild.Document(big), types.ErrTooLarge, "bytes"}
			},
		},
		{
			name: "an account of no organization",
			try: func(s *story) refusal {
				return refusal{keepertest.TraceOrg{ID: "nobody", Admin: keepertest.AccAddr(0x77)}, epcisbuild.Document(s.harvest(wheatLot, "1")), nil, "not a member"}
			},
		},
		{
			name:  "the second event fails: the first is not written either",
			setup: func(s *story) { s.capture(s.Farm, s.harvest(wheatLot2, "5")) },
			try: func(s *story) refusal {
				doc := epcisbuild.Document(s.harvest(wheatLot, "10"), s.harvest(wheatLot2, "5"))
				return refusal{s.Farm, doc, types.ErrObjectExists, "event 1 (ObjectEvent)"}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStory(t)
			if tc.setup != nil {
				tc.setup(s)
			}
			r := tc.try(s)
			before, err := s.Keeper.ExportGenesis(s.Ctx)
			require.NoError(t, err)
			_, err = s.Capture(r.org.Signer(), r.doc)
			require.Error(t, err)
			if r.want != nil {
				require.ErrorIs(t, err, r.want, err.Error())
			}
			require.Contains(t, err.Error(), r.mention)
			if r.want != types.ErrInvalidDocument && r.want != types.ErrTooLarge && r.want != nil {
				require.Regexp(t, `^event \d+ \(\w+\)`, err.Error(), "the error names the event")
			}
			after, err := s.Keeper.ExportGenesis(s.Ctx)
			require.NoError(t, err)
			require.Equal(t, before, after, "a refused document changes nothing")
		})
	}
}

// recall starts a recall as org and fails the test on error.
func (s *story) recall(org keepertest.TraceOrg, id string) uint64 {
	s.t.Helper()
	resp, err := s.Msg.RecallLot(s.Ctx, &types.MsgRecallLot{Signer: org.Signer(), ObjectId: id, Reason: fmt.Sprintf("recall of %s", id)})
	require.NoError(s.t, err)
	return resp.RecallId
}

// Units nest at most max_containment_depth deep, the depth to which
// contents move with a shipment.
func TestContainmentDepthIsBounded(t *testing.T) {
	s := newStory(t)
	s.milledAndPacked() // flour lots in pallet1: one level
	units := []string{pallet1}
	for i := 2; i <= 4; i++ {
		unit := fmt.Sprintf("urn:epc:id:sscc:6902345.000000050%d", i)
		s.capture(s.Mill, s.ev("AggregationEvent", "ADD").Parent(unit).Children(units[len(units)-1]))
		units = append(units, unit)
	}
	// Four levels: unit4 ⊃ unit3 ⊃ unit2 ⊃ pallet1 ⊃ flour. A fifth is refused.
	ev := s.ev("AggregationEvent", "ADD").Parent("urn:epc:id:sscc:6902345.0000000599").Children(units[len(units)-1])
	_, err := s.Capture(s.Mill.Signer(), epcisbuild.Document(ev))
	require.ErrorIs(t, err, types.ErrTooLarge)
	require.ErrorContains(t, err, "5 levels deep, at most 4")
	// Shipping the outermost unit moves everything, down to the flour.
	s.capture(s.Mill, s.shipTo(s.Mill, s.Retailer, true).EPCs(units[len(units)-1]))
	s.capture(s.Retailer, s.receiveAt(s.Retailer).EPCs(units[len(units)-1]))
	require.Equal(t, keepertest.RetailerOrg, s.Object(t, flourLot2).CustodianOrgId)
}

// viaXML is a JSON-LD document written in the XML binding and read back,
// as `tracechaind tx trace capture doc.xml` submits it.
func viaXML(doc []byte) []byte {
	parsed, err := epcis.ReadDocument(doc)
	if err != nil {
		panic(err)
	}
	x, err := epcis.WriteXML(parsed)
	if err != nil {
		panic(err)
	}
	back, _, err := epcis.ReadXMLDocument(x)
	if err != nil {
		panic(err)
	}
	out, err := back.Root.MarshalJSON()
	if err != nil {
		panic(err)
	}
	return out
}
