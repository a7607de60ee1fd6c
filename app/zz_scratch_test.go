package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/tracechain/tracechain/testutil/apptest"
	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	"github.com/tracechain/tracechain/x/trace/gs1"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

func scratchSensor(t *testing.T, m *market, giai string) (*devicetest.Device, *apptest.Account) {
	farmAdmin := m.farm
	gid, err := gs1.Parse(m.lot)
	require.NoError(t, err)
	m.ok(farmAdmin, &tracetypes.MsgRegisterProduct{Signer: farmAdmin.Bech32(), Gtin: gid.Key, Name: "Wheat", Category: "grain",
		MinTemperatureCelsius: "5", MaxTemperatureCelsius: "25"})
	s := devicetest.New(t, devicetypes.KEY_TYPE_SECP256K1, devicetypes.NewDomain(apptest.ChainID))
	m.ok(farmAdmin, s.RegisterMsg(t, farmAdmin.Bech32(), apptest.Farm.ID, devicetypes.DEVICE_KIND_SENSOR, giai))
	priv, err := s.Key.AccountKey()
	require.NoError(t, err)
	acc := apptest.KeyAccount("sensor", priv)
	m.Refresh(acc)
	return s, acc
}

// An order linked to a pallet: the excursion is recorded on the lot in it
// (Via the pallet), so excursionsInWindow finds nothing and escrow is released.
func TestScratchSSCCLinkedOrderIgnoresExcursions(t *testing.T) {
	m := newMarket(t)
	op := m.Accounts["farm-operator"]
	giai := "urn:epc:id:giai:" + apptest.FarmPrefix + ".TRUCK-1"
	sensor, sensorAcc := scratchSensor(t, m, giai)
	pallet := "urn:epc:id:sscc:" + apptest.FarmPrefix + ".0000000001"
	clock := epcisbuild.NewClock(m.Time.Add(-2 * time.Second))
	m.ok(op, &tracetypes.MsgCaptureEvents{Signer: op.Bech32(), Document: epcisbuild.Document(
		clock.New("AggregationEvent", "ADD").Parent(pallet).ChildQty(epcisbuild.Quantity{Class: m.lot}),
		clock.New("AssociationEvent", "ADD").BizStep("loading").Parent(giai).Children(pallet))})
	m.ok(m.farm, &servicetypes.MsgCreateOrder{Signer: m.farm.Bech32(), OfferingId: m.offering, Quantity: 1, LinkedObjects: []string{pallet}})
	id := uint64(1)
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
	m.ok(sensorAcc, &devicetypes.MsgSubmitReadings{Signer: sensorAcc.Bech32(), Readings: []devicetypes.Reading{sensor.Temperature(t, m.Time.UnixMilli(), "31.0")}})
	n := 0
	require.NoError(t, m.App.DeviceKeeper.Excursions.Walk(m.Context(), nil, func(_ uint64, e devicetypes.Excursion) (bool, error) {
		n++
		t.Logf("excursion on %s via %s", e.ObjectId, e.Via)
		return false, nil
	}))
	require.Equal(t, 1, n)
	ev := epcisbuild.NewClock(m.Time).New("ObjectEvent", "OBSERVE").BizStep("departing").EPCs(pallet)
	m.ok(op, &tracetypes.MsgCaptureEvents{Signer: op.Bech32(), Document: epcisbuild.Document(ev)})
	m.ok(m.logistics, &servicetypes.MsgDeliverOrder{Signer: m.logistics.Bech32(), OrderId: id, Evidence: servicetypes.Evidence{EventIds: []string{m.lastEvent()}}})
	require.Empty(t, m.get(id).ExcursionIds, "BUG: the excursion on the pallet's lot is not seen")
	m.advance(4 * 24 * time.Hour)
	require.Equal(t, servicetypes.ORDER_STATE_COMPLETED, m.get(id).State, "BUG: released despite the excursion")
}

