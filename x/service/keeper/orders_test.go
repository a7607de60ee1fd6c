package keeper_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/tracechain/tracechain/testutil/apptest"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	credittypes "github.com/tracechain/tracechain/x/credit/types"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

const price = 1_000 // settlement base units per pallet

// market is a chain where the bank has issued settlement coins to the
// farm, Coldline offers cold-chain transport, and the farm has a lot on
// chain (with its harvest event) that orders can link, handed to Coldline
// to carry.
type market struct {
	*apptest.Chain
	t                                   *testing.T
	farm, logistics, bank, arbiter, reg *apptest.Account
	offering                            uint64
	lot                                 string
	eventID                             string
	nextOrder                           uint64
}

func newMarket(t *testing.T) *market {
	t.Helper()
	c := apptest.NewChain(t)
	m := &market{
		Chain: c, t: t, farm: c.Accounts["farm-admin"], logistics: c.Accounts["logistics-admin"],
		bank: c.Accounts["bank-admin"], arbiter: c.Accounts["arbiter-admin"], reg: c.Accounts["regulator-admin"],
		lot: apptest.FarmLot(0), nextOrder: 1,
	}
	m.ok(m.bank, &servicetypes.MsgMint{Signer: m.bank.Bech32(), Recipient: m.farm.Bech32(), Amount: sdkmath.NewInt(1_000_000)})
	m.ok(m.logistics, &servicetypes.MsgCreateOffering{
		Signer: m.logistics.Bech32(), Category: servicetypes.CATEGORY_LOGISTICS, Title: "Reefer truck 5-25 °C",
		UnitPrice: sdkmath.NewInt(price), Unit: "pallet", Sla: servicetypes.SLA{DeliverWithinSeconds: 86_400, MinTemperatureCelsius: "5", MaxTemperatureCelsius: "25"},
	})
	m.offering = 1
	op := c.Accounts["farm-operator"]
	clock := epcisbuild.NewClock(c.Time.Add(-time.Hour))
	m.ok(op, &tracetypes.MsgCaptureEvents{Signer: op.Bech32(), Document: epcisbuild.Document(apptest.Harvests(clock, 0, 1)...)})
	require.NoError(t, c.App.TraceKeeper.EventsBySequence.Walk(c.Context(), nil, func(_ uint64, id string) (bool, error) {
		m.eventID = id
		return true, nil
	}))
	require.NotEmpty(t, m.eventID)
	// The farm hands the lot to Coldline (it stays the farm's).
	m.ok(op, &tracetypes.MsgCaptureEvents{Signer: op.Bech32(), Document: epcisbuild.Document(
		clock.New("ObjectEvent", "OBSERVE").BizStep("shipping").Qty(epcisbuild.Quantity{Class: m.lot}).ShipTo(partyOf(apptest.LogisticsPrefix), ""))})
	m.ok(m.logistics, &tracetypes.MsgCaptureEvents{Signer: m.logistics.Bech32(), Document: epcisbuild.Document(
		clock.New("ObjectEvent", "OBSERVE").BizStep("receiving").Qty(epcisbuild.Quantity{Class: m.lot}))})
	m.eventID = m.lastEvent() // Coldline's receipt, before any order
	return m
}

func partyOf(prefix string) string { return "urn:epc:id:pgln:" + prefix + ".00000" }

// ok delivers msgs signed by one account and requires success.
func (m *market) ok(signer *apptest.Account, msgs ...sdk.Msg) {
	m.t.Helper()
	res := m.Deliver([]*apptest.Account{signer}, msgs...)
	require.Zero(m.t, res.Code, res.Log)
	require.NoError(m.t, m.App.ServiceKeeper.CheckEscrow(m.Context()), "escrow invariant after every step")
}

// refused delivers msgs and requires the error's log to hold want.
func (m *market) refused(signer *apptest.Account, want string, msgs ...sdk.Msg) {
	m.t.Helper()
	res := m.Deliver([]*apptest.Account{signer}, msgs...)
	require.NotZero(m.t, res.Code, "expected a refusal containing %q", want)
	require.Contains(m.t, res.Log, want)
	require.NoError(m.t, m.App.ServiceKeeper.CheckEscrow(m.Context()))
}

func (m *market) order(quantity uint64) uint64 {
	m.t.Helper()
	m.ok(m.farm, &servicetypes.MsgCreateOrder{Signer: m.farm.Bech32(), OfferingId: m.offering, Quantity: quantity, LinkedObjects: []string{m.lot}})
	id := m.nextOrder
	m.nextOrder++
	return id
}

