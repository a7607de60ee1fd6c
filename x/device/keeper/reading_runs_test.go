package keeper_test

import (
	"encoding/binary"
	"fmt"
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/device/types"
)

// signedAt is a temperature reading of d with the given counter, signed.
func signedAt(t *testing.T, d *devicetest.Device, timeMs int64, counter uint64, value string) types.Reading {
	t.Helper()
	r := types.Reading{Device: d.ID(), Counter: counter, DeviceTimeMs: uint64(timeMs), MeasurementType: types.TemperatureType, Value: value, Unit: "CEL"}
	d.Sign(t, &r)
	return r
}

// runsOf is each stored run of a device as its first counter and length.
func runsOf(t *testing.T, f *keepertest.Device, id string) [][2]uint64 {
	t.Helper()
	var out [][2]uint64
	require.NoError(t, f.Keeper.ReadingRuns.Walk(f.Ctx, nil, func(k collections.Pair[string, uint64], run types.ReadingRun) (bool, error) {
		if k.K1() == id {
			out = append(out, [2]uint64{k.K2(), uint64(len(run.Readings))})
		}
		return false, nil
	}))
	return out
}

// counters lists the readings' counters, checking each is whole: its
// device, submitter and struct hash as accepted.
func counters(t *testing.T, id, submitter string, rs []types.StoredReading) []uint64 {
	t.Helper()
	out := make([]uint64, len(rs))
	for i, r := range rs {
		require.Equal(t, id, r.Reading.Device)
		require.Equal(t, submitter, r.SubmittedBy)
		h, err := r.Reading.StructHash()
		require.NoError(t, err)
		require.Equal(t, h[:], r.StructHash)
		out[i] = r.Reading.Counter
	}
	return out
}

// TestReadingRuns: readings are stored as runs of consecutive counters per
// device and message, and served one by one — single readings, pages up
// and down, from a counter, by offset with a total — as if each were its
// own entry; late readings and replays or clones inside one message are
// found in the runs being built.
func TestReadingRuns(t *testing.T) {
	f := setup(t)
	a := register(t, f, types.KEY_TYPE_SECP256K1, "")
	b := register(t, f, types.KEY_TYPE_P256, "")
	gw := bech32(logisticsGateway)
	now := nowMs(f)

	_, err := f.Submit(gw, signedAt(t, a, now, 1, "4.1"), signedAt(t, b, now, 1, "5.1"), signedAt(t, a, now, 2, "4.2"),
		signedAt(t, a, now, 3, "4.3"), signedAt(t, b, now, 2, "5.2"))
	require.NoError(t, err)
	require.Equal(t, [][2]uint64{{1, 3}}, runsOf(t, f, a.ID()), "one message, consecutive counters: one run")
	require.Equal(t, [][2]uint64{{1, 2}}, runsOf(t, f, b.ID()))

	_, err = f.Submit(gw, signedAt(t, a, now, 5, "4.5"), signedAt(t, a, now, 6, "4.6"), signedAt(t, a, now, 9, "4.9"))
	require.NoError(t, err)
	_, err = f.Submit(gw, signedAt(t, a, now, 8, "4.8"), signedAt(t, a, now, 4, "4.4"))
	require.NoError(t, err, "late readings between runs")
	require.Equal(t, [][2]uint64{{1, 3}, {4, 1}, {5, 2}, {8, 1}, {9, 1}}, runsOf(t, f, a.ID()))

	for c := uint64(1); c <= 9; c++ {
		one, err := f.Query.Reading(f.Ctx, &types.QueryReadingRequest{Device: a.ID(), Counter: c})
		if c == 7 {
			require.Equal(t, codes.NotFound, status.Code(err), "counter 7 was never sent")
			continue
		}
		require.NoError(t, err, "counter %d", c)
		require.Equal(t, []uint64{c}, counters(t, a.ID(), gw, []types.StoredReading{one.Reading}))
		require.Equal(t, fmt.Sprintf("4.%d", c), one.Reading.Reading.Value)
		require.Equal(t, f.Ctx.BlockHeight(), one.Reading.Height)
	}

	list := func(from uint64, page *query.PageRequest) ([]uint64, *query.PageResponse) {
		t.Helper()
		res, err := f.Query.Readings(f.Ctx, &types.QueryReadingsRequest{Device: a.ID(), FromCounter: from, Pagination: page})
		require.NoError(t, err)
		return counters(t, a.ID(), gw, res.Readings), res.Pagination
	}
	key := func(c uint64) []byte { return binary.BigEndian.AppendUint64(nil, c) }

	all, page := list(0, nil)
	require.Equal(t, []uint64{1, 2, 3, 4, 5, 6, 8, 9}, all)
	require.Nil(t, page.NextKey)

	got, page := list(0, &query.PageRequest{Limit: 3})
	require.Equal(t, []uint64{1, 2, 3}, got)
	require.Equal(t, key(4), page.NextKey)
	got, page = list(0, &query.PageRequest{Key: page.NextKey, Limit: 3})
	require.Equal(t, []uint64{4, 5, 6}, got)
	got, page = list(0, &query.PageRequest{Key: page.NextKey, Limit: 3})
	require.Equal(t, []uint64{8, 9}, got)
	require.Nil(t, page.NextKey)

	got, page = list(0, &query.PageRequest{Limit: 3, Reverse: true})
	require.Equal(t, []uint64{9, 8, 6}, got)
	got, _ = list(0, &query.PageRequest{Key: page.NextKey, Limit: 4, Reverse: true})
	require.Equal(t, []uint64{5, 4, 3, 2}, got)

	got, _ = list(2, nil)
	require.Equal(t, []uint64{2, 3, 4, 5, 6, 8, 9}, got, "from a counter inside a run")
	got, _ = list(7, nil)
	require.Equal(t, []uint64{8, 9}, got, "from a counter no reading holds")
	got, _ = list(5, &query.PageRequest{Reverse: true})
	require.Equal(t, []uint64{9, 8, 6, 5}, got, "down to from_counter")
	got, page = list(0, &query.PageRequest{Offset: 2, Limit: 3, CountTotal: true})
	require.Equal(t, []uint64{3, 4, 5}, got)
	require.EqualValues(t, 8, page.Total)
	require.Equal(t, key(6), page.NextKey)

	for name, bad := range map[string]*query.PageRequest{
		"a key of 3 bytes": {Key: []byte{0, 0, 1}},
		"a key and offset": {Key: key(2), Offset: 1},
	} {
		_, err := f.Query.Readings(f.Ctx, &types.QueryReadingsRequest{Device: a.ID(), Pagination: bad})
		require.Equal(t, codes.InvalidArgument, status.Code(err), name)
		require.ErrorContains(t, err, "pagination", name)
	}

	// Inside one message: the same reading twice is a replay and nothing
	// is written; other content under a counter just accepted is a clone.
	ten := signedAt(t, a, now, 10, "4.10")
	_, err = f.Submit(gw, ten, ten)
	require.ErrorIs(t, err, types.ErrCounterReplayed)
	require.EqualValues(t, 9, device(t, f, a.ID()).LastCounter)
	require.Len(t, runsOf(t, f, a.ID()), 5, "the failed message wrote nothing")
	res, err := f.Submit(gw, ten, signedAt(t, a, now, 10, "9.99"))
	require.NoError(t, err)
	require.EqualValues(t, 1, res.Accepted)
	require.Len(t, res.Refused, 1)
	require.Contains(t, res.Refused[0].Reason, "clone detected")
	require.Equal(t, types.DEVICE_STATUS_SUSPENDED, device(t, f, a.ID()).Status)
	kept, err := f.Query.Reading(f.Ctx, &types.QueryReadingRequest{Device: a.ID(), Counter: 10})
	require.NoError(t, err)
	require.Equal(t, "4.10", kept.Reading.Reading.Value, "the reading accepted first stays")
}

