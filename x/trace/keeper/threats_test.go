package keeper_test

import (
	"strings"
	"testing"

	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	credittypes "github.com/tracechain/tracechain/x/credit/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/trace/types"
)

// Objects of the threat stories: the carrier's own pallet and the farm's
// second lot.
const (
	carrierPallet = "urn:epc:id:sscc:6903456.0000000007"
	farmLot3      = "urn:epc:class:lgtin:6901234.012345.W2026C"
)

// wheatWithCarrier: the farm's wheat is in the carrier's custody for
// transport only; the farm still owns it.
func (s *story) wheatWithCarrier() {
	s.capture(s.Farm, s.harvest(wheatLot, "1000"), s.shipTo(s.Farm, s.Logistics, false).Qty(qty(wheatLot, "")))
	s.capture(s.Logistics, s.receiveAt(s.Logistics).Qty(qty(wheatLot, "")))
}

// Each row is a member with a motive trying a custody rule; each attempt
// is refused with its registered error and changes nothing (docs/THREATS.md
// names these rows).
func TestMembersCannotBendCustody(t *testing.T) {
	type attempt struct {
		org  keepertest.TraceOrg
		doc  []byte
		want *errorsmod.Error
	}
	cases := []struct {
		name  string
		setup func(s *story)
		try   func(s *story) attempt
	}{
		{
			name:  "the carrier ships the farm's wheat to itself as owner",
			setup: (*story).wheatWithCarrier,
			try: func(s *story) attempt {
				return attempt{s.Logistics, epcisbuild.Document(s.shipTo(s.Logistics, s.Logistics, true).Qty(qty(wheatLot, ""))), types.ErrNotOwner}
			},
		},
		{
			name:  "the carrier ships the farm's wheat on, naming a buyer as owner",
			setup: (*story).wheatWithCarrier,
			try: func(s *story) attempt {
				return attempt{s.Logistics, epcisbuild.Document(s.shipTo(s.Logistics, s.Retailer, true).Qty(qty(wheatLot, ""))), types.ErrNotOwner}
			},
		},
		{
			name:  "the carrier sells the farm's wheat",
			setup: (*story).wheatWithCarrier,
			try: func(s *story) attempt {
				ev := s.ev("TransactionEvent", "ADD").BizTransaction("inv", "urn:epcglobal:cbv:bt:6903456000001:INV-1").SellTo(s.Retailer.Party()).Qty(qty(wheatLot, ""))
				return attempt{s.Logistics, epcisbuild.Document(ev), types.ErrNotOwner}
			},
		},
		{
			name: "the carrier packs the farm's wheat on its own pallet and sells the pallet",
			setup: func(s *story) {
				s.wheatWithCarrier()
				s.capture(s.Logistics, s.ev("AggregationEvent", "ADD").BizStep("packing").Parent(carrierPallet).ChildQty(epcisbuild.Quantity{Class: wheatLot}))
			},
			try: func(s *story) attempt {
				ev := s.ev("TransactionEvent", "ADD").BizTransaction("inv", "urn:epcglobal:cbv:bt:6903456000001:INV-2").SellTo(s.Retailer.Party()).EPCs(carrierPallet)
				return attempt{s.Logistics, epcisbuild.Document(ev), types.ErrNotOwner}
			},
		},
		{
			name: "the carrier packs the farm's wheat on its own pallet and ships it to itself as owner",
			setup: func(s *story) {
				s.wheatWithCarrier()
				s.capture(s.Logistics, s.ev("AggregationEvent", "ADD").BizStep("packing").Parent(carrierPallet).ChildQty(epcisbuild.Quantity{Class: wheatLot}))
			},
			try: func(s *story) attempt {
				return attempt{s.Logistics, epcisbuild.Document(s.shipTo(s.Logistics, s.Logistics, true).EPCs(carrierPallet)), types.ErrNotOwner}
			},
		},
		{
			name: "a processor mixes two owners' lots into one product",
			setup: func(s *story) {
				s.wheatWithCarrier()
				s.capture(s.Logistics, s.ev("ObjectEvent", "ADD").BizStep("commissioning").Qty(qty("urn:epc:class:lgtin:6903456.012345.OWN", "10")))
			},
			try: func(s *story) attempt {
				ev := s.ev("TransformationEvent", "").InputQty(qty(wheatLot, "10"), qty("urn:epc:class:lgtin:6903456.012345.OWN", "10")).
					OutputQty(qty("urn:epc:class:lgtin:6903456.012345.MIX", "20"))
				return attempt{s.Logistics, epcisbuild.Document(ev), types.ErrNotOwner}
			},
		},
		{
			name:  "the farm ties the carrier's truck sensor to its own lots",
			setup: func(s *story) { s.capture(s.Farm, s.harvest(wheatLot, "1000")) },
			try: func(s *story) attempt {
				ev := s.ev("AssociationEvent", "ADD").BizStep("loading").Parent(truckTemp).ChildQty(epcisbuild.Quantity{Class: wheatLot})
				return attempt{s.Farm, epcisbuild.Document(ev), types.ErrPrefixNotOwned}
			},
		},
		{
			name:  "the carrier ties its sensor to goods it does not hold",
			setup: func(s *story) { s.capture(s.Farm, s.harvest(wheatLot, "1000")) },
			try: func(s *story) attempt {
				ev := s.ev("AssociationEvent", "ADD").BizStep("loading").Parent(truckTemp).ChildQty(epcisbuild.Quantity{Class: wheatLot})
				return attempt{s.Logistics, epcisbuild.Document(ev), types.ErrNotOwnerOrCustodian}
			},
		},
		{
			name: "the mill unpacks recalled flour before the recall reaches its pallet",
			setup: func(s *story) {
				s.milledAndPacked()
				s.recall(s.Regulator, wheatLot) // the flour and pallet1 are marked at the end of the block
			},
			try: func(s *story) attempt {
				ev := s.ev("AggregationEvent", "DELETE").BizStep("unpacking").Parent(pallet1)
				return attempt{s.Mill, epcisbuild.Document(ev), types.ErrRecallInProgress}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStory(t)
			tc.setup(s)
			a := tc.try(s)
			before, err := s.Keeper.ExportGenesis(s.Ctx)
			require.NoError(t, err)
			_, err = s.Capture(a.org.Signer(), a.doc)
			require.ErrorIs(t, err, a.want)
			after, err := s.Keeper.ExportGenesis(s.Ctx)
			require.NoError(t, err)
			require.Equal(t, before, after, "a refused attempt changes nothing")
		})
	}
}

