package simulator

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/device/types"
)

// TestFeedBuildsInReadingOrder: the gateway hands every reading to build
// once, no earlier than it is due, in the plan's order and in
// transactions of at most PerTx — one transaction after the other, so
// that no device's reading is built into a later transaction than one of
// its higher counters.
func TestFeedBuildsInReadingOrder(t *testing.T) {
	const devices, total = 3, 2350
	plan := make([]planned, total)
	for i := range plan {
		plan[i] = planned{
			reading: types.Reading{Device: string(rune('a' + i%devices)), Counter: uint64(1 + i/devices)},
			at:      time.Duration(i) * 20 * time.Microsecond, // due over ~47 ms
		}
	}
	cfg := Config{PerTx: 1000, Tick: 5 * time.Millisecond}
	sendStart := time.Now()
	var batches [][]types.Reading
	building := false
	feed(context.Background(), plan, cfg, sendStart, func(batch []types.Reading) {
		require.False(t, building, "one transaction at a time")
		building = true
		defer func() { building = false }()
		elapsed := time.Since(sendStart)
		require.NotEmpty(t, batch)
		require.LessOrEqual(t, len(batch), cfg.PerTx)
		for _, r := range batch {
			require.LessOrEqual(t, plan[(int(r.Counter)-1)*devices+int(r.Device[0]-'a')].at, elapsed, "handed over before it is due")
		}
		batches = append(batches, batch)
	})
	var got []types.Reading
	last := map[string]uint64{}
	for _, b := range batches {
		for _, r := range b {
			require.Greater(t, r.Counter, last[r.Device], "device %s: a reading behind one of its higher counters", r.Device)
			last[r.Device] = r.Counter
			got = append(got, r)
		}
	}
	require.Len(t, got, total, "every reading once")
	for i := range got {
		require.Equal(t, plan[i].reading, got[i])
	}
	require.GreaterOrEqual(t, len(batches), 3, "at least ceil(2350/1000) transactions")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	feed(ctx, plan, cfg, time.Now(), func([]types.Reading) { calls++ })
	require.Zero(t, calls, "a cancelled run hands nothing over")
}