func (m *market) get(id uint64) servicetypes.Order {
	m.t.Helper()
	o, err := m.App.ServiceKeeper.Orders.Get(m.Context(), id)
	require.NoError(m.t, err)
	return o
}

func (m *market) balance(acc *apptest.Account) int64 {
	return m.App.BankKeeper.GetBalance(m.Context(), acc.Address, servicetypes.DefaultSettlementDenom).Amount.Int64()
}

// deliver has Coldline record an event about the order's lot inside the
// service window (storing it) and returns the delivery that cites it.
func (m *market) deliver(id uint64) *servicetypes.MsgDeliverOrder {
	m.t.Helper()
	return &servicetypes.MsgDeliverOrder{Signer: m.logistics.Bech32(), OrderId: id, Evidence: servicetypes.Evidence{EventIds: []string{m.record(m.logistics, "storing", id)}}}
}

// record captures an observation of the lot by an account, now, and
// returns its event ID.
func (m *market) record(by *apptest.Account, bizStep string, tag uint64) string {
	m.t.Helper()
	ev := epcisbuild.NewClock(m.Time).New("ObjectEvent", "OBSERVE").BizStep(bizStep).Qty(epcisbuild.Quantity{Class: m.lot}).
		Set("example:order", fmt.Sprint(tag))
	m.ok(by, &tracetypes.MsgCaptureEvents{Signer: by.Bech32(), Document: epcisbuild.Document(ev)})
	return m.lastEvent()
}

// lastEvent is the ID of the event captured last.
func (m *market) lastEvent() string {
	m.t.Helper()
	var id string
	rng := new(collections.Range[uint64]).Descending()
	require.NoError(m.t, m.App.TraceKeeper.EventsBySequence.Walk(m.Context(), rng, func(_ uint64, eventID string) (bool, error) {
		id = eventID
		return true, nil
	}))
	return id
}

// advance moves block time on and runs a block (EndBlock works deadlines).
func (m *market) advance(d time.Duration) {
	m.Time = m.Time.Add(d)
	m.NextBlock()
	require.NoError(m.t, m.App.ServiceKeeper.CheckEscrow(m.Context()))
}

func TestOrderHappyPathReleasesEscrow(t *testing.T) {
	m := newMarket(t)
	id := m.order(3)
	require.EqualValues(t, 1_000_000-3*price, m.balance(m.farm), "escrowed at creation")
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
	m.ok(m.logistics, m.deliver(id))
	require.Equal(t, servicetypes.ORDER_STATE_DELIVERED, m.get(id).State)
	m.ok(m.farm, &servicetypes.MsgConfirmOrder{Signer: m.farm.Bech32(), OrderId: id})
	o := m.get(id)
	require.Equal(t, servicetypes.ORDER_STATE_COMPLETED, o.State)
	require.EqualValues(t, 3*price, m.balance(m.logistics), "released to the provider")
	records, err := m.App.CreditKeeper.Records.Get(m.Context(), 1)
	require.NoError(t, err)
	require.Equal(t, credittypes.RECORD_KIND_ORDER_ON_TIME, records.Kind)
	require.Equal(t, apptest.Logistics.ID, records.SubjectOrgId)
	require.EqualValues(t, 3*price, records.Value)
}

