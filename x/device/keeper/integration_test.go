package keeper_test

import (
	"testing"
	"time"

	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/apptest"
	"github.com/tracechain/tracechain/testutil/devicetest"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// registerDevice has the farm's ADMIN register a device through a
// transaction, and returns the device with its own chain account.
func registerDevice(t *testing.T, c *apptest.Chain, curve devicetypes.KeyType) (*devicetest.Device, *apptest.Account) {
	t.Helper()
	d := devicetest.New(t, curve, devicetypes.NewDomain(apptest.ChainID))
	admin := c.Accounts["farm-admin"]
	res := c.Deliver([]*apptest.Account{admin}, d.RegisterMsg(t, admin.Bech32(), apptest.Farm.ID, devicetypes.DEVICE_KIND_SENSOR, ""))
	require.Zero(t, res.Code, res.Log)
	priv, err := d.Key.AccountKey()
	require.NoError(t, err)
	acc := apptest.KeyAccount(d.ID(), priv)
	c.Refresh(acc)
	return d, acc
}

// A registered device signs its own transactions with the key it signs
// readings with — secp256k1 or P-256 (secp256r1 accounts) — through the
// permission and signature checks of the ante handler.
func TestDeviceSignsItsOwnTransactions(t *testing.T) {
	for _, curve := range []devicetypes.KeyType{devicetypes.KEY_TYPE_SECP256K1, devicetypes.KEY_TYPE_P256} {
		t.Run(curve.String(), func(t *testing.T) {
			c := apptest.NewChain(t)
			d, acc := registerDevice(t, c, curve)
			now := c.Time.UnixMilli()
			one := c.Deliver([]*apptest.Account{acc}, &devicetypes.MsgSubmitReadings{Signer: acc.Bech32(), Readings: []devicetypes.Reading{
				d.Temperature(t, now, "4.5"),
			}})
			require.Zero(t, one.Code, one.Log)
			readings := make([]devicetypes.Reading, 50)
			for i := range readings {
				readings[i] = d.Temperature(t, now, "4.6")
			}
			many := c.Deliver([]*apptest.Account{acc}, &devicetypes.MsgSubmitReadings{Signer: acc.Bech32(), Readings: readings})
			require.Zero(t, many.Code, many.Log)
			require.Greater(t, many.GasUsed-one.GasUsed, int64(49*devicetypes.DefaultParams().GasPerReading), "gas grows with every reading")

			got, err := c.App.DeviceKeeper.Devices.Get(c.Context(), d.ID())
			require.NoError(t, err)
			require.EqualValues(t, 51, got.LastCounter)
		})
	}
}

// A non-member cannot submit readings: refused in CheckTx, before the
// readings or its signature are looked at.
func TestStrangerCannotSubmitReadings(t *testing.T) {
	c := apptest.NewChain(t)
	d, _ := registerDevice(t, c, devicetypes.KEY_TYPE_SECP256K1)
	stranger := c.Accounts["stranger"]
	tx := c.SignTx([]*apptest.Account{stranger}, &devicetypes.MsgSubmitReadings{Signer: stranger.Bech32(), Readings: []devicetypes.Reading{
		d.Temperature(t, c.Time.UnixMilli(), "4.5"),
	}})
	res := c.CheckTx(tx)
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, "is not a member of any organization")
}

// Device time is judged against the block's time, never the node's clock.
func TestReadingWindowFollowsBlockTime(t *testing.T) {
	c := apptest.NewChain(t)
	d, acc := registerDevice(t, c, devicetypes.KEY_TYPE_SECP256K1)
	future := c.Time.Add(10 * time.Minute).UnixMilli()
	res := c.Deliver([]*apptest.Account{acc}, &devicetypes.MsgSubmitReadings{Signer: acc.Bech32(), Readings: []devicetypes.Reading{
		d.Temperature(t, future, "4.5"),
	}})
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, "ahead of block time")
	c.Time = c.Time.Add(10 * time.Minute)
	d.Counter--
	res = c.Deliver([]*apptest.Account{acc}, &devicetypes.MsgSubmitReadings{Signer: acc.Bech32(), Readings: []devicetypes.Reading{
		d.Temperature(t, future, "4.5"),
	}})
	require.Zero(t, res.Code, res.Log)
}

