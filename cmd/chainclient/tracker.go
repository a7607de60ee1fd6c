package chainclient

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Tracker follows a node's blocks and matches their transactions to what
// a load sent, so that a run reports what the chain committed — never
// what it was merely offered — and how long each transaction took from
// broadcast to the block that holds it.
type Tracker struct {
	client *Client
	mu     sync.Mutex
	// pending by transaction hash (hex, upper case as CometBFT prints it).
	pending   map[string]pendingTx
	committed []Committed
	latencies []time.Duration // one per committed item
	failed    int             // items whose transaction failed in its block
	failures  []string
	blocks    []time.Time
	lastSeen  time.Time
	maxTxs    int
}

type pendingTx struct {
	items   int
	payload any
	sent    time.Time
}

// Committed is a transaction seen successful in a block.
type Committed struct {
	Hash    string `json:"hash"`
	Height  int64  `json:"height"`
	Items   int    `json:"items"`
	Payload any    `json:"-"`
}

// NewTracker tracks transactions committed through c's node.
func NewTracker(c *Client) *Tracker {
	return &Tracker{client: c, pending: map[string]pendingTx{}}
}

// StartTracker follows c's node from its next block on, until the
// returned stop is called or ctx ends.
func StartTracker(ctx context.Context, c *Client) (*Tracker, context.CancelFunc, error) {
	status, err := c.RPC.Status(ctx)
	if err != nil {
		return nil, nil, err
	}
	t := NewTracker(c)
	followCtx, stop := context.WithCancel(ctx)
	go t.Follow(followCtx, status.SyncInfo.LatestBlockHeight+1)
	return t, stop, nil
}

// Add records a broadcast transaction carrying items (readings, sends) and
// anything the caller wants back once it commits.
func (t *Tracker) Add(hash []byte, items int, payload any, sent time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending[fmt.Sprintf("%X", hash)] = pendingTx{items: items, payload: payload, sent: sent}
}

// InFlight is how many transactions were sent and not yet seen in a block.
func (t *Tracker) InFlight() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending)
}

// Follow reads every block from height on until ctx ends; a block that
// cannot be read yet (the node busy or away) is tried again.
func (t *Tracker) Follow(ctx context.Context, height int64) {
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
				height-- // the same height again
				time.Sleep(100 * time.Millisecond)
			}
		}
	}
}

// block matches one block's transactions and results.
func (t *Tracker) block(ctx context.Context, height int64) error {
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
			t.failed += sent.items
			if i < len(results.TxsResults) && len(t.failures) < 10 {
				t.failures = append(t.failures, results.TxsResults[i].Log)
			}
			continue
		}
		t.lastSeen = seen
		t.committed = append(t.committed, Committed{Hash: key, Height: height, Items: sent.items, Payload: sent.payload})
		lat := seen.Sub(sent.sent)
		for range sent.items {
			t.latencies = append(t.latencies, lat)
		}
	}
	return nil
}

// Failed is how many items failed in their blocks so far, with the
// first failures' logs.
func (t *Tracker) Failed() (int, []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.failed, slices.Clone(t.failures)
}

// Drain waits until nothing is in flight, or at most limit.
func (t *Tracker) Drain(limit time.Duration) {
	deadline := time.Now().Add(limit)
	for t.InFlight() > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
}

// Committed is every transaction seen successful, in block order.
func (t *Tracker) Committed() []Committed {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.committed)
}

// Stats are a run's figures, counted in items.
type Stats struct {
	Committed     int `json:"committed"`
	FailedInBlock int `json:"failed_in_block"`
	NotSeen       int `json:"not_seen"`
	// Committed items per second, from the first send to the last block
	// holding a committed item.
	Throughput   float64  `json:"committed_per_s"`
	LatencyP50ms float64  `json:"latency_p50_ms"`
	LatencyP99ms float64  `json:"latency_p99_ms"`
	Blocks       int      `json:"blocks"`
	BlockTimeMs  float64  `json:"mean_block_time_ms"`
	MaxTxs       int      `json:"max_txs_per_block"`
	Failures     []string `json:"failures,omitempty"`
}

// Stats counts what committed since sendStart.
func (t *Tracker) Stats(sendStart time.Time) Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := Stats{FailedInBlock: t.failed, Failures: slices.Clone(t.failures), Blocks: len(t.blocks), MaxTxs: t.maxTxs}
	for _, c := range t.committed {
		s.Committed += c.Items
	}
	for _, p := range t.pending {
		s.NotSeen += p.items
	}
	if s.Committed > 0 {
		s.Throughput = float64(s.Committed) / t.lastSeen.Sub(sendStart).Seconds()
	}
	if n := len(t.latencies); n > 0 {
		sorted := slices.Clone(t.latencies)
		slices.Sort(sorted)
		s.LatencyP50ms = float64(sorted[n/2]) / float64(time.Millisecond)
		s.LatencyP99ms = float64(sorted[min(n-1, n*99/100)]) / float64(time.Millisecond)
	}
	if len(t.blocks) > 1 {
		s.BlockTimeMs = float64(t.blocks[len(t.blocks)-1].Sub(t.blocks[0]).Milliseconds()) / float64(len(t.blocks)-1)
	}
	return s
}