func TestOrderDeadlines(t *testing.T) {
	t.Run("the confirm window lapses: escrow released", func(t *testing.T) {
		m := newMarket(t)
		id := m.order(1)
		m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
		m.ok(m.logistics, m.deliver(id))
		m.advance(4 * 24 * time.Hour)
		require.Equal(t, servicetypes.ORDER_STATE_COMPLETED, m.get(id).State)
		require.EqualValues(t, price, m.balance(m.logistics))
	})
	t.Run("never accepted: expires, refunded, no record", func(t *testing.T) {
		m := newMarket(t)
		id := m.order(2)
		m.advance(32 * 24 * time.Hour)
		require.Equal(t, servicetypes.ORDER_STATE_EXPIRED, m.get(id).State)
		require.EqualValues(t, 1_000_000, m.balance(m.farm))
		has, err := m.App.CreditKeeper.Records.Has(m.Context(), 1)
		require.NoError(t, err)
		require.False(t, has)
	})
	t.Run("accepted, never delivered: expires, refunded, recorded against the provider", func(t *testing.T) {
		m := newMarket(t)
		id := m.order(2)
		m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
		m.advance(32 * 24 * time.Hour)
		require.Equal(t, servicetypes.ORDER_STATE_EXPIRED, m.get(id).State)
		require.EqualValues(t, 1_000_000, m.balance(m.farm))
		r, err := m.App.CreditKeeper.Records.Get(m.Context(), 1)
		require.NoError(t, err)
		require.Equal(t, credittypes.RECORD_KIND_ORDER_EXPIRED, r.Kind)
	})
	t.Run("delivered two days late", func(t *testing.T) {
		m := newMarket(t)
		id := m.order(1)
		m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
		m.advance(3*24*time.Hour - time.Hour) // deliver-by plus 47 hours: late by two (started) days
		m.ok(m.logistics, m.deliver(id))
		require.EqualValues(t, 2, m.get(id).DaysLate)
		// Fulfilment is recorded when the order settles in the provider's favour.
		has, err := m.App.CreditKeeper.Records.Has(m.Context(), 1)
		require.NoError(t, err)
		require.False(t, has, "not before the order settles")
		m.ok(m.farm, &servicetypes.MsgConfirmOrder{Signer: m.farm.Bech32(), OrderId: id})
		r, err := m.App.CreditKeeper.Records.Get(m.Context(), 1)
		require.NoError(t, err)
		require.Equal(t, credittypes.RECORD_KIND_ORDER_LATE, r.Kind)
		require.EqualValues(t, 2, r.DaysLate)
	})
}

func TestDisputeArbitratedSplitsEscrow(t *testing.T) {
	m := newMarket(t)
	id := m.order(10)
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
	m.ok(m.logistics, m.deliver(id))
	m.ok(m.farm, &servicetypes.MsgDisputeOrder{Signer: m.farm.Bech32(), OrderId: id, Reason: "two pallets arrived warm"})
	m.refused(m.farm, "ARBITER", &servicetypes.MsgResolveDispute{Signer: m.farm.Bech32(), OrderId: id, ProviderAmount: sdkmath.NewInt(1)})
	m.refused(m.arbiter, "between 0 and the escrow", &servicetypes.MsgResolveDispute{Signer: m.arbiter.Bech32(), OrderId: id, ProviderAmount: sdkmath.NewInt(10*price + 1)})
	m.ok(m.arbiter, &servicetypes.MsgResolveDispute{Signer: m.arbiter.Bech32(), OrderId: id, ProviderAmount: sdkmath.NewInt(3 * price), Note: "70% refunded"})
	o := m.get(id)
	require.Equal(t, servicetypes.ORDER_STATE_RESOLVED, o.State)
	require.EqualValues(t, 3*price, m.balance(m.logistics))
	require.EqualValues(t, 1_000_000-3*price, m.balance(m.farm))
	kinds := map[string]credittypes.RecordKind{}
	for i := uint64(1); i <= 2; i++ {
		r, err := m.App.CreditKeeper.Records.Get(m.Context(), i)
		require.NoError(t, err)
		kinds[r.SubjectOrgId] = r.Kind
	}
	require.Equal(t, credittypes.RECORD_KIND_DISPUTE_WON, kinds[apptest.Farm.ID])
	require.Equal(t, credittypes.RECORD_KIND_DISPUTE_LOST, kinds[apptest.Logistics.ID])
	// The provider lost: its delivery is not counted as on time.
	has, err := m.App.CreditKeeper.Records.Has(m.Context(), 3)
	require.NoError(t, err)
	require.False(t, has, "no timeliness record for an order lost in dispute")
}

