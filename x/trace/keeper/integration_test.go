package keeper_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/apptest"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

func capture(c *apptest.Chain, signer string, doc []byte) (*tracetypes.MsgCaptureEvents, *apptest.Account) {
	acc := c.Accounts[signer]
	return &tracetypes.MsgCaptureEvents{Signer: acc.Bech32(), Document: doc}, acc
}

// A document refused by the chain leaves no trace of any of its events,
// even those before the one refused: the transaction's writes are dropped.
func TestRefusedCaptureWritesNothing(t *testing.T) {
	c := apptest.NewChain(t)
	clock := epcisbuild.NewClock(apptest.GenesisTime.Add(-time.Hour))
	evs := apptest.Harvests(clock, 0, 3)
	evs = append(evs, apptest.Harvests(clock, 0, 1)...) // commissions LOT0 again
	msg, farm := capture(c, "farm-operator", epcisbuild.Document(evs...))
	res := c.Deliver([]*apptest.Account{farm}, msg)
	require.EqualValues(t, tracetypes.ErrObjectExists.ABCICode(), res.Code, res.Log)
	require.Equal(t, tracetypes.ModuleName, res.Codespace)
	require.Contains(t, res.Log, "event 3 (ObjectEvent)")
	objects, err := c.App.TraceKeeper.ExportGenesis(c.Context())
	require.NoError(t, err)
	require.Empty(t, objects.Objects)
	require.Empty(t, objects.Events)
	require.Zero(t, objects.NextEventSequence)

	// The same document without the repeat is recorded.
	msg, farm = capture(c, "farm-operator", epcisbuild.Document(evs[:3]...))
	res = c.Deliver([]*apptest.Account{farm}, msg)
	require.Zero(t, res.Code, res.Log)
	objects, err = c.App.TraceKeeper.ExportGenesis(c.Context())
	require.NoError(t, err)
	require.Len(t, objects.Objects, 3)
}

// Gas grows with every event and every identifier.
func TestCaptureGasPerEventAndPerIdentifier(t *testing.T) {
	c := apptest.NewChain(t)
	params := tracetypes.DefaultParams()
	clock := epcisbuild.NewClock(apptest.GenesisTime.Add(-time.Hour))
	gasOf := func(doc []byte) int64 {
		msg, farm := capture(c, "farm-operator", doc)
		res := c.Deliver([]*apptest.Account{farm}, msg)
		require.Zero(t, res.Code, res.Log)
		return res.GasUsed
	}
	one := gasOf(epcisbuild.Document(apptest.Harvests(clock, 100, 1)...))
	ten := gasOf(epcisbuild.Document(apptest.Harvests(clock, 200, 10)...))
	require.GreaterOrEqual(t, ten-one, int64(9*params.GasPerEvent), "nine more events cost at least nine times gas_per_event")

	items := func(from, n int) []string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("urn:epc:id:sgtin:%s.054321.%d", apptest.FarmPrefix, from+i)
		}
		return ids
	}
	few := gasOf(epcisbuild.Document(clock.New("ObjectEvent", "ADD").EPCs(items(0, 1)...)))
	many := gasOf(epcisbuild.Document(clock.New("ObjectEvent", "ADD").EPCs(items(1000, 51)...)))
	require.GreaterOrEqual(t, many-few, int64(50*params.GasPerIdentifier), "fifty more identifiers cost at least fifty times gas_per_identifier")

	// Out of gas: the capture fails and writes nothing.
	msg, farm := capture(c, "farm-operator", epcisbuild.Document(apptest.Harvests(clock, 5000, 199)...))
	res := c.Deliver([]*apptest.Account{farm}, msg)
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, "out of gas")
	_, err := c.App.TraceKeeper.Objects.Get(c.Context(), "https://id.gs1.org/01/06905555123452/10/LOT5000")
	require.Error(t, err)
}

// Size limits: the chain's transaction limit applies before anything runs,
// the module's document limit inside.
func TestCaptureSizeLimits(t *testing.T) {
	c := apptest.NewChain(t)
	c.GasLimit = 50_000_000 // a 600 KiB transaction costs 10 gas a byte before it runs
	clock := epcisbuild.NewClock(apptest.GenesisTime.Add(-time.Hour))
	pad := func(n int) []byte {
		return epcisbuild.Document(apptest.Harvests(clock, 0, 1)[0].Set("cbvmda:lotNumber", strings.Repeat("x", n)))
	}
	msg, farm := capture(c, "farm-operator", pad(600<<10))
	res := c.Deliver([]*apptest.Account{farm}, msg)
	require.EqualValues(t, tracetypes.ErrTooLarge.ABCICode(), res.Code, res.Log)
	require.Contains(t, res.Log, "document:")

	msg, farm = capture(c, "farm-operator", pad(1100<<10))
	check := c.CheckTx(c.SignTx([]*apptest.Account{farm}, msg))
	require.EqualValues(t, membershiptypes.ErrTxTooLarge.ABCICode(), check.Code, check.Log)
}

// Only enterprises, regulators and certifiers record provenance; devices
// and strangers are refused before their signatures are checked.
func TestCapturePermissions(t *testing.T) {
	c := apptest.NewChain(t)
	doc := epcisbuild.Document(apptest.Harvests(epcisbuild.NewClock(apptest.GenesisTime.Add(-time.Hour)), 0, 1)...)
	for _, name := range []string{"farm-device", "stranger"} {
		msg, acc := capture(c, name, doc)
		res := c.CheckTx(c.SignTx([]*apptest.Account{acc}, msg))
		require.NotZero(t, res.Code, name)
		require.Equal(t, membershiptypes.ModuleName, res.Codespace, "%s: %s", name, res.Log)
	}
}

// A recall spreads in EndBlock of the block that started it.
func TestRecallSpreadsAtEndOfBlock(t *testing.T) {
	c := apptest.NewChain(t)
	clock := epcisbuild.NewClock(apptest.GenesisTime.Add(-time.Hour))
	pallet := fmt.Sprintf("urn:epc:id:sscc:%s.0000000001", apptest.FarmPrefix)
	doc := epcisbuild.Document(append(apptest.Harvests(clock, 0, 2),
		clock.New("AggregationEvent", "ADD").Parent(pallet).ChildQty(epcisbuild.Quantity{Class: apptest.FarmLot(0)}, epcisbuild.Quantity{Class: apptest.FarmLot(1)}))...)
	msg, farm := capture(c, "farm-operator", doc)
	res := c.Deliver([]*apptest.Account{farm}, msg)
	require.Zero(t, res.Code, res.Log)

	reg := c.Accounts["regulator-admin"]
	res = c.Deliver([]*apptest.Account{reg}, &tracetypes.MsgRecallLot{Signer: reg.Bech32(), ObjectId: apptest.FarmLot(0), Reason: "aflatoxin above limit"})
	require.Zero(t, res.Code, res.Log)
	r, err := c.App.TraceKeeper.Recalls.Get(c.Context(), 1)
	require.NoError(t, err)
	require.Equal(t, tracetypes.RECALL_STATE_COMPLETE, r.State)
	require.EqualValues(t, 2, r.AffectedCount, "the lot and its pallet")
}