// The farm ties its sensor, hands the lot to the retailer (ownership and
// custody), can no longer untie it, and its sensor then blocks release of
// the retailer's order with Coldline.
func TestScratchAssociationOutlivesHandOff(t *testing.T) {
	m := newMarket(t)
	op, retail := m.Accounts["farm-operator"], m.Accounts["retail-admin"]
	giai := "urn:epc:id:giai:" + apptest.FarmPrefix + ".TRUCK-1"
	sensor, sensorAcc := scratchSensor(t, m, giai)
	farmParty, retailParty := "urn:epc:id:pgln:"+apptest.FarmPrefix+".00000", "urn:epc:id:pgln:"+apptest.Retailer.ID+".00000"
	clock := epcisbuild.NewClock(m.Time.Add(-10 * time.Second))
	m.ok(op, &tracetypes.MsgCaptureEvents{Signer: op.Bech32(), Document: epcisbuild.Document(
		clock.New("AssociationEvent", "ADD").BizStep("loading").Parent(giai).ChildQty(epcisbuild.Quantity{Class: m.lot}),
		clock.New("ObjectEvent", "OBSERVE").BizStep("shipping").Qty(epcisbuild.Quantity{Class: m.lot}).From(farmParty).ShipTo(retailParty, retailParty))})
	m.ok(retail, &tracetypes.MsgCaptureEvents{Signer: retail.Bech32(), Document: epcisbuild.Document(
		clock.New("ObjectEvent", "OBSERVE").BizStep("receiving").Qty(epcisbuild.Quantity{Class: m.lot}))})
	obj, err := m.App.TraceKeeper.Objects.Get(m.Context(), m.lot)
	require.NoError(t, err)
	require.Equal(t, apptest.Retailer.ID, obj.OwnerOrgId)
	require.Equal(t, apptest.Retailer.ID, obj.CustodianOrgId)
	// Nobody can close the association now.
	m.refused(op, "owned by", &tracetypes.MsgCaptureEvents{Signer: op.Bech32(), Document: epcisbuild.Document(
		clock.New("AssociationEvent", "DELETE").Parent(giai).ChildQty(epcisbuild.Quantity{Class: m.lot}))})
	m.refused(retail, "prefix", &tracetypes.MsgCaptureEvents{Signer: retail.Bech32(), Document: epcisbuild.Document(
		clock.New("AssociationEvent", "DELETE").Parent(giai).ChildQty(epcisbuild.Quantity{Class: m.lot}))})
	// The retailer orders Coldline's service on its lot.
	m.ok(m.bank, &servicetypes.MsgMint{Signer: m.bank.Bech32(), Recipient: retail.Bech32(), Amount: sdkmath.NewInt(10_000)})
	m.ok(retail, &servicetypes.MsgCreateOrder{Signer: retail.Bech32(), OfferingId: m.offering, Quantity: 1, LinkedObjects: []string{m.lot}})
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: 1})
	// The farm, no longer anything to the goods, heats its sensor.
	m.ok(sensorAcc, &devicetypes.MsgSubmitReadings{Signer: sensorAcc.Bech32(), Readings: []devicetypes.Reading{sensor.Temperature(t, m.Time.UnixMilli(), "40.0")}})
	m.ok(retail, &tracetypes.MsgCaptureEvents{Signer: retail.Bech32(), Document: epcisbuild.Document(
		epcisbuild.NewClock(m.Time).New("ObjectEvent", "OBSERVE").BizStep("storing").Qty(epcisbuild.Quantity{Class: m.lot}))})
	m.ok(m.logistics, &servicetypes.MsgDeliverOrder{Signer: m.logistics.Bech32(), OrderId: 1, Evidence: servicetypes.Evidence{EventIds: []string{m.lastEvent()}}})
	require.Len(t, m.get(1).ExcursionIds, 1, "the ex-holder's sensor counts")
	m.advance(4 * 24 * time.Hour)
	require.Equal(t, servicetypes.ORDER_STATE_DISPUTED, m.get(1).State, "release blocked by a third party")
}
