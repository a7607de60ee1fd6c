package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/testutil/apptest"
	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/gs1"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// An excursion of a linked lot during the service blocks the automatic
// release: when the confirm window lapses the order goes to dispute, and
// the escrow stays until an arbiter splits it.
func TestExcursionBlocksAutomaticRelease(t *testing.T) {
	m := newMarket(t)
	farmAdmin, op := m.farm, m.Accounts["farm-operator"]
	gid, err := gs1.Parse(m.lot)
	require.NoError(t, err)
	m.ok(farmAdmin, &tracetypes.MsgRegisterProduct{
		Signer: farmAdmin.Bech32(), Gtin: gid.Key, Name: "Wheat", Category: "grain",
		MinTemperatureCelsius: "5", MaxTemperatureCelsius: "25",
	})
	sensor := devicetest.New(t, devicetypes.KEY_TYPE_SECP256K1, devicetypes.NewDomain(apptest.ChainID))
	giai := "urn:epc:id:giai:" + apptest.FarmPrefix + ".TRUCK-1"
	m.ok(farmAdmin, sensor.RegisterMsg(t, farmAdmin.Bech32(), apptest.Farm.ID, devicetypes.DEVICE_KIND_SENSOR, giai))
	priv, err := sensor.Key.AccountKey()
	require.NoError(t, err)
	sensorAcc := apptest.KeyAccount("sensor", priv)
	m.Refresh(sensorAcc)

	id := m.order(5)
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
	clock := epcisbuild.NewClock(m.Time.Add(-time.Second))
	m.ok(op, &tracetypes.MsgCaptureEvents{Signer: op.Bech32(), Document: epcisbuild.Document(
		clock.New("AssociationEvent", "ADD").BizStep("loading").Parent(giai).ChildQty(epcisbuild.Quantity{Class: m.lot}))})
	m.ok(sensorAcc, &devicetypes.MsgSubmitReadings{Signer: sensorAcc.Bech32(), Readings: []devicetypes.Reading{
		sensor.Temperature(t, m.Time.UnixMilli(), "31.0"),
	}})

	res := m.Deliver([]*apptest.Account{m.logistics}, m.deliver(id))
	require.Zero(t, res.Code, res.Log)
	o := m.get(id)
	require.Len(t, o.ExcursionIds, 1, "found at delivery")

	m.advance(4 * 24 * time.Hour)
	o = m.get(id)
	require.Equal(t, servicetypes.ORDER_STATE_DISPUTED, o.State, "automatic release blocked")
	require.Contains(t, o.DisputeReason, "excursions")
	require.Zero(t, m.balance(m.logistics), "nothing released")
	m.ok(m.arbiter, &servicetypes.MsgResolveDispute{Signer: m.arbiter.Bech32(), OrderId: id, ProviderAmount: sdkmath.NewInt(2 * price)})
	require.EqualValues(t, 2*price, m.balance(m.logistics))
}

// TestTenThousandOrdersExpireOverSeveralBlocks: 10,000 orders created in
// one block expire at the same second; EndBlock works them off at most
// deadlines_per_block per block, the escrow invariant holding throughout,
// and every block commits.
func TestTenThousandOrdersExpireOverSeveralBlocks(t *testing.T) {
	m := newMarket(t)
	m.GasLimit = 100_000_000
	m.ok(m.bank, &servicetypes.MsgMint{Signer: m.bank.Bech32(), Recipient: m.farm.Bech32(), Amount: sdkmath.NewInt(20_000_000)})
	const n, perTx = 10_000, 25
	var txs [][]byte
	for start := 0; start < n; start += perTx {
		var batch []servicetypes.MsgCreateOrder
		for range perTx {
			batch = append(batch, servicetypes.MsgCreateOrder{Signer: m.farm.Bech32(), OfferingId: m.offering, Quantity: 1})
		}
		sdkMsgs := make([]sdk.Msg, len(batch))
		for i := range batch {
			sdkMsgs[i] = &batch[i]
		}
		txs = append(txs, m.SignTx([]*apptest.Account{m.farm}, sdkMsgs...))
		m.farm.Sequence++
	}
	res := m.NextBlock(txs...)
	for i, r := range res.TxResults {
		require.Zero(t, r.Code, "tx %d: %s", i, r.Log)
	}
	m.Refresh(m.farm)
	_, open, count, err := m.App.ServiceKeeper.EscrowTotals(m.Context())
	require.NoError(t, err)
	require.EqualValues(t, n, count)
	require.True(t, open.Equal(sdkmath.NewInt(n*price)))

	p, err := m.App.ServiceKeeper.Params.Get(m.Context())
	require.NoError(t, err)
	m.Time = m.Time.Add(32 * 24 * time.Hour) // all past deliver-by + grace
	blocks, remaining := 0, uint64(n)
	for remaining > 0 {
		m.NextBlock()
		blocks++
		_, _, left, err := m.App.ServiceKeeper.EscrowTotals(m.Context())
		require.NoError(t, err)
		require.LessOrEqual(t, remaining-left, uint64(p.DeadlinesPerBlock), "block %d worked more than the cap", blocks)
		require.NoError(t, m.App.ServiceKeeper.CheckEscrow(m.Context()))
		remaining = left
		require.Less(t, blocks, 100, "the queue drains")
	}
	require.GreaterOrEqual(t, blocks, n/int(p.DeadlinesPerBlock))
	require.EqualValues(t, 21_000_000, m.balance(m.farm), "every escrow refunded")
	t.Logf("%d orders expired over %d blocks (cap %d per block)", n, blocks, p.DeadlinesPerBlock)
}