// Every refusal of the state machine, each leaving balances and orders as
// they were (checked by the escrow invariant and the state).
func TestOrderRefusals(t *testing.T) {
	m := newMarket(t)
	retail := m.Accounts["retail-admin"]
	created := m.order(1)
	accepted := m.order(1)
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: accepted})
	delivered := m.order(1)
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: delivered})
	m.ok(m.logistics, m.deliver(delivered))
	// Inside the window: Coldline's event about goods of its own, the
	// farm's own observation of the lot, an event Coldline declared wrong.
	ownLot := epcisbuild.NewClock(m.Time).New("ObjectEvent", "ADD").BizStep("commissioning").
		Qty(epcisbuild.Quantity{Class: "urn:epc:class:lgtin:" + apptest.LogisticsPrefix + ".000001.OWN", Amount: "1", UOM: "KGM"})
	m.ok(m.logistics, &tracetypes.MsgCaptureEvents{Signer: m.logistics.Bech32(), Document: epcisbuild.Document(ownLot)})
	otherLotEvent := m.lastEvent()
	consumersEvent := m.record(m.Accounts["farm-operator"], "inspecting", 1)
	wrong := epcisbuild.NewClock(m.Time).New("ObjectEvent", "OBSERVE").BizStep("storing").Qty(epcisbuild.Quantity{Class: m.lot}).Set("example:n", "9")
	m.ok(m.logistics, &tracetypes.MsgCaptureEvents{Signer: m.logistics.Bech32(), Document: epcisbuild.Document(wrong)})
	wrongEvent := m.lastEvent()
	wrong["errorDeclaration"] = map[string]any{"declarationTime": m.Time.Format(time.RFC3339), "reason": "incorrect_data"}
	m.ok(m.logistics, &tracetypes.MsgCaptureEvents{Signer: m.logistics.Bech32(), Document: epcisbuild.Document(wrong)})

	cases := []struct {
		name   string
		signer *apptest.Account
		msg    sdk.Msg
		want   string
	}{
		{"a competitor reprices the offering", m.farm, &servicetypes.MsgUpdateOffering{Signer: m.farm.Bech32(), OfferingId: m.offering, UnitPrice: sdkmath.NewInt(1), Active: true}, "offering 1 is " + apptest.Logistics.ID},
		{"own offering", m.logistics, &servicetypes.MsgCreateOrder{Signer: m.logistics.Bech32(), OfferingId: m.offering, Quantity: 1}, "own"},
		{"unknown offering", m.farm, &servicetypes.MsgCreateOrder{Signer: m.farm.Bech32(), OfferingId: 99, Quantity: 1}, "offering not found"},
		{"no quantity", m.farm, &servicetypes.MsgCreateOrder{Signer: m.farm.Bech32(), OfferingId: m.offering}, "quantity"},
		{"no money", retail, &servicetypes.MsgCreateOrder{Signer: retail.Bech32(), OfferingId: m.offering, Quantity: 1}, "insufficient settlement funds"},
		{"unknown linked lot", m.farm, &servicetypes.MsgCreateOrder{Signer: m.farm.Bech32(), OfferingId: m.offering, Quantity: 1, LinkedObjects: []string{apptest.FarmLot(9)}}, "not commissioned"},
		{"provider cancels", m.logistics, &servicetypes.MsgCancelOrder{Signer: m.logistics.Bech32(), OrderId: created}, "consumer is " + apptest.Farm.ID},
		{"cancel after acceptance", m.farm, &servicetypes.MsgCancelOrder{Signer: m.farm.Bech32(), OrderId: accepted}, "ORDER_STATE_ACCEPTED; cancel needs ORDER_STATE_CREATED"},
		{"consumer accepts", m.farm, &servicetypes.MsgAcceptOrder{Signer: m.farm.Bech32(), OrderId: created}, "provider is " + apptest.Logistics.ID},
		{"accept twice", m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: accepted}, "accept needs ORDER_STATE_CREATED"},
		{"deliver unaccepted", m.logistics, m.deliver(created), "deliver needs ORDER_STATE_ACCEPTED"},
		{"deliver without evidence", m.logistics, &servicetypes.MsgDeliverOrder{Signer: m.logistics.Bech32(), OrderId: accepted}, "at least one trace event"},
		{"deliver citing an unknown event", m.logistics, &servicetypes.MsgDeliverOrder{
			Signer: m.logistics.Bech32(), OrderId: accepted,
			Evidence: servicetypes.Evidence{EventIds: []string{"ni:///sha-256;00?ver=CBV2.0"}},
		}, "event_ids[0]"},
		{"deliver citing an unknown anchor", m.logistics, &servicetypes.MsgDeliverOrder{
			Signer: m.logistics.Bech32(), OrderId: accepted,
			Evidence: servicetypes.Evidence{Anchors: []string{"0x0000000000000000000000000000000000000001:5"}},
		}, "anchors[0]"},
		{"deliver citing an event from before the order", m.logistics, &servicetypes.MsgDeliverOrder{
			Signer: m.logistics.Bech32(), OrderId: accepted, Evidence: servicetypes.Evidence{EventIds: []string{m.eventID}},
		}, "outside the service window"},
		{"deliver citing an event about other goods", m.logistics, &servicetypes.MsgDeliverOrder{
			Signer: m.logistics.Bech32(), OrderId: accepted, Evidence: servicetypes.Evidence{EventIds: []string{otherLotEvent}},
		}, "names none of the order's objects"},
		{"deliver citing the consumer's own event", m.logistics, &servicetypes.MsgDeliverOrder{
			Signer: m.logistics.Bech32(), OrderId: accepted, Evidence: servicetypes.Evidence{EventIds: []string{consumersEvent}},
		}, "evidence is the citing party's"},
		{"deliver citing an event declared erroneous", m.logistics, &servicetypes.MsgDeliverOrder{
			Signer: m.logistics.Bech32(), OrderId: accepted, Evidence: servicetypes.Evidence{EventIds: []string{wrongEvent}},
		}, "declared erroneous"},
		{"consumer delivers", m.farm, &servicetypes.MsgDeliverOrder{Signer: m.farm.Bech32(), OrderId: accepted, Evidence: servicetypes.Evidence{EventIds: []string{m.eventID}}}, "provider is"},
		{"confirm undelivered", m.farm, &servicetypes.MsgConfirmOrder{Signer: m.farm.Bech32(), OrderId: accepted}, "confirm needs ORDER_STATE_DELIVERED"},
		{"provider confirms", m.logistics, &servicetypes.MsgConfirmOrder{Signer: m.logistics.Bech32(), OrderId: delivered}, "consumer is"},
		{"dispute without a reason", m.farm, &servicetypes.MsgDisputeOrder{Signer: m.farm.Bech32(), OrderId: delivered}, "reason"},
		{"dispute undelivered", m.farm, &servicetypes.MsgDisputeOrder{Signer: m.farm.Bech32(), OrderId: accepted, Reason: "x"}, "dispute needs ORDER_STATE_DELIVERED"},
		{"resolve undisputed", m.arbiter, &servicetypes.MsgResolveDispute{Signer: m.arbiter.Bech32(), OrderId: delivered, ProviderAmount: sdkmath.NewInt(1)}, "resolve needs ORDER_STATE_DISPUTED"},
		{"mint without being an issuer", m.farm, &servicetypes.MsgMint{Signer: m.farm.Bech32(), Recipient: m.farm.Bech32(), Amount: sdkmath.NewInt(5)}, "ISSUER"},
		{"mint nothing", m.bank, &servicetypes.MsgMint{Signer: m.bank.Bech32(), Recipient: m.farm.Bech32(), Amount: sdkmath.ZeroInt()}, "positive"},
		{"burn more than held", m.bank, &servicetypes.MsgBurn{Signer: m.bank.Bech32(), Amount: sdkmath.NewInt(5)}, "burning"},
	}
	for _, c := range cases {
		before := []servicetypes.Order{m.get(created), m.get(accepted), m.get(delivered)}
		m.refused(c.signer, c.want, c.msg)
		require.Equal(t, before, []servicetypes.Order{m.get(created), m.get(accepted), m.get(delivered)}, c.name)
	}

	// Deadlines: accepting after deliver-by, disputing after the confirm window.
	late := m.order(1)
	m.advance(2 * 24 * time.Hour)
	m.refused(m.logistics, "was to be delivered by", &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: late})
	m.advance(2 * 24 * time.Hour) // the delivered order's confirm window lapsed: released
	require.Equal(t, servicetypes.ORDER_STATE_COMPLETED, m.get(delivered).State)
	m.refused(m.farm, "dispute needs ORDER_STATE_DELIVERED", &servicetypes.MsgDisputeOrder{Signer: m.farm.Bech32(), OrderId: delivered, Reason: "x"})

	// A restricted provider accepts no new orders and gets none.
	m.ok(m.reg, &credittypes.MsgRestrict{Signer: m.reg.Bech32(), OrgId: apptest.Logistics.ID, Reason: "unlicensed reefers"})
	m.refused(m.farm, "restricted", &servicetypes.MsgCreateOrder{Signer: m.farm.Bech32(), OfferingId: m.offering, Quantity: 1})
}