// Devices and gateways send unordered transactions: no account sequence,
// several in flight, meeting in any order in a block — a reading that
// arrives after a later one is still recorded — while a transaction sent
// twice, or valid for longer than the chain allows, is refused.
func TestDevicesSendUnorderedTransactions(t *testing.T) {
	c := apptest.NewChain(t)
	d, acc := registerDevice(t, c, devicetypes.KEY_TYPE_SECP256K1)
	now := c.Time.UnixMilli()
	first, second := d.Temperature(t, now, "4.1"), d.Temperature(t, now, "4.2")
	submit := func(r devicetypes.Reading) *devicetypes.MsgSubmitReadings {
		return &devicetypes.MsgSubmitReadings{Signer: acc.Bech32(), Readings: []devicetypes.Reading{r}}
	}
	timeout := c.Time.Add(time.Minute)
	txSecond := c.SignUnorderedTx(acc, timeout, submit(second))
	txFirst := c.SignUnorderedTx(acc, timeout.Add(time.Microsecond), submit(first))
	require.Zero(t, c.CheckTx(txSecond).Code)
	require.Zero(t, c.CheckTx(txFirst).Code)
	require.Equal(t, 2, c.App.DeviceKeeper.PreverifiedSignatures(), "admission verified both readings' signatures")

	res := c.NextBlock(txSecond, txFirst)
	for i, r := range res.TxResults {
		require.Zero(t, r.Code, "tx %d: %s", i, r.Log)
	}
	require.Zero(t, c.App.DeviceKeeper.PreverifiedSignatures(), "the block used them")
	got, err := c.App.DeviceKeeper.Devices.Get(c.Context(), d.ID())
	require.NoError(t, err)
	require.EqualValues(t, 2, got.LastCounter)
	_, found, err := c.App.DeviceKeeper.ReadingAt(c.Context(), d.ID(), 1)
	require.NoError(t, err)
	require.True(t, found, "the overtaken reading is recorded")
	c.Refresh(acc)
	require.Zero(t, acc.Sequence, "unordered transactions leave the sequence alone")

	// The same transaction again: refused at the door and in a block.
	again := c.CheckTx(txFirst)
	require.NotZero(t, again.Code)
	require.Contains(t, again.Log, "has already used timeout")
	res = c.NextBlock(txFirst)
	require.NotZero(t, res.TxResults[0].Code)

	// A timeout further than the chain's 10 minutes, or already past.
	third := d.Temperature(t, now, "4.3")
	tooLong := c.CheckTx(c.SignUnorderedTx(acc, c.Time.Add(11*time.Minute), submit(third)))
	require.Contains(t, tooLong.Log, "unordered tx ttl exceeds")
	past := c.CheckTx(c.SignUnorderedTx(acc, c.Time.Add(-time.Hour), submit(third)))
	require.Contains(t, past.Log, "tx timeout")
}

// A refused reading reaches the client with the device module's
// registered code, whatever reading of a message it was, and the log
// names the reading and the rule without any source path.
func TestDeviceRefusalsKeepTheirCodes(t *testing.T) {
	c := apptest.NewChain(t)
	d, acc := registerDevice(t, c, devicetypes.KEY_TYPE_SECP256K1)
	now := c.Time.UnixMilli()
	good := d.Temperature(t, now, "4.5")
	ahead := d.Temperature(t, c.Time.Add(10*time.Minute).UnixMilli(), "4.5")
	forged := d.Temperature(t, now, "4.5")
	forged.Value = "9.5" // signed for 4.5
	for _, tc := range []struct {
		name     string
		readings []devicetypes.Reading
		want     *errorsmod.Error
		mention  string
	}{
		{"device time ahead of the block", []devicetypes.Reading{good, ahead}, devicetypes.ErrTimeOutsideWindow, "readings[1]"},
		{"signature over other content", []devicetypes.Reading{forged}, devicetypes.ErrWrongSigner, "readings[0]"},
	} {
		res := c.Deliver([]*apptest.Account{acc}, &devicetypes.MsgSubmitReadings{Signer: acc.Bech32(), Readings: tc.readings})
		require.Equal(t, devicetypes.ModuleName, res.Codespace, "%s: %s", tc.name, res.Log)
		require.EqualValues(t, tc.want.ABCICode(), res.Code, "%s: %s", tc.name, res.Log)
		require.Contains(t, res.Log, tc.mention, tc.name)
		require.NotContains(t, res.Log, ".go:", "%s: no source path in the log", tc.name)
	}
}
