package keeper_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	credittypes "github.com/tracechain/tracechain/x/credit/types"
	"github.com/tracechain/tracechain/x/device/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// carrierLots: the carrier commissions n lots of its own chilled product
// (2 to 8 °C) and ties its truck sensor to each at tiedAt, untying them at
// untiedAt unless that is zero.
func carrierLots(t *testing.T, f *keepertest.Device, n int, tiedAt, untiedAt time.Time) {
	t.Helper()
	const gtin = "06903456000010"
	if has, err := f.Trace.Keeper.Products.Has(f.Ctx, gtin); err != nil || !has {
		_, err := f.Trace.Msg.RegisterProduct(f.Ctx, &tracetypes.MsgRegisterProduct{
			Signer: f.Logistics.Signer(), Gtin: gtin, Name: "Chilled produce", MinTemperatureCelsius: "2", MaxTemperatureCelsius: "8",
		})
		require.NoError(t, err)
	}
	clock := epcisbuild.NewClock(tiedAt.Add(-time.Minute))
	clock.Step = time.Millisecond
	var commission, tie, untie []epcisbuild.Event
	for i := range n {
		lot := fmt.Sprintf("urn:epc:class:lgtin:6903456.000001.D%d-%d", tiedAt.Unix(), i)
		commission = append(commission, clock.New("ObjectEvent", "ADD").BizStep("commissioning").Qty(epcisbuild.Quantity{Class: lot, Amount: "1", UOM: "KGM"}))
		tie = append(tie, epcisbuild.NewClock(tiedAt).New("AssociationEvent", "ADD").BizStep("loading").Parent(truckGIAI).ChildQty(epcisbuild.Quantity{Class: lot}))
		if !untiedAt.IsZero() {
			untie = append(untie, epcisbuild.NewClock(untiedAt).New("AssociationEvent", "DELETE").BizStep("unloading").Parent(truckGIAI).ChildQty(epcisbuild.Quantity{Class: lot}))
		}
	}
	for _, batch := range [][]epcisbuild.Event{commission, tie, untie} {
		if len(batch) > 0 {
			f.MustCapture(t, f.Logistics, epcisbuild.Document(batch...))
		}
	}
}

// The carrier cannot hide a warm truck behind many associations recorded
// after its cargo's and ended before the reading: only associations that
// can cover a reading's time are looked at, so the real cargo is checked
// however many others came and went.
func TestPastAssociationsCannotStarveTheExcursionCheck(t *testing.T) {
	f := setup(t)
	now := f.Ctx.BlockTime()
	budget := int(types.DefaultParams().MaxExcursionObjects)
	coldChain(t, f, now.Add(-30*time.Minute))
	// Recorded after the cargo's association: newer, and over before the reading.
	carrierLots(t, f, budget+36, now.Add(-25*time.Minute), now.Add(-24*time.Minute))
	sensor := register(t, f, types.KEY_TYPE_SECP256K1, truckGIAI)
	resp, err := f.Submit(bech32(logisticsGateway), sensor.Temperature(t, now.Add(-20*time.Minute).UnixMilli(), "31.5"))
	require.NoError(t, err)
	require.Len(t, resp.ExcursionIds, 1, "the flour on the truck is checked")
}

// More goods tied at once than one reading may be checked against: the
// reading is refused, never recorded half-checked.
func TestTooManyTiedGoodsRefuseTheReading(t *testing.T) {
	f := setup(t)
	now := f.Ctx.BlockTime()
	budget := int(types.DefaultParams().MaxExcursionObjects)
	coldChain(t, f, now.Add(-30*time.Minute))
	carrierLots(t, f, budget, now.Add(-25*time.Minute), time.Time{})
	sensor := register(t, f, types.KEY_TYPE_SECP256K1, truckGIAI)
	before, err := f.Keeper.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	_, err = f.Submit(bech32(logisticsGateway), sensor.Temperature(t, now.Add(-20*time.Minute).UnixMilli(), "31.5"))
	require.ErrorIs(t, err, types.ErrTooManyTargets)
	after, err := f.Keeper.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	require.Equal(t, before, after)
}

// One warm reading over many lots of one owner is one credit record, not
// one per lot: tying a sensor to many lots does not multiply its record.
func TestOneCreditRecordPerReadingAndOwner(t *testing.T) {
	f := setup(t)
	now := f.Ctx.BlockTime()
	carrierLots(t, f, 10, now.Add(-25*time.Minute), time.Time{})
	sensor := register(t, f, types.KEY_TYPE_SECP256K1, truckGIAI)
	resp, err := f.Submit(bech32(logisticsGateway), sensor.Temperature(t, now.Add(-20*time.Minute).UnixMilli(), "12"))
	require.NoError(t, err)
	require.Len(t, resp.ExcursionIds, 10)
	records, err := f.CreditQuery.Records(f.Ctx, &credittypes.QueryRecordsRequest{OrgId: f.Logistics.ID})
	require.NoError(t, err)
	require.Len(t, records.Records, 1)
	require.Equal(t, credittypes.RECORD_KIND_EXCURSION, records.Records[0].Kind)
}
