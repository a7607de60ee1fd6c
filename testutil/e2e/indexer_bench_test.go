//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/network"
	"github.com/tracechain/tracechain/x/lib/gs1"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

var (
	benchDocs    = flag.Int("bench-docs", 100, "EPCIS documents of 200 events the benchmark chain records")
	benchQueries = flag.Int("bench-queries", 300, "queries asked of each side")
	// tx_search takes seconds a question over a large chain; the indexer's
	// p99 needs a hundred or more answers to mean anything.
	benchIndexerQueries = flag.Int("bench-indexer-queries", 0, "queries asked of the indexer alone after the side-by-side ones (0: none)")
)

// BenchmarkIndexerVsTxSearch measures, on the same chain data, the
// indexer's ingestion (a reindex of the whole chain) against the chain's
// own rate, and "all events of one item" answered by the indexer against
// CometBFT's tx_search. Run with -benchtime 1x (make bench-indexer).
func BenchmarkIndexerVsTxSearch(b *testing.B) {
	ctx := context.Background()
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	net := network.New(b, network.Options{Validators: 1, Consortium: filepath.Join(repo, "networks", "consortium.json")})
	net.StartAll()
	if err := net.WaitHeight(ctx, "node0", 2, 90*time.Second); err != nil {
		b.Fatal(err)
	}
	if res, err := net.Tx(ctx, "farm-admin", "trace", "register-product", "06901234123456", "Winter wheat", "--category", "grain"); err != nil || res.Code != 0 {
		b.Fatalf("register product: %v %+v", err, res)
	}
	startHeight, _ := net.Height(ctx, "node0")

	// The chain records the documents, two senders at a time: each lot
	// of three items is commissioned, then inspected.
	// Events 20 ms apart: a million of them fit in the day before now (the
	// chain refuses eventTimes in the future).
	clock := epcisbuild.NewClock(time.Now().Add(-24 * time.Hour))
	clock.Step = 20 * time.Millisecond
	var clockMu sync.Mutex
	item := func(doc, lot, k int) string {
		return fmt.Sprintf("urn:epc:id:sgtin:6901234.012345.B%dx%dx%d", doc, lot, k)
	}
	pallet := func(doc, lot int) string { return fmt.Sprintf("urn:epc:id:sscc:6901234.%010d", doc*1000+lot) }
	const lotsPerDoc = 66 // 198 events a document (the chain takes 200)
	document := func(doc int) []byte {
		clockMu.Lock()
		defer clockMu.Unlock()
		var evs []epcisbuild.Event
		for lot := 0; lot < lotsPerDoc; lot++ {
			items := []string{item(doc, lot, 0), item(doc, lot, 1), item(doc, lot, 2)}
			evs = append(evs, clock.New("ObjectEvent", "ADD").BizStep("commissioning").Disposition("active").EPCs(items...),
				clock.New("ObjectEvent", "OBSERVE").BizStep("inspecting").Disposition("active").EPCs(items...),
				clock.New("AggregationEvent", "ADD").BizStep("packing").Disposition("in_progress").Parent(pallet(doc, lot)).Children(items...))
		}
		return epcisbuild.Document(evs...)
	}
	// The farm's two accounts send the documents as unordered transactions,
	// a few in flight at a time, so that blocks fill as the chain allows.
	cc, err := chainclient.New(net.Node("node0").RPC, net.ChainID)
	if err != nil {
		b.Fatal(err)
	}
	var senders []*chainclient.Unordered
	for _, name := range []string{"farm-operator", "farm-admin"} {
		k, err := cc.OpenKeyring(net.Keyring, "test", name)
		if err != nil {
			b.Fatal(err)
		}
		s, err := k.InMemory()
		if err != nil {
			b.Fatal(err)
		}
		u, err := cc.UnorderedSigner(s)
		if err != nil {
			b.Fatal(err)
		}
		senders = append(senders, u)
	}
	tracker := chainclient.NewTracker(cc)
	trackCtx, stopTracking := context.WithCancel(ctx)
	defer stopTracking()
	go tracker.Follow(trackCtx, startHeight+1)
	loadStart := time.Now()
	for doc := 0; doc < *benchDocs; doc++ {
		for tracker.InFlight() >= 8 {
			time.Sleep(20 * time.Millisecond)
		}
		if failed, logs := tracker.Failed(); failed > 0 {
			b.Fatalf("after %d documents, %d events failed in their blocks: %v", doc, failed, logs)
		}
		s := senders[doc%len(senders)]
		signer, err := chainaddress.AccountAddressCodec().BytesToString(s.Address())
		if err != nil {
			b.Fatal(err)
		}
		tx, err := cc.BuildUnordered(s, &tracetypes.MsgCaptureEvents{Signer: signer, Document: document(doc)})
		if err != nil {
			b.Fatal(err)
		}
		sent := time.Now()
		hash, err := cc.Broadcast(ctx, tx)
		if err != nil {
			b.Fatalf("document %d: %v", doc, err)
		}
		tracker.Add(hash, lotsPerDoc*3, doc, sent)
	}
	tracker.Drain(5 * time.Minute)
	if st := tracker.Stats(loadStart); st.Committed != *benchDocs*lotsPerDoc*3 {
		b.Fatalf("%d of %d events committed: %+v", st.Committed, *benchDocs*lotsPerDoc*3, st)
	}
	stopTracking()
	loadTook := time.Since(loadStart)
	endHeight := tracker.Committed()[len(tracker.Committed())-1].Height
	events := *benchDocs * lotsPerDoc * 3
	if b.Failed() {
		return
	}

	// Ingestion: the whole chain indexed again from height 1.
	ix := struct{ bin, home, node, addr string }{network.IndexerBinary(b), b.TempDir(), net.Node("node0").RPC, fmt.Sprintf("127.0.0.1:%d", network.FreePortRange(b, 1))}
	reindexStart := time.Now()
	if out, err := exec.Command(ix.bin, "reindex", "--node", ix.node, "--home", ix.home, "--to-height", fmt.Sprint(endHeight)).CombinedOutput(); err != nil {
		b.Fatalf("reindex: %v %s", err, out)
	}
	reindexTook := time.Since(reindexStart)
	serve := exec.Command(ix.bin, "start", "--node", ix.node, "--home", ix.home, "--listen", ix.addr, "--client-rate", "0", "--max-in-flight", "0")
	if err := serve.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = serve.Process.Kill(); _ = serve.Wait() })
	client := net.Client("node0")
	for i := 0; ; i++ {
		if resp, err := http.Get("http://" + ix.addr + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if i > 100 {
			b.Fatal("the indexer does not answer")
		}
		time.Sleep(100 * time.Millisecond)
	}

	rng := rand.New(rand.NewPCG(3, 4))
	var ixTimes, txTimes, ixTrace, txTrace []time.Duration
	for q := 0; q < *benchQueries; q++ {
		epc := item(rng.IntN(*benchDocs), rng.IntN(lotsPerDoc), rng.IntN(3))
		t0 := time.Now()
		n, err := indexerEventCount(ix.addr, epc)
		ixTimes = append(ixTimes, time.Since(t0))
		if err != nil || n != 3 {
			b.Fatalf("indexer %s: %v, %d events", epc, err, n)
		}
		// The same question of CometBFT: the transactions whose captured
		// events name the item (canonical Digital Link form).
		dl := canonical(b, epc)
		t0 = time.Now()
		found, err := client.TxSearch(ctx, fmt.Sprintf("tracechain.trace.v1.EventCaptured.object_ids CONTAINS '%s'", dl), false, nil, nil, "asc")
		txTimes = append(txTimes, time.Since(t0))
		if err != nil || found.TotalCount != 1 {
			b.Fatalf("tx_search %s: %v %+v", dl, err, found)
		}

		// A pallet's genealogy (up: what is packed on it): one request to
		// the indexer; through tx_search, the walk a client makes from the
		// pallet's packing to each content's own events.
		p := canonical(b, pallet(rng.IntN(*benchDocs), rng.IntN(lotsPerDoc)))
		t0 = time.Now()
		n, err = indexerTraceNodes(ix.addr, p)
		ixTrace = append(ixTrace, time.Since(t0))
		if err != nil || n != 4 {
			b.Fatalf("indexer trace %s: %v, %d nodes", p, err, n)
		}
		t0 = time.Now()
		contents, err := txSearchContents(ctx, client, p)
		txTrace = append(txTrace, time.Since(t0))
		if err != nil || len(contents) != 3 {
			b.Fatalf("tx_search genealogy %s: %v, %d contents", p, err, len(contents))
		}
	}
	// The indexer alone, more questions of the same kinds, for its p99.
	for q := 0; q < *benchIndexerQueries; q++ {
		epc := item(rng.IntN(*benchDocs), rng.IntN(lotsPerDoc), rng.IntN(3))
		t0 := time.Now()
		n, err := indexerEventCount(ix.addr, epc)
		ixTimes = append(ixTimes, time.Since(t0))
		if err != nil || n != 3 {
			b.Fatalf("indexer %s: %v, %d events", epc, err, n)
		}
		pal := canonical(b, pallet(rng.IntN(*benchDocs), rng.IntN(lotsPerDoc)))
		t0 = time.Now()
		n, err = indexerTraceNodes(ix.addr, pal)
		ixTrace = append(ixTrace, time.Since(t0))
		if err != nil || n != 4 {
			b.Fatalf("indexer trace %s: %v, %d nodes", pal, err, n)
		}
	}
	b.Logf("%d indexer answers of each kind, %d tx_search answers of each kind", len(ixTimes), len(txTimes))
	p := func(ts []time.Duration, q int) float64 {
		slices.Sort(ts)
		return float64(ts[len(ts)*q/100].Microseconds()) / 1000
	}
	blocks := endHeight - startHeight
	b.ReportMetric(float64(events)/loadTook.Seconds(), "chain-events/s")
	b.ReportMetric(float64(blocks)/loadTook.Seconds(), "chain-blocks/s")
	b.ReportMetric(float64(events)/reindexTook.Seconds(), "reindex-events/s")
	b.ReportMetric(float64(endHeight)/reindexTook.Seconds(), "reindex-blocks/s")
	b.ReportMetric(p(ixTimes, 50), "indexer-p50-ms")
	b.ReportMetric(p(ixTimes, 99), "indexer-p99-ms")
	b.ReportMetric(p(txTimes, 50), "txsearch-p50-ms")
	b.ReportMetric(p(txTimes, 99), "txsearch-p99-ms")
	b.ReportMetric(p(ixTrace, 50), "indexer-trace-p50-ms")
	b.ReportMetric(p(ixTrace, 99), "indexer-trace-p99-ms")
	b.ReportMetric(p(txTrace, 50), "txsearch-trace-p50-ms")
	b.ReportMetric(p(txTrace, 99), "txsearch-trace-p99-ms")
	b.Logf("genealogy p99 ratio tx_search/indexer %.1f×", p(txTrace, 99)/p(ixTrace, 99))
	b.Logf("%d events in %d blocks (heights %d..%d) recorded in %s; reindex of heights 1..%d in %s; p99 ratio tx_search/indexer %.1f×",
		events, blocks, startHeight, endHeight, loadTook.Round(time.Millisecond), endHeight, reindexTook.Round(time.Millisecond), p(txTimes, 99)/p(ixTimes, 99))
}