// TestReadingRunsGenesis: exported readings are listed one by one in
// device and counter order; imported, consecutive counters of a device
// recorded at one height by one submitter become one run, and every
// reading is served as before.
func TestReadingRunsGenesis(t *testing.T) {
	f := setup(t)
	a := register(t, f, types.KEY_TYPE_SECP256K1, "")
	gw := bech32(logisticsGateway)
	now := nowMs(f)
	_, err := f.Submit(gw, signedAt(t, a, now, 1, "1"), signedAt(t, a, now, 2, "2"))
	require.NoError(t, err)
	_, err = f.Submit(gw, signedAt(t, a, now, 3, "3"), signedAt(t, a, now, 5, "5"))
	require.NoError(t, err)
	f.Commit()
	_, err = f.Submit(gw, signedAt(t, a, now, 6, "6"))
	require.NoError(t, err)
	require.Equal(t, [][2]uint64{{1, 2}, {3, 1}, {5, 1}, {6, 1}}, runsOf(t, f, a.ID()))

	exported, err := f.Keeper.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	require.Equal(t, []uint64{1, 2, 3, 5, 6}, counters(t, a.ID(), gw, exported.Readings))

	g := keepertest.NewDevice(t)
	require.NoError(t, g.Keeper.InitGenesis(g.Ctx, exported))
	require.Equal(t, [][2]uint64{{1, 3}, {5, 1}, {6, 1}}, runsOf(t, g, a.ID()),
		"1..3 at one height by one submitter; 5 after a gap; 6 at the next height")
	again, err := g.Keeper.ExportGenesis(g.Ctx)
	require.NoError(t, err)
	require.Equal(t, exported.Readings, again.Readings)
	for _, c := range []uint64{1, 2, 3, 5, 6} {
		one, err := g.Query.Reading(g.Ctx, &types.QueryReadingRequest{Device: a.ID(), Counter: c})
		require.NoError(t, err, "counter %d", c)
		require.Equal(t, fmt.Sprint(c), one.Reading.Reading.Value)
	}
}