// TestEscrowInvariantUnderRandomOrders: a randomized sequence of orders
// and transitions; after every step the escrow account holds exactly the
// open escrows, and all settlement coins are where they should be.
func TestEscrowInvariantUnderRandomOrders(t *testing.T) {
	m := newMarket(t)
	r := rand.New(rand.NewPCG(7, 11))
	var orders []uint64
	for step := range 120 {
		switch r.IntN(8) {
		case 0, 1:
			orders = append(orders, m.order(uint64(1+r.IntN(5))))
			continue
		case 2:
			m.advance(time.Duration(r.IntN(5*24)) * time.Hour)
			continue
		}
		if len(orders) == 0 {
			continue
		}
		id := orders[r.IntN(len(orders))]
		o := m.get(id)
		var signer *apptest.Account
		var msg sdk.Msg
		switch o.State {
		case servicetypes.ORDER_STATE_CREATED:
			if r.IntN(4) == 0 {
				signer, msg = m.farm, &servicetypes.MsgCancelOrder{Signer: m.farm.Bech32(), OrderId: id}
			} else {
				signer, msg = m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id}
			}
		case servicetypes.ORDER_STATE_ACCEPTED:
			signer, msg = m.logistics, m.deliver(id)
		case servicetypes.ORDER_STATE_DELIVERED:
			if r.IntN(2) == 0 {
				signer, msg = m.farm, &servicetypes.MsgConfirmOrder{Signer: m.farm.Bech32(), OrderId: id}
			} else {
				signer, msg = m.farm, &servicetypes.MsgDisputeOrder{Signer: m.farm.Bech32(), OrderId: id, Reason: "late"}
			}
		case servicetypes.ORDER_STATE_DISPUTED:
			signer, msg = m.arbiter, &servicetypes.MsgResolveDispute{
				Signer: m.arbiter.Bech32(), OrderId: id,
				ProviderAmount: o.Escrow.MulRaw(int64(r.IntN(101))).QuoRaw(100),
			}
		default:
			continue
		}
		// Deadlines may have made the move impossible; either way the
		// invariant must hold.
		m.Deliver([]*apptest.Account{signer}, msg)
		require.NoError(t, m.App.ServiceKeeper.CheckEscrow(m.Context()), "step %d", step)
	}
	// No coin created or lost: what the bank minted is with the farm, the
	// provider or in escrow.
	balance, open, _, err := m.App.ServiceKeeper.EscrowTotals(m.Context())
	require.NoError(t, err)
	require.True(t, balance.Equal(open))
	require.EqualValues(t, 1_000_000, m.balance(m.farm)+m.balance(m.logistics)+balance.Int64())
}

