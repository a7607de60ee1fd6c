package capture

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/tracechain/tracechain/x/lib/epcis"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// fakeChain is a chain in memory: a mempool, blocks made on demand, the
// events it recorded, and the rules of the real one that capture jobs
// meet — all or nothing per transaction, duplicates refused by event ID,
// an event naming a "bad" EPC refused as not commissioned.
type fakeChain struct {
	mu       sync.Mutex
	height   int64
	mempool  [][]byte
	results  map[string]*Outcome
	recorded map[string]int64
	// times counts how often each event was recorded (must stay ≤ 1).
	times map[string]int
	// dropBroadcasts loses every transaction sent (a node that restarts).
	dropBroadcasts bool
	// failBroadcast makes a broadcast fail as an unreachable node.
	failBroadcast bool
	now           time.Time
}

func newFakeChain() *fakeChain {
	return &fakeChain{results: map[string]*Outcome{}, recorded: map[string]int64{}, times: map[string]int{}, now: time.Now()}
}

func (f *fakeChain) Limits(context.Context) (int, int, error) { return 5, 64 << 10, nil }

func (f *fakeChain) Recorded(_ context.Context, id string) (int64, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	h, ok := f.recorded[id]
	return h, ok, nil
}

type fakeTx struct {
	Doc     []byte    `json:"doc"`
	Timeout time.Time `json:"timeout"`
}

func (f *fakeChain) SignCapture(doc []byte, timeout time.Time) ([]byte, error) {
	return json.Marshal(fakeTx{doc, timeout})
}

func (f *fakeChain) Broadcast(_ context.Context, tx []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failBroadcast {
		return fmt.Errorf("dial tcp: connection refused")
	}
	if f.dropBroadcasts {
		return nil
	}
	for _, m := range f.mempool {
		if string(m) == string(tx) {
			return nil
		}
	}
	if _, done := f.results[txHash(tx)]; done {
		return &Outcome{Codespace: "sdk", Code: 19, Log: "tx already in a block"}
	}
	f.mempool = append(f.mempool, tx)
	return nil
}

func (f *fakeChain) Outcome(_ context.Context, hash []byte) (*Outcome, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.results[strings.ToUpper(fmt.Sprintf("%x", hash))]
	return o, ok, nil
}

func (f *fakeChain) Now(context.Context) (time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now, nil
}

// commit makes a block of the mempool, advancing the chain's clock.
func (f *fakeChain) commit(advance time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.height++
	f.now = f.now.Add(advance)
	for _, tx := range f.mempool {
		f.results[strings.ToUpper(fmt.Sprintf("%x", cmttypes.Tx(tx).Hash()))] = f.execute(tx)
	}
	f.mempool = nil
}

func (f *fakeChain) execute(tx []byte) *Outcome {
	var t fakeTx
	if err := json.Unmarshal(tx, &t); err != nil {
		return &Outcome{Height: f.height, Codespace: "sdk", Code: 2, Log: err.Error()}
	}
	if f.now.After(t.Timeout) {
		return &Outcome{Height: f.height, Codespace: "sdk", Code: 30, Log: "unordered transaction has a timeout_timestamp that has already passed"}
	}
	doc, err := epcis.ReadDocument(t.Doc)
	if err != nil {
		return &Outcome{Height: f.height, Codespace: tracetypes.ModuleName, Code: tracetypes.ErrInvalidDocument.ABCICode(), Log: err.Error()}
	}
	ids, _, _ := doc.EventIDs()
	for i, ev := range doc.Events {
		refuse := func(e interface{ ABCICode() uint32 }, why string) *Outcome {
			return &Outcome{Height: f.height, Codespace: tracetypes.ModuleName, Code: e.ABCICode(),
				Log: fmt.Sprintf("failed to execute message; message index: 0: event %d (%s): %s", i, ev.Str("type"), why)}
		}
		if _, dup := f.recorded[ids[i]]; dup {
			return refuse(tracetypes.ErrDuplicateEvent, "eventID "+ids[i]+": event already recorded")
		}
		if strings.Contains(string(mustJSON(ev)), ".bad") {
			return refuse(tracetypes.ErrObjectNotFound, "epcList: urn:epc:id:sgtin:0614141.107346.bad: object not commissioned")
		}
	}
	for _, id := range ids {
		f.recorded[id] = f.height
		f.times[id]++
	}
	return &Outcome{Height: f.height}
}

func mustJSON(n *epcis.Node) []byte {
	bz, err := n.MarshalJSON()
	if err != nil {
		panic(err)
	}
	return bz
}

// produce makes a block every interval until ctx ends.
func (f *fakeChain) produce(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f.commit(interval)
		}
	}
}
