package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/device/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

var curves = []types.KeyType{types.KEY_TYPE_SECP256K1, types.KEY_TYPE_P256}

// Gateways of the logistics firm and of the mill (another organization).
var (
	logisticsGateway = keepertest.AccAddr(0x31)
	millGateway      = keepertest.AccAddr(0x32)
	logisticsOp      = keepertest.AccAddr(0x33)
)

func setup(t testing.TB) *keepertest.Device {
	t.Helper()
	f := keepertest.NewDevice(t)
	f.AddMember(t, f.Logistics.ID, logisticsGateway, membershiptypes.ACCOUNT_ROLE_GATEWAY)
	f.AddMember(t, f.Mill.ID, millGateway, membershiptypes.ACCOUNT_ROLE_GATEWAY)
	f.AddMember(t, f.Logistics.ID, logisticsOp, membershiptypes.ACCOUNT_ROLE_OPERATOR)
	return f
}

// register makes a device of the logistics firm and registers it.
func register(t testing.TB, f *keepertest.Device, curve types.KeyType, giai string) *devicetest.Device {
	t.Helper()
	d := devicetest.New(t, curve, f.Domain)
	resp, err := f.Msg.RegisterDevice(f.Ctx, d.RegisterMsg(t, f.Logistics.Signer(), f.Logistics.ID, types.DEVICE_KIND_SENSOR, giai))
	require.NoError(t, err)
	require.Equal(t, d.ID(), resp.DeviceId)
	return d
}

func device(t *testing.T, f *keepertest.Device, id string) types.Device {
	t.Helper()
	resp, err := f.Query.Device(f.Ctx, &types.QueryDeviceRequest{Device: id})
	require.NoError(t, err)
	return resp.Device
}

func nowMs(f *keepertest.Device) int64 { return f.Ctx.BlockTime().UnixMilli() }

func bech32(a sdk.AccAddress) string { return keepertest.Bech32(a) }