// indexerEventCount asks the indexer for all events of one item and
// counts them.
func indexerEventCount(addr, epc string) (int, error) {
	resp, err := http.Get("http://" + addr + "/epcis/epcs/" + url.PathEscape(epc) + "/events")
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return 0, fmt.Errorf("status %s", resp.Status)
	}
	var doc struct {
		EPCISBody struct {
			QueryResults struct {
				ResultsBody struct {
					EventList []any `json:"eventList"`
				} `json:"resultsBody"`
			} `json:"queryResults"`
		} `json:"epcisBody"`
	}
	err = jsonDecode(resp, &doc)
	return len(doc.EPCISBody.QueryResults.ResultsBody.EventList), err
}

// indexerTraceNodes asks the indexer for a pallet's genealogy (up: what
// is packed on it) and counts its nodes.
func indexerTraceNodes(addr, pallet string) (int, error) {
	resp, err := http.Get("http://" + addr + "/v1/trace/" + url.PathEscape(pallet) + "?direction=up")
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return 0, fmt.Errorf("status %s", resp.Status)
	}
	var g struct {
		Nodes []any `json:"nodes"`
	}
	err = jsonDecode(resp, &g)
	return len(g.Nodes), err
}

func jsonDecode(resp *http.Response, into any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(into)
}

