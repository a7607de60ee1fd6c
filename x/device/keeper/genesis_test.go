package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/device/types"
)

// TestGenesisRoundTrip: devices, readings, anchors, excursions and clone
// evidence survive export → import unchanged, and the imported chain
// keeps refusing a replay and continues the sequences.
func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	associatedAt := f.Ctx.BlockTime().Add(-30 * time.Minute)
	coldChain(t, f, associatedAt)
	sensor := register(t, f, types.KEY_TYPE_SECP256K1, truckGIAI)
	reader := register(t, f, types.KEY_TYPE_P256, "")
	gw := bech32(logisticsGateway)
	r1 := sensor.Temperature(t, associatedAt.Add(time.Minute).UnixMilli(), "30")
	_, err := f.Submit(gw, r1, reader.RFID(t, nowMs(f), pallet))
	require.NoError(t, err)
	clone := r1
	clone.Value = "3"
	sensor.Sign(t, &clone)
	_, err = f.Submit(gw, clone)
	require.NoError(t, err)
	_, _, header := reader.Batch(t, 50, nowMs(f)-60_000)
	_, err = f.Anchor(gw, header)
	require.NoError(t, err)

	exported, err := f.Keeper.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.Devices, 2)
	require.Len(t, exported.Readings, 2)
	require.Len(t, exported.Anchors, 1)
	require.Len(t, exported.Excursions, 1)
	require.Len(t, exported.Clones, 1)

	g := keepertest.NewDevice(t)
	// The organizations exist in the new chain, as x/membership's genesis would make them.
	require.NoError(t, g.Keeper.InitGenesis(g.Ctx, exported))
	again, err := g.Keeper.ExportGenesis(g.Ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)

	_, err = g.Query.Device(g.Ctx, &types.QueryDeviceRequest{Device: reader.ID()})
	require.NoError(t, err)
	a, err := g.Query.Anchor(g.Ctx, &types.QueryAnchorRequest{Device: reader.ID(), Counter: header.LastCounter})
	require.NoError(t, err)
	require.Equal(t, header.MerkleRoot, a.Anchor.Header.MerkleRoot)
}

func TestGenesisValidateRefusals(t *testing.T) {
	f := setup(t)
	d := register(t, f, types.KEY_TYPE_SECP256K1, "")
	_, err := f.Submit(bech32(logisticsGateway), d.Temperature(t, nowMs(f), "1"))
	require.NoError(t, err)
	_, _, header := d.Batch(t, 5, nowMs(f)-60_000)
	_, err = f.Anchor(bech32(logisticsGateway), header)
	require.NoError(t, err)
	good, err := f.Keeper.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	cases := map[string]func(gs *types.GenesisState){
		"params":            func(gs *types.GenesisState) { gs.Params.MaxReadingsPerMsg = 0 },
		"duplicate device":  func(gs *types.GenesisState) { gs.Devices = append(gs.Devices, gs.Devices[0]) },
		"address not key's": func(gs *types.GenesisState) { gs.Devices[0].Address = "0x" + "00"[0:2] + gs.Devices[0].Address[4:] },
		"orphan reading": func(gs *types.GenesisState) {
			gs.Readings[0].Reading.Device = "0x0000000000000000000000000000000000000001"
		},
		"reading above last counter": func(gs *types.GenesisState) {
			gs.Devices[0].LastCounter = 0
		},
		// Late readings skip the anchors above it: it must cover them all.
		"anchor above last anchored counter": func(gs *types.GenesisState) { gs.Devices[0].LastAnchoredCounter = 1 },
		"struct hash":                        func(gs *types.GenesisState) { gs.Readings[0].StructHash = make([]byte, 32) },
		"sequence":                           func(gs *types.GenesisState) { gs.ExcursionSequence = 0 },
	}
	for name, mutate := range cases {
		gs, err := f.Keeper.ExportGenesis(f.Ctx)
		require.NoError(t, err)
		mutate(gs)
		require.Error(t, gs.Validate(), name)
	}
	require.NoError(t, good.Validate())
}