// The carrier holding the farm's wheat may still move it on for the farm,
// and the farm, its owner, sells it wherever it is.
func TestCustodianMovesOwnerSells(t *testing.T) {
	s := newStory(t)
	s.wheatWithCarrier()
	s.capture(s.Logistics, s.shipTo(s.Logistics, s.Mill, false).Qty(qty(wheatLot, "")))
	s.capture(s.Mill, s.receiveAt(s.Mill).Qty(qty(wheatLot, "")))
	wheat := s.Object(t, wheatLot)
	require.Equal(t, keepertest.FarmOrg, wheat.OwnerOrgId, "a custodian's shipment never changes the owner")
	require.Equal(t, keepertest.MillOrg, wheat.CustodianOrgId)
	// Naming the present owner is no transfer, and allowed.
	s.capture(s.Mill, s.shipTo(s.Mill, s.Logistics, false).Set("destinationList", []any{
		map[string]any{"type": "possessing_party", "destination": s.Logistics.Party()},
		map[string]any{"type": "owning_party", "destination": s.Farm.Party()},
	}).Qty(qty(wheatLot, "")))
	s.capture(s.Logistics, s.receiveAt(s.Logistics).Qty(qty(wheatLot, "")))
	require.Equal(t, keepertest.FarmOrg, s.Object(t, wheatLot).OwnerOrgId)
	s.capture(s.Farm, s.ev("TransactionEvent", "ADD").BizTransaction("inv", "urn:epcglobal:cbv:bt:6901234000001:INV-9").SellTo(s.Mill.Party()).Qty(qty(wheatLot, "")))
	require.Equal(t, keepertest.MillOrg, s.Object(t, wheatLot).OwnerOrgId)
	require.Equal(t, keepertest.LogisticsOrg, s.Object(t, wheatLot).CustodianOrgId)
}

// A processor holding another's goods makes them into goods that owner
// owns (toll processing); the processor holds them.
func TestProcessingAnothersGoodsMakesTheOwnersGoods(t *testing.T) {
	s := newStory(t)
	s.capture(s.Farm, s.harvest(wheatLot, "1000"), s.shipTo(s.Farm, s.Mill, false).Qty(qty(wheatLot, "")))
	s.capture(s.Mill, s.receiveAt(s.Mill).Qty(qty(wheatLot, "")))
	s.capture(s.Mill, s.mill(wheatLot, "800", flourLot1))
	flour := s.Object(t, flourLot1)
	require.Equal(t, keepertest.FarmOrg, flour.OwnerOrgId)
	require.Equal(t, keepertest.MillOrg, flour.CustodianOrgId)
	// The mill cannot then sell the flour as its own.
	_, err := s.Capture(s.Mill.Signer(), epcisbuild.Document(s.ev("TransactionEvent", "ADD").
		BizTransaction("inv", "urn:epcglobal:cbv:bt:6902345000001:INV-3").SellTo(s.Retailer.Party()).Qty(qty(flourLot1, ""))))
	require.ErrorIs(t, err, types.ErrNotOwner)
}

