package app_test

import (
	"testing"
	"time"

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
