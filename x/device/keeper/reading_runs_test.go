package keeper_test

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
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

// TestReadingRunsAgainstAModel: readings of three devices arrive in
// messages of random sizes, overtaking one another within a few counters,
// some counters never sent, blocks in between; afterwards every counter is
// served as a plain map of (device, counter) → reading would serve it —
// singly, paged up and down from random counters with random page sizes,
// and after a genesis round trip — and the runs never share a counter.
// The seed is fixed, so a failure replays.
func TestReadingRunsAgainstAModel(t *testing.T) {
	f := setup(t)
	gw := bech32(logisticsGateway)
	rng := rand.New(rand.NewPCG(7, 11))
	const perDevice = 120
	devices := []*devicetest.Device{
		register(t, f, types.KEY_TYPE_SECP256K1, ""), register(t, f, types.KEY_TYPE_SECP256K1, ""), register(t, f, types.KEY_TYPE_SECP256K1, ""),
	}
	type held struct {
		value  string
		height int64
	}
	model := map[string]map[uint64]held{}
	var stream []types.Reading
	for _, d := range devices {
		model[d.ID()] = map[uint64]held{}
		for c := uint64(1); c <= perDevice; c++ {
			if rng.IntN(20) == 0 {
				continue // never sent: a hole between runs
			}
			stream = append(stream, signedAt(t, d, nowMs(f), c, fmt.Sprintf("%d.%d", c, rng.IntN(10))))
		}
	}
	// Interleave the devices, then let one reading in six overtake up to
	// 8 places, as they do between a gateway's senders and a block.
	rng.Shuffle(len(stream), func(i, j int) {
		if stream[i].Device != stream[j].Device {
			stream[i], stream[j] = stream[j], stream[i]
		}
	})
	slices.SortStableFunc(stream, func(a, b types.Reading) int { return cmp.Compare(a.Counter, b.Counter) })
	for i := range stream {
		if rng.IntN(6) == 0 {
			j := min(len(stream)-1, i+1+rng.IntN(8))
			stream[i], stream[j] = stream[j], stream[i]
		}
	}
	late, last := 0, map[string]uint64{}
	for len(stream) > 0 {
		n := min(len(stream), 1+rng.IntN(25))
		res, err := f.Submit(gw, stream[:n]...)
		require.NoError(t, err)
		require.EqualValues(t, n, res.Accepted)
		for _, r := range stream[:n] {
			model[r.Device][r.Counter] = held{r.Value, f.Ctx.BlockHeight()}
			if r.Counter < last[r.Device] {
				late++
			}
			last[r.Device] = max(last[r.Device], r.Counter)
		}
		stream = stream[n:]
		if rng.IntN(4) == 0 {
			f.Commit()
		}
	}

	require.Greater(t, late, 10, "readings overtook one another")

	check := func(f *keepertest.Device) {
		t.Helper()
		var seen []uint64
		runs := 0
		require.NoError(t, f.Keeper.ReadingRuns.Walk(f.Ctx, nil, func(k collections.Pair[string, uint64], run types.ReadingRun) (bool, error) {
			for j, rr := range run.Readings {
				require.Empty(t, rr.Reading.Device, "a run's readings leave the device to its key")
				require.Equal(t, k.K2()+uint64(j), rr.Reading.Counter, "a run's counters are consecutive")
				seen = append(seen, rr.Reading.Counter)
			}
			runs++
			return false, nil
		}))
		total := 0
		for _, d := range devices {
			want := slices.Sorted(maps.Keys(model[d.ID()]))
			total += len(want)
			for c := uint64(0); c <= perDevice+1; c++ {
				one, err := f.Query.Reading(f.Ctx, &types.QueryReadingRequest{Device: d.ID(), Counter: c})
				h, ok := model[d.ID()][c]
				if !ok {
					require.Equal(t, codes.NotFound, status.Code(err), "device %s counter %d", d.ID(), c)
					continue
				}
				require.NoError(t, err)
				require.Equal(t, h.value, one.Reading.Reading.Value)
				require.Equal(t, h.height, one.Reading.Height)
			}
			for range 5 {
				from, limit, reverse := uint64(rng.IntN(perDevice)), uint64(1+rng.IntN(17)), rng.IntN(2) == 0
				var got []uint64
				var key []byte
				for {
					page := &query.PageRequest{Key: key, Limit: limit, Reverse: reverse}
					res, err := f.Query.Readings(f.Ctx, &types.QueryReadingsRequest{Device: d.ID(), FromCounter: from, Pagination: page})
					require.NoError(t, err)
					require.LessOrEqual(t, uint64(len(res.Readings)), limit)
					got = append(got, counters(t, d.ID(), gw, res.Readings)...)
					if key = res.Pagination.NextKey; key == nil {
						break
					}
				}
				wantFrom := slices.DeleteFunc(slices.Clone(want), func(c uint64) bool { return c < from })
				if reverse {
					slices.Reverse(wantFrom)
				}
				require.Equal(t, wantFrom, got, "from %d, pages of %d, reverse %v", from, limit, reverse)
			}
		}
		require.Len(t, seen, total, "every reading in exactly one run")
		require.Less(t, runs, total*3/4, "runs hold several readings (346 readings were 206 runs)")
	}
	check(f)

	// Each accepted reading again is a replay and changes nothing.
	exported, err := f.Keeper.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	for _, i := range rng.Perm(len(exported.Readings))[:10] {
		_, err := f.Submit(gw, exported.Readings[i].Reading)
		require.ErrorIs(t, err, types.ErrCounterReplayed)
	}
	after, err := f.Keeper.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	require.Equal(t, exported, after)

	g := keepertest.NewDevice(t)
	require.NoError(t, g.Keeper.InitGenesis(g.Ctx, exported))
	check(g)
}
