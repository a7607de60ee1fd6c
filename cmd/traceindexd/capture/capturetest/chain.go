// Package capturetest is a chain in memory for testing capture jobs.
package capturetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/tracechain/tracechain/cmd/traceindexd/capture"
	"github.com/tracechain/tracechain/x/lib/epcis"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// Chain is a chain in memory: a mempool, blocks made on demand, the
// events it recorded, and the rules of the real one that capture jobs
// meet — all or nothing per transaction, duplicates refused by event ID
// (an error declaration needs the event it declares),
// an event naming a "bad" EPC refused as not commissioned.
type Chain struct {
	mu       sync.Mutex
	height   int64
	mempool  [][]byte
	results  map[string]*capture.Outcome
	recorded map[string]int64
	// Times counts how often each event was recorded (must stay ≤ 1).
	Times map[string]int
	// DropBroadcasts loses every transaction sent (a node that restarts).
	DropBroadcasts bool
	// Hold keeps blocks empty: what is sent waits in the mempool.
	Hold bool
	// FailBroadcast makes a broadcast fail as an unreachable node.
	FailBroadcast bool
	now           time.Time
}

// NewChain is an empty chain whose clock starts now.
func NewChain() *Chain {
	return &Chain{results: map[string]*capture.Outcome{}, recorded: map[string]int64{}, Times: map[string]int{}, now: time.Now()}
}

// Limits are small, so that tests reach them: 5 events, 64 KiB.
func (f *Chain) Limits(context.Context) (int, int, error) { return 5, 64 << 10, nil }

// Recorded is the height that recorded an event.
func (f *Chain) Recorded(_ context.Context, id string) (int64, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	h, ok := f.recorded[id]
	return h, ok, nil
}

type signedTx struct {
	Doc     []byte    `json:"doc"`
	Timeout time.Time `json:"timeout"`
}

// SignCapture "signs" a document: the transaction is the document and its timeout.
func (f *Chain) SignCapture(doc []byte, timeout time.Time) ([]byte, error) {
	return json.Marshal(signedTx{doc, timeout})
}

// Broadcast puts a transaction in the mempool (unless the switches say otherwise).
func (f *Chain) Broadcast(_ context.Context, tx []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.FailBroadcast {
		return fmt.Errorf("dial tcp: connection refused")
	}
	if f.DropBroadcasts {
		return nil
	}
	for _, m := range f.mempool {
		if string(m) == string(tx) {
			return nil
		}
	}
	if _, done := f.results[hashOf(tx)]; done {
		return &capture.Outcome{Codespace: "sdk", Code: 19, Log: "tx already in a block"}
	}
	f.mempool = append(f.mempool, tx)
	return nil
}

// Outcome is what a block did with a transaction.
func (f *Chain) Outcome(_ context.Context, hash []byte) (*capture.Outcome, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.results[strings.ToUpper(fmt.Sprintf("%x", hash))]
	return o, ok, nil
}

// Now is the chain's clock: the time of its latest block.
func (f *Chain) Now(context.Context) (time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now, nil
}

// Commit makes a block of the mempool, advancing the chain's clock.
func (f *Chain) Commit(advance time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.height++
	f.now = f.now.Add(advance)
	if f.Hold {
		return
	}
	for _, tx := range f.mempool {
		f.results[hashOf(tx)] = f.execute(tx)
	}
	f.mempool = nil
}

func (f *Chain) execute(tx []byte) *capture.Outcome {
	var t signedTx
	if err := json.Unmarshal(tx, &t); err != nil {
		return &capture.Outcome{Height: f.height, Codespace: "sdk", Code: 2, Log: err.Error()}
	}
	if f.now.After(t.Timeout) {
		return &capture.Outcome{Height: f.height, Codespace: "sdk", Code: 30, Log: "unordered transaction has a timeout_timestamp that has already passed"}
	}
	doc, err := epcis.ReadDocument(t.Doc)
	if err != nil {
		return &capture.Outcome{Height: f.height, Codespace: tracetypes.ModuleName, Code: tracetypes.ErrInvalidDocument.ABCICode(), Log: err.Error()}
	}
	ids, _, _ := doc.EventIDs()
	for i, ev := range doc.Events {
		refuse := func(e interface{ ABCICode() uint32 }, why string) *capture.Outcome {
			return &capture.Outcome{
				Height: f.height, Codespace: tracetypes.ModuleName, Code: e.ABCICode(),
				Log: fmt.Sprintf("failed to execute message; message index: 0: event %d (%s): %s", i, ev.Str("type"), why),
			}
		}
		if ev.Get("errorDeclaration") != nil { // declares an event the chain holds
			if _, held := f.recorded[ids[i]]; !held {
				return refuse(tracetypes.ErrEventNotFound, "eventID "+ids[i]+": event not found")
			}
			continue
		}
		if _, dup := f.recorded[ids[i]]; dup {
			return refuse(tracetypes.ErrDuplicateEvent, "eventID "+ids[i]+": event already recorded")
		}
		if strings.Contains(string(mustJSON(ev)), ".bad") {
			return refuse(tracetypes.ErrObjectNotFound, "epcList: urn:epc:id:sgtin:0614141.107346.bad: object not commissioned")
		}
	}
	for i, id := range ids {
		if doc.Events[i].Get("errorDeclaration") == nil {
			f.recorded[id] = f.height
			f.Times[id]++
		}
	}
	return &capture.Outcome{Height: f.height}
}

// Pending is how many transactions wait in the mempool.
func (f *Chain) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.mempool)
}

// Lock guards the switches (Hold, DropBroadcasts, FailBroadcast).
func (f *Chain) Lock() { f.mu.Lock() }

// Unlock releases what Lock took.
func (f *Chain) Unlock() { f.mu.Unlock() }

func hashOf(tx []byte) string { return strings.ToUpper(fmt.Sprintf("%x", cmttypes.Tx(tx).Hash())) }

// Held is how many events the chain holds.
func (f *Chain) Held() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.recorded)
}

func mustJSON(n *epcis.Node) []byte {
	bz, err := n.MarshalJSON()
	if err != nil {
		panic(err)
	}
	return bz
}

// Produce makes a block every interval until ctx ends.
func (f *Chain) Produce(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f.Commit(interval)
		}
	}
}