// A batch cited as delivery evidence must come from a device of the
// provider, tied to the order's goods while its readings were taken: any
// other device's batch proves nothing about this order.
func TestAnchorEvidenceComesFromADeviceTiedToTheGoods(t *testing.T) {
	m := newMarket(t)
	sensorOf := func(admin *apptest.Account, org, name, giai string) (*devicetest.Device, *apptest.Account) {
		d := devicetest.New(t, devicetypes.KEY_TYPE_SECP256K1, devicetypes.NewDomain(apptest.ChainID))
		m.ok(admin, d.RegisterMsg(t, admin.Bech32(), org, devicetypes.DEVICE_KIND_SENSOR, giai))
		priv, err := d.Key.AccountKey()
		require.NoError(t, err)
		acc := apptest.KeyAccount(name, priv)
		m.Refresh(acc)
		return d, acc
	}
	tiedGIAI, farmGIAI := "urn:epc:id:giai:"+apptest.LogisticsPrefix+".TRUCK-2", "urn:epc:id:giai:"+apptest.FarmPrefix+".SHED-9"
	tied, tiedAcc := sensorOf(m.logistics, apptest.Logistics.ID, "tied", tiedGIAI)
	untied, untiedAcc := sensorOf(m.logistics, apptest.Logistics.ID, "untied", "urn:epc:id:giai:"+apptest.LogisticsPrefix+".SPARE-1")
	farms, farmsAcc := sensorOf(m.farm, apptest.Farm.ID, "farms", farmGIAI)

	id := m.order(1)
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
	tie := func(by *apptest.Account, giai string) {
		m.ok(by, &tracetypes.MsgCaptureEvents{Signer: by.Bech32(), Document: epcisbuild.Document(
			epcisbuild.NewClock(m.Time).New("AssociationEvent", "ADD").BizStep("loading").Parent(giai).ChildQty(epcisbuild.Quantity{Class: m.lot}))})
	}
	tie(m.logistics, tiedGIAI)
	tie(m.farm, farmGIAI) // the owner ties its own sensor too
	m.advance(time.Minute)
	anchor := func(d *devicetest.Device, acc *apptest.Account) string {
		_, _, header := d.Batch(t, 10, m.Time.Add(-30*time.Second).UnixMilli())
		m.ok(acc, &devicetypes.MsgAnchorBatch{Signer: acc.Bech32(), Header: header})
		return d.ID() + ":5"
	}
	tiedBatch, untiedBatch, farmBatch := anchor(tied, tiedAcc), anchor(untied, untiedAcc), anchor(farms, farmsAcc)
	deliver := func(a string) *servicetypes.MsgDeliverOrder {
		return &servicetypes.MsgDeliverOrder{Signer: m.logistics.Bech32(), OrderId: id, Evidence: servicetypes.Evidence{Anchors: []string{a}}}
	}
	m.refused(m.logistics, "was not tied to any of the order's objects", deliver(untiedBatch))
	m.refused(m.logistics, "evidence is the citing party's", deliver(farmBatch))
	require.Equal(t, servicetypes.ORDER_STATE_ACCEPTED, m.get(id).State)
	m.ok(m.logistics, deliver(tiedBatch))
	require.Equal(t, servicetypes.ORDER_STATE_DELIVERED, m.get(id).State)
}

// An order linked to a pallet sees the excursions of the goods on it:
// excursions are recorded on the lots a tied pallet holds.
func TestExcursionsOfGoodsOnALinkedPallet(t *testing.T) {
	m := newMarket(t)
	gid, err := gs1.Parse(m.lot)
	require.NoError(t, err)
	m.ok(m.farm, &tracetypes.MsgRegisterProduct{Signer: m.farm.Bech32(), Gtin: gid.Key, Name: "Wheat", MinTemperatureCelsius: "5", MaxTemperatureCelsius: "25"})
	pallet := "urn:epc:id:sscc:" + apptest.LogisticsPrefix + ".0000000001"
	m.ok(m.logistics, &tracetypes.MsgCaptureEvents{Signer: m.logistics.Bech32(), Document: epcisbuild.Document(
		epcisbuild.NewClock(m.Time).New("AggregationEvent", "ADD").BizStep("packing").Parent(pallet).ChildQty(epcisbuild.Quantity{Class: m.lot}))})
	giai := "urn:epc:id:giai:" + apptest.LogisticsPrefix + ".TRUCK-3"
	sensor := devicetest.New(t, devicetypes.KEY_TYPE_SECP256K1, devicetypes.NewDomain(apptest.ChainID))
	m.ok(m.logistics, sensor.RegisterMsg(t, m.logistics.Bech32(), apptest.Logistics.ID, devicetypes.DEVICE_KIND_SENSOR, giai))
	priv, err := sensor.Key.AccountKey()
	require.NoError(t, err)
	sensorAcc := apptest.KeyAccount("sensor", priv)
	m.Refresh(sensorAcc)

	m.ok(m.farm, &servicetypes.MsgCreateOrder{Signer: m.farm.Bech32(), OfferingId: m.offering, Quantity: 1, LinkedObjects: []string{pallet}})
	id := m.nextOrder
	m.nextOrder++
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
	m.ok(m.logistics, &tracetypes.MsgCaptureEvents{Signer: m.logistics.Bech32(), Document: epcisbuild.Document(
		epcisbuild.NewClock(m.Time).New("AssociationEvent", "ADD").BizStep("loading").Parent(giai).Children(pallet))})
	m.ok(sensorAcc, &devicetypes.MsgSubmitReadings{Signer: sensorAcc.Bech32(), Readings: []devicetypes.Reading{sensor.Temperature(t, m.Time.UnixMilli(), "31.0")}})
	m.ok(m.logistics, m.deliver(id))
	require.Len(t, m.get(id).ExcursionIds, 1, "the lot on the linked pallet was warm")
}