// Contents packed on a unit keep their owners when the unit is sold or
// shipped to a new owner by someone who does not own them; the seller's
// own goods go with the unit.
func TestContentsChangeOwnerOnlyWithTheirOwnersAct(t *testing.T) {
	s := newStory(t)
	s.milledAndPacked() // the mill owns the flour on pallet1
	s.capture(s.Mill, s.shipTo(s.Mill, s.Retailer, true).EPCs(pallet1))
	s.capture(s.Retailer, s.receiveAt(s.Retailer).EPCs(pallet1))
	for _, id := range []string{pallet1, flourLot1, flourLot2} {
		require.Equal(t, keepertest.RetailerOrg, s.Object(t, id).OwnerOrgId, id)
	}
}

// In the block a recall starts, before the end of the block marks the
// next generations, a processor declares its processing erroneous to cut
// the genealogy and commission the product afresh: the declaration is
// refused while the recall spreads, the product cannot be commissioned
// again, the recall reaches it, and a declaration made afterwards undoes
// nothing.
func TestDeclarationCannotLiftGoodsOutOfARecall(t *testing.T) {
	s := newStory(t)
	// The farm cleans the harvested lot (wheatLot2) into wheatLot, sells it
	// to the mill, which mills it.
	s.capture(s.Farm, s.harvest(wheatLot2, "1000"),
		s.ev("TransformationEvent", "").BizStep("commissioning").InputQty(qty(wheatLot2, "1000")).OutputQty(qty(wheatLot, "1000")),
		s.shipTo(s.Farm, s.Mill, true).Qty(qty(wheatLot, "")))
	s.capture(s.Mill, s.receiveAt(s.Mill).Qty(qty(wheatLot, "")))
	milling := s.mill(wheatLot, "800", flourLot1)
	ids := s.capture(s.Mill, milling)
	s.EndBlock(t)

	s.recall(s.Regulator, wheatLot2) // only the harvest is marked in this block
	before, err := s.Keeper.ExportGenesis(s.Ctx)
	require.NoError(t, err)
	_, err = s.Capture(s.Mill.Signer(), epcisbuild.Document(declare(milling, "incorrect_data")))
	require.ErrorIs(t, err, types.ErrRecallInProgress, "refused while the recall spreads, to be made again later")
	after, err := s.Keeper.ExportGenesis(s.Ctx)
	require.NoError(t, err)
	require.Equal(t, before, after)
	_, err = s.Capture(s.Mill.Signer(), epcisbuild.Document(s.ev("ObjectEvent", "ADD").BizStep("commissioning").Qty(qty(flourLot1, "400"))))
	require.ErrorIs(t, err, types.ErrObjectExists)
	s.EndBlock(t)
	require.NotZero(t, s.Object(t, flourLot1).RecallId, "the recall reached the flour")
	// Declared again once the recall is complete: recorded, and the milling stays applied.
	s.capture(s.Mill, declare(milling, "incorrect_data"))
	require.False(t, s.declaration(ids[0]).Reverted, "the milling stays applied")
	_, err = s.Capture(s.Mill.Signer(), epcisbuild.Document(s.shipTo(s.Mill, s.Retailer, true).Qty(qty(flourLot1, ""))))
	require.ErrorIs(t, err, types.ErrObjectRecalled)
}

// A certifier that also trades may not certify its own goods, goods it
// holds or brands, or itself.
func TestCertifierCannotCertifyItsOwnGoods(t *testing.T) {
	s := newStory(t)
	s.RegisterOrg(t, "91350700MA2XY00770", keepertest.AccAddr(0x17), membershiptypes.ORG_ROLE_CERTIFIER, membershiptypes.ORG_ROLE_ENTERPRISE)
	trader := keepertest.TraceOrg{ID: "91350700MA2XY00770", Admin: keepertest.AccAddr(0x17), Prefix: "6905678"}
	s.AssignPrefix(t, trader.ID, trader.Prefix)
	own := "urn:epc:class:lgtin:6905678.012345.OWN1"
	s.capture(trader, s.ev("ObjectEvent", "ADD").BizStep("commissioning").Qty(qty(own, "5")))
	s.capture(s.Farm, s.harvest(wheatLot, "10"))
	for _, subject := range []string{own, trader.ID} {
		before, err := s.Keeper.ExportGenesis(s.Ctx)
		require.NoError(t, err)
		_, err = s.Msg.Certify(s.Ctx, &types.MsgCertify{Signer: trader.Signer(), Subject: subject, Kind: types.CERTIFICATION_KIND_ORGANIC})
		require.ErrorIs(t, err, types.ErrConflictOfInterest, subject)
		after, err := s.Keeper.ExportGenesis(s.Ctx)
		require.NoError(t, err)
		require.Equal(t, before, after)
	}
	// Another's goods it may certify.
	_, err := s.Msg.Certify(s.Ctx, &types.MsgCertify{Signer: trader.Signer(), Subject: wheatLot, Kind: types.CERTIFICATION_KIND_ORGANIC})
	require.NoError(t, err)
}