// Only ISSUERs create and destroy the settlement coin; supply follows.
func TestSettlementMintAndBurn(t *testing.T) {
	m := newMarket(t)
	supply := func() int64 {
		return m.App.BankKeeper.GetSupply(m.Context(), servicetypes.DefaultSettlementDenom).Amount.Int64()
	}
	require.EqualValues(t, 1_000_000, supply())
	m.ok(m.bank, &servicetypes.MsgMint{Signer: m.bank.Bech32(), Recipient: m.bank.Bech32(), Amount: sdkmath.NewInt(500)})
	m.ok(m.bank, &servicetypes.MsgBurn{Signer: m.bank.Bech32(), Amount: sdkmath.NewInt(200)})
	require.EqualValues(t, 1_000_300, supply())
	require.EqualValues(t, 300, m.balance(m.bank))
	m.refused(m.farm, "ISSUER", &servicetypes.MsgBurn{Signer: m.farm.Bech32(), Amount: sdkmath.NewInt(1)})
	// Coins cannot be sent to the escrow account directly: its balance is
	// the open orders' escrow and nothing else.
	escrow := m.App.AccountKeeper.GetModuleAddress(servicetypes.EscrowAccount)
	res := m.Deliver([]*apptest.Account{m.farm}, banktypes.NewMsgSend(m.farm.Address, escrow, sdk.NewCoins(sdk.NewInt64Coin(servicetypes.DefaultSettlementDenom, 5))))
	require.NotZero(t, res.Code)
	require.NoError(t, m.App.ServiceKeeper.CheckEscrow(m.Context()))
}

// An arbiter's even split is nobody's win: no dispute record either way,
// and no fulfilment record for the provider.
func TestAnEvenSplitIsNobodysWin(t *testing.T) {
	m := newMarket(t)
	id := m.order(2)
	m.ok(m.logistics, &servicetypes.MsgAcceptOrder{Signer: m.logistics.Bech32(), OrderId: id})
	m.ok(m.logistics, m.deliver(id))
	m.ok(m.farm, &servicetypes.MsgDisputeOrder{Signer: m.farm.Bech32(), OrderId: id, Reason: "one pallet arrived warm"})
	m.ok(m.arbiter, &servicetypes.MsgResolveDispute{Signer: m.arbiter.Bech32(), OrderId: id, ProviderAmount: sdkmath.NewInt(price), Note: "half each"})
	has, err := m.App.CreditKeeper.Records.Has(m.Context(), 1)
	require.NoError(t, err)
	require.False(t, has, "no record for an even split")
}
