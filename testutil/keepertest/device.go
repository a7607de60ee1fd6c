package keepertest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"

	devicekeeper "github.com/tracechain/tracechain/x/device/keeper"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// DeviceChainID is the chain ID of the device fixture's context: devices
// sign typed data bound to it.
const DeviceChainID = "tracechain-test-1"

// Device is a device keeper over the trace fixture (membership, the
// consortium, trace for associations and storage limits).
type Device struct {
	*Trace
	Keeper devicekeeper.Keeper
	Msg    devicetypes.MsgServer
	Query  devicetypes.QueryServer
	Domain devicetypes.Domain
}

// NewDevice builds the device fixture on top of NewTrace.
func NewDevice(t testing.TB) *Device {
	t.Helper()
	tr := newTraceWith(t, devicetypes.StoreKey)
	tr.Ctx = tr.Ctx.WithChainID(DeviceChainID)
	devicetypes.RegisterInterfaces(tr.Cdc.InterfaceRegistry())
	k := devicekeeper.NewKeeper(tr.Cdc, runtime.NewKVStoreService(tr.StoreKeys[devicetypes.StoreKey]), runtime.EventService{},
		tr.AddrCodec, tr.Membership.Keeper, tr.Keeper, tr.Credit)
	require.NoError(t, k.InitGenesis(tr.Ctx, devicetypes.DefaultGenesis()))
	return &Device{
		Trace: tr, Keeper: k, Msg: devicekeeper.NewMsgServerImpl(k), Query: devicekeeper.NewQueryServerImpl(k),
		Domain: devicetypes.NewDomain(DeviceChainID),
	}
}

// Submit runs MsgSubmitReadings as a transaction would: its writes land
// only if the message succeeds.
func (f *Device) Submit(signer string, readings ...devicetypes.Reading) (*devicetypes.MsgSubmitReadingsResponse, error) {
	cache, write := f.Ctx.CacheContext()
	resp, err := f.Msg.SubmitReadings(cache, &devicetypes.MsgSubmitReadings{Signer: signer, Readings: readings})
	if err != nil {
		return nil, err
	}
	write()
	return resp, nil
}

// Anchor runs MsgAnchorBatch as a transaction would.
func (f *Device) Anchor(signer string, h devicetypes.BatchHeader) (*devicetypes.MsgAnchorBatchResponse, error) {
	cache, write := f.Ctx.CacheContext()
	resp, err := f.Msg.AnchorBatch(cache, &devicetypes.MsgAnchorBatch{Signer: signer, Header: h})
	if err != nil {
		return nil, err
	}
	write()
	return resp, nil
}