// A capture pays for its document's size: a padded document costs at
// least gas_per_document_byte per byte more than a plain one.
func TestCaptureGasGrowsWithDocumentSize(t *testing.T) {
	s := newStory(t)
	gasOf := func(ev epcisbuild.Event) (uint64, int) {
		doc := epcisbuild.Document(ev)
		before := s.Ctx.GasMeter().GasConsumed()
		s.MustCapture(t, s.Farm, doc)
		return s.Ctx.GasMeter().GasConsumed() - before, len(doc)
	}
	plainGas, plainLen := gasOf(s.harvest(wheatLot, "10"))
	paddedGas, paddedLen := gasOf(s.harvest(wheatLot2, "10").Set("example:note", strings.Repeat("x", 100_000)))
	perByte := types.DefaultParams().GasPerDocumentByte
	require.Positive(t, perByte)
	require.GreaterOrEqual(t, paddedGas-plainGas, perByte*uint64(paddedLen-plainLen))
}

// A buyer that recalls goods it owns withdraws them, but writes nothing on
// their maker's credit: only the maker's own recall, or a regulator's,
// does. Otherwise any buyer could smear a brand.
func TestABuyersRecallDoesNotSmearTheMaker(t *testing.T) {
	s := newStory(t)
	s.milledAndPacked()
	s.capture(s.Mill, s.ev("TransactionEvent", "ADD").BizTransaction("inv", "urn:epcglobal:cbv:bt:6902345000001:INV-5").SellTo(s.Retailer.Party()).EPCs(pallet1))
	s.recall(s.Retailer, pallet1)
	records, err := s.CreditQuery.Records(s.Ctx, &credittypes.QueryRecordsRequest{OrgId: keepertest.MillOrg})
	require.NoError(t, err)
	require.Empty(t, records.Records, "the retailer's withdrawal is no finding against the mill")
	s.recall(s.Regulator, flourLot2)
	records, err = s.CreditQuery.Records(s.Ctx, &credittypes.QueryRecordsRequest{OrgId: keepertest.MillOrg})
	require.NoError(t, err)
	require.Len(t, records.Records, 1, "a regulator's recall is")
}

// A device's tie to goods lasts while its organization owns or holds
// them: once the farm has sold and handed over its lot, its sensor's
// readings say nothing about it, and the farm can still end the tie.
func TestATieEndsWithTheHandOver(t *testing.T) {
	s := newStory(t)
	_, err := s.Msg.RegisterProduct(s.Ctx, &types.MsgRegisterProduct{
		Signer: s.Farm.Signer(), Gtin: "06901234123456", Name: "Wheat", MinTemperatureCelsius: "0", MaxTemperatureCelsius: "25",
	})
	require.NoError(t, err)
	lot := "urn:epc:class:lgtin:6901234.012345.TIED"
	s.capture(s.Farm, s.harvest(lot, "10"), s.ev("AssociationEvent", "ADD").BizStep("loading").Parent(sensor).ChildQty(epcisbuild.Quantity{Class: lot}))
	at := uint64(s.clock.Next.UnixMilli())
	targets, _, err := s.Keeper.StorageTargets(s.Ctx, canonical(t, sensor), at, 64)
	require.NoError(t, err)
	require.Len(t, targets, 1, "tied while the farm holds the lot")
	s.capture(s.Farm, s.shipTo(s.Farm, s.Retailer, true).Qty(qty(lot, "")))
	s.capture(s.Retailer, s.receiveAt(s.Retailer).Qty(qty(lot, "")))
	targets, _, err = s.Keeper.StorageTargets(s.Ctx, canonical(t, sensor), uint64(s.clock.Next.UnixMilli()), 64)
	require.NoError(t, err)
	require.Empty(t, targets, "handed over: the farm's sensor no longer speaks for the lot")
	s.capture(s.Farm, s.ev("AssociationEvent", "DELETE").BizStep("unloading").Parent(sensor).ChildQty(epcisbuild.Quantity{Class: lot}))
}