func canonical(b *testing.B, epc string) string {
	id, err := gs1.Parse(epc)
	if err != nil {
		b.Fatal(err)
	}
	return id.URI
}

// txSearchContents answers "what is packed on this pallet, and what are
// its contents' own events" with tx_search alone: the pallet's packing
// transaction gives the contents (its EventCaptured object_ids), then
// each content's transactions are searched in turn.
func txSearchContents(ctx context.Context, client *rpchttp.HTTP, pallet string) ([]string, error) {
	search := func(id string) (*coretypes.ResultTxSearch, error) {
		return client.TxSearch(ctx, fmt.Sprintf("tracechain.trace.v1.EventCaptured.object_ids CONTAINS '%s'", id), false, nil, nil, "asc")
	}
	found, err := search(pallet)
	if err != nil {
		return nil, err
	}
	var contents []string
	for _, tx := range found.Txs {
		for _, ev := range tx.TxResult.Events {
			if ev.Type != "tracechain.trace.v1.EventCaptured" {
				continue
			}
			var typ string
			var ids []string
			for _, a := range ev.Attributes {
				switch a.Key {
				case "type":
					_ = json.Unmarshal([]byte(a.Value), &typ)
				case "object_ids":
					_ = json.Unmarshal([]byte(a.Value), &ids)
				}
			}
			if typ == "AggregationEvent" && slices.Contains(ids, pallet) {
				for _, id := range ids {
					if id != pallet {
						contents = append(contents, id)
					}
				}
			}
		}
	}
	for _, c := range contents {
		if _, err := search(c); err != nil {
			return nil, err
		}
	}
	return contents, nil
}
