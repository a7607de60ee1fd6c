package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	credittypes "github.com/tracechain/tracechain/x/credit/types"
	"github.com/tracechain/tracechain/x/device/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

const (
	flourGTIN = "06902345543218"
	flourLot  = "urn:epc:class:lgtin:6902345.054321.FL-A"
	flourDL   = "https://id.gs1.org/01/06902345543218/10/FL-A"
	pallet    = "urn:epc:id:sscc:6902345.0000000011"
	truckGIAI = "urn:epc:id:giai:6903456.TRUCK7-T1"
)

// coldChain registers flour (5 to 25 °C), packs a flour lot on a pallet,
// and associates the truck's sensor with the pallet at associatedAt.
func coldChain(t *testing.T, f *keepertest.Device, associatedAt time.Time) {
	t.Helper()
	_, err := f.Trace.Msg.RegisterProduct(f.Ctx, &tracetypes.MsgRegisterProduct{
		Signer: f.Mill.Signer(), Gtin: flourGTIN, Name: "Wheat flour", Category: "flour",
		MinTemperatureCelsius: "5", MaxTemperatureCelsius: "25",
	})
	require.NoError(t, err)
	clock := epcisbuild.NewClock(associatedAt.Add(-time.Minute))
	f.MustCapture(t, f.Mill, epcisbuild.Document(
		clock.New("ObjectEvent", "ADD").BizStep("commissioning").At(f.Mill.Site()).Qty(epcisbuild.Quantity{Class: flourLot, Amount: "500", UOM: "KGM"}),
		clock.New("AggregationEvent", "ADD").BizStep("packing").At(f.Mill.Site()).Parent(pallet).ChildQty(epcisbuild.Quantity{Class: flourLot}),
		clock.New("ObjectEvent", "OBSERVE").BizStep("shipping").At(f.Mill.Site()).EPCs(pallet).ShipTo(f.Logistics.Party(), ""),
	))
	f.MustCapture(t, f.Logistics, epcisbuild.Document(clock.New("ObjectEvent", "OBSERVE").BizStep("receiving").EPCs(pallet)))
	// The carrier, holding the pallet, ties its truck's sensor to it.
	assoc := epcisbuild.NewClock(associatedAt).New("AssociationEvent", "ADD").BizStep("assembling").Parent(truckGIAI).Children(pallet)
	f.MustCapture(t, f.Logistics, epcisbuild.Document(assoc))
}

func TestExcursionOfALotOnAnAssociatedPallet(t *testing.T) {
	f := setup(t)
	associatedAt := f.Ctx.BlockTime().Add(-30 * time.Minute)
	coldChain(t, f, associatedAt)
	sensor := register(t, f, types.KEY_TYPE_SECP256K1, truckGIAI)
	gw := bech32(logisticsGateway)
	at := func(d time.Duration) int64 { return associatedAt.Add(d).UnixMilli() }

	before := sensor.Temperature(t, at(-time.Minute), "40") // not yet associated
	fine := sensor.Temperature(t, at(time.Minute), "18.5")
	low := sensor.Temperature(t, at(2*time.Minute), "4.99")
	high := sensor.Temperature(t, at(3*time.Minute), "25.01")
	boundary := sensor.Temperature(t, at(4*time.Minute), "25")
	resp, err := f.Submit(gw, before, fine, low, high, boundary)
	require.NoError(t, err)
	require.Len(t, resp.ExcursionIds, 2)

	byLot, err := f.Query.Excursions(f.Ctx, &types.QueryExcursionsRequest{ObjectId: flourLot})
	require.NoError(t, err)
	require.Len(t, byLot.Excursions, 2)
	e := byLot.Excursions[0]
	require.Equal(t, flourDL, e.ObjectId)
	require.Equal(t, flourGTIN, e.Gtin)
	require.Equal(t, "min", e.Limit)
	require.Equal(t, "5", e.LimitValue)
	require.Equal(t, "4.99", e.Value)
	require.Equal(t, low.Counter, e.Counter)
	require.Equal(t, "https://id.gs1.org/00/069023450000000117", e.Via, "associated through the pallet")
	require.NotEmpty(t, e.AssociationEventId)
	require.Equal(t, "max", byLot.Excursions[1].Limit)

	// Each excursion is on the record of the sensor's organization, which
	// runs the truck.
	records, err := f.CreditQuery.Records(f.Ctx, &credittypes.QueryRecordsRequest{OrgId: f.Logistics.ID})
	require.NoError(t, err)
	require.Len(t, records.Records, 2)
	require.Equal(t, credittypes.RECORD_KIND_EXCURSION, records.Records[0].Kind)
	require.Equal(t, f.Mill.ID, records.Records[0].CounterpartyOrgId, "the goods' owner")

	byDevice, err := f.Query.Excursions(f.Ctx, &types.QueryExcursionsRequest{Device: sensor.ID()})
	require.NoError(t, err)
	require.Equal(t, byLot.Excursions, byDevice.Excursions)

	// Limits are converted to the reading's unit, exactly: 77.9 °F > 25 °C (77 °F).
	fahrenheit := types.Reading{
		Device: sensor.ID(), Counter: sensor.Counter + 1, DeviceTimeMs: uint64(at(5 * time.Minute)),
		MeasurementType: types.TemperatureType, Value: "77.9", Unit: "FAH",
	}
	sensor.Counter++
	sensor.Sign(t, &fahrenheit)
	resp, err = f.Submit(gw, fahrenheit)
	require.NoError(t, err)
	require.Len(t, resp.ExcursionIds, 1)
	got, err := f.Keeper.Excursions.Get(f.Ctx, resp.ExcursionIds[0])
	require.NoError(t, err)
	require.Equal(t, "77", got.LimitValue)

	// Once the association ends, the sensor's readings concern nothing.
	f.MustCapture(t, f.Logistics, epcisbuild.Document(
		epcisbuild.NewClock(associatedAt.Add(10*time.Minute)).New("AssociationEvent", "DELETE").BizStep("disassembling").Parent(truckGIAI).Children(pallet)))
	resp, err = f.Submit(gw, sensor.Temperature(t, at(11*time.Minute), "50"))
	require.NoError(t, err)
	require.Empty(t, resp.ExcursionIds)

	// A sensor without a GIAI is associated with nothing.
	plain := register(t, f, types.KEY_TYPE_P256, "")
	resp, err = f.Submit(gw, plain.Temperature(t, at(5*time.Minute), "99"))
	require.NoError(t, err)
	require.Empty(t, resp.ExcursionIds)
}
