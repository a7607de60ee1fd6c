package simulator

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/tracechain/tracechain/cmd/tracesigner/chainclient"
	"github.com/tracechain/tracechain/x/device/types"
)

// inflight is a transaction sent and not yet seen in a block.
type inflight struct {
	readings []types.Reading
	sent     time.Time
}

// tracker follows blocks and matches their transactions to what was sent.
type tracker struct {
	client *chainclient.Client
	mu     sync.Mutex
	// pending by transaction hash (hex).
	pending   map[string]inflight
	committed map[string][]uint64 // device → counters
	latencies []time.Duration
	okReads   int
	failed    int
	failures  []string
	blocks    []time.Time
	firstSeen time.Time
	lastSeen  time.Time
	maxTxs    int
}

func newTracker(c *chainclient.Client) *tracker {
	return &tracker{client: c, pending: map[string]inflight{}, committed: map[string][]uint64{}}
}

func (t *tracker) add(hash []byte, readings []types.Reading, sent time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending[fmt.Sprintf("%X", hash)] = inflight{readings: readings, sent: sent}
}

func (t *tracker) inFlight() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending)
}

// follow reads every block from height on until ctx ends.
func (t *tracker) follow(ctx context.Context, height int64) {
	for ctx.Err() == nil {
		status, err := t.client.RPC.Status(ctx)
		if err != nil || status.SyncInfo.LatestBlockHeight < height {
			select {
			case <-ctx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
			continue
		}
		for ; height <= status.SyncInfo.LatestBlockHeight && ctx.Err() == nil; height++ {
			if err := t.block(ctx, height); err != nil {
				height-- // try the same height again
				time.Sleep(100 * time.Millisecond)
			}
		}
	}
}

// block matches one block's transactions and results.
func (t *tracker) block(ctx context.Context, height int64) error {
	blk, err := t.client.RPC.Block(ctx, &height)
	if err != nil {
		return err
	}
	results, err := t.client.RPC.BlockResults(ctx, &height)
	if err != nil {
		return err
	}
	seen := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.blocks = append(t.blocks, blk.Block.Time)
	t.maxTxs = max(t.maxTxs, len(blk.Block.Txs))
	for i, tx := range blk.Block.Txs {
		key := fmt.Sprintf("%X", tx.Hash())
		sent, ok := t.pending[key]
		if !ok {
			continue
		}
		delete(t.pending, key)
		if i >= len(results.TxsResults) || results.TxsResults[i].Code != 0 {
			t.failed += len(sent.readings)
			if i < len(results.TxsResults) && len(t.failures) < 10 {
				t.failures = append(t.failures, results.TxsResults[i].Log)
			}
			continue
		}
		if t.firstSeen.IsZero() {
			t.firstSeen = seen
		}
		t.lastSeen = seen
		t.okReads += len(sent.readings)
		for _, r := range sent.readings {
			t.committed[r.Device] = append(t.committed[r.Device], r.Counter)
		}
		lat := seen.Sub(sent.sent)
		for range sent.readings {
			t.latencies = append(t.latencies, lat)
		}
	}
	return nil
}

// drain waits until nothing is in flight, or at most limit.
func (t *tracker) drain(limit time.Duration) {
	deadline := time.Now().Add(limit)
	for t.inFlight() > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
}

// Result is what a run printed, and what --report writes.
type Result struct {
	Devices            int     `json:"devices"`
	Rate               float64 `json:"rate_per_s"`
	Duration           string  `json:"duration"`
	Planned            int     `json:"planned"`
	Sent               int     `json:"sent"`
	RefusedAtAdmission int     `json:"refused_at_admission"`
	Committed          int     `json:"committed"`
	FailedInBlock      int     `json:"failed_in_block"`
	NotSeen            int     `json:"not_seen"`
	// Committed readings per second, from the first send to the last
	// block holding a committed reading.
	Throughput   float64             `json:"committed_per_s"`
	LatencyP50ms float64             `json:"latency_p50_ms"`
	LatencyP99ms float64             `json:"latency_p99_ms"`
	Blocks       int                 `json:"blocks"`
	BlockTimeMs  float64             `json:"mean_block_time_ms"`
	MaxTxs       int                 `json:"max_txs_per_block"`
	Errors       []string            `json:"errors,omitempty"`
	Readings     map[string][]uint64 `json:"committed_readings"`
}

func (t *tracker) result(res *Result, sendStart time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	res.Committed, res.FailedInBlock, res.Readings = t.okReads, t.failed, t.committed
	for _, p := range t.pending {
		res.NotSeen += len(p.readings)
	}
	res.Errors = append(res.Errors, t.failures...)
	if t.okReads > 0 {
		res.Throughput = float64(t.okReads) / t.lastSeen.Sub(sendStart).Seconds()
	}
	if n := len(t.latencies); n > 0 {
		slices.Sort(t.latencies)
		res.LatencyP50ms = float64(t.latencies[n/2]) / float64(time.Millisecond)
		res.LatencyP99ms = float64(t.latencies[min(n-1, n*99/100)]) / float64(time.Millisecond)
	}
	res.Blocks, res.MaxTxs = len(t.blocks), t.maxTxs
	if len(t.blocks) > 1 {
		res.BlockTimeMs = float64(t.blocks[len(t.blocks)-1].Sub(t.blocks[0]).Milliseconds()) / float64(len(t.blocks)-1)
	}
}

// Print writes the figures.
func (r *Result) Print(w io.Writer) {
	fmt.Fprintf(w, "\n%d devices, %.0f readings/s offered for %s\n", r.Devices, r.Rate, r.Duration)
	fmt.Fprintf(w, "  sent %d, committed %d, failed in block %d, refused at admission %d, not seen %d\n",
		r.Sent, r.Committed, r.FailedInBlock, r.RefusedAtAdmission, r.NotSeen)
	fmt.Fprintf(w, "  committed readings/s %.0f\n", r.Throughput)
	fmt.Fprintf(w, "  commit latency p50 %.0f ms, p99 %.0f ms\n", r.LatencyP50ms, r.LatencyP99ms)
	fmt.Fprintf(w, "  %d blocks, mean block time %.0f ms, at most %d transactions in a block\n", r.Blocks, r.BlockTimeMs, r.MaxTxs)
	for _, e := range r.Errors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
}
