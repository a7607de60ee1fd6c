package api

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tracechain/tracechain/cmd/traceindexd/follower"
	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
)

var benchLots = flag.Int("bench-lots", 200_000, "lots in the benchmark index; each has 5 EPCIS events")

// benchIndex is an index of a synthetic supply chain built once per run
// through the follower's own write path (documents parsed, recorded,
// indexed, one synced Pebble batch per block). Each lot: harvest
// (commissioning the lot), shipping of its 3 items, packing on a pallet,
// receiving, and a sale of one item.
var benchIndex = sync.OnceValues(func() (*store.Store, error) {
	dir, err := os.MkdirTemp("", "traceindexd-bench-")
	if err != nil {
		return nil, err
	}
	benchDir = dir
	st, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	const lotsPerDoc, docsPerBlock = 40, 5 // 200 events per document (the chain's limit), 1,000 per block
	clock := epcisbuild.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	start := time.Now()
	height, events := int64(0), 0
	for lot := 0; lot < *benchLots; {
		height++
		captures := follower.NewBlockCaptures(st, height, clock.Next)
		for d := 0; d < docsPerBlock && lot < *benchLots; d++ {
			var evs []epcisbuild.Event
			for i := 0; i < lotsPerDoc && lot < *benchLots; i, lot = i+1, lot+1 {
				evs = append(evs, lotEvents(clock, lot)...)
			}
			ids := make([]string, len(evs))
			for i := range ids {
				ids[i] = fmt.Sprintf("ni:///sha-256;%064x?ver=CBV2.0", events+i)
			}
			events += len(evs)
			if err := captures.AddDocument(epcisbuild.Document(evs...), ids, uint32(d), "BENCH", nil); err != nil {
				return nil, err
			}
		}
		if err := st.WriteBlock(store.BlockData{Block: store.Block{Height: height, Time: clock.Next.Format(time.RFC3339Nano)}, EPCIS: captures.Writes()}); err != nil {
			return nil, err
		}
	}
	took := time.Since(start)
	fmt.Printf("bench index: %d events in %d blocks in %s: %.0f events/s, %.1f blocks/s\n",
		events, height, took.Round(time.Millisecond), float64(events)/took.Seconds(), float64(height)/took.Seconds())
	return st, nil
})

// benchDir is removed when the benchmarks end (TestMain).
var benchDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		_ = os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func item(lot, k int) string { return fmt.Sprintf("urn:epc:id:sgtin:6901234.012345.S%dx%d", lot, k) }

func lotEvents(c *epcisbuild.Clock, lot int) []epcisbuild.Event {
	items := []string{item(lot, 0), item(lot, 1), item(lot, 2)}
	pallet := fmt.Sprintf("urn:epc:id:sscc:6901234.%010d", lot)
	farm, dc, shop := "urn:epc:id:sgln:6901234.00001.0", "urn:epc:id:sgln:6901234.00002.0", "urn:epc:id:sgln:6901234.00003.0"
	return []epcisbuild.Event{
		c.New("ObjectEvent", "ADD").BizStep("harvesting").Disposition("active").At(farm).
			Qty(epcisbuild.Quantity{Class: fmt.Sprintf("urn:epc:class:lgtin:6901234.012345.L%d", lot), Amount: "100", UOM: "KGM"}),
		c.New("ObjectEvent", "OBSERVE").BizStep("shipping").Disposition("in_transit").At(farm).EPCs(items...),
		c.New("AggregationEvent", "ADD").BizStep("packing").Disposition("in_progress").At(dc).Parent(pallet).Children(items...),
		c.New("ObjectEvent", "OBSERVE").BizStep("receiving").Disposition("in_progress").At(dc).EPCs(items...),
		c.New("ObjectEvent", "OBSERVE").BizStep("retail_selling").Disposition("retail_sold").At(shop).EPCs(items[0]),
	}
}

// runQueries times n requests made by path(i) and reports p50 and p99.
func runQueries(b *testing.B, path func(rng *rand.Rand) string, wantEvents int) {
	st, err := benchIndex()
	if err != nil {
		b.Fatal(err)
	}
	s := &Server{Store: st, Progress: fixedProgress{1}}
	h := mustHandler(s)
	rng := rand.New(rand.NewPCG(7, 7))
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		p := path(rng)
		t0 := time.Now()
		w := get(h, p)
		took = append(took, time.Since(t0))
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", p, w.Code, w.Body.String())
		}
		if wantEvents > 0 {
			var doc queryDoc
			if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil || len(doc.EPCISBody.QueryResults.ResultsBody.EventList) != wantEvents {
				b.Fatalf("%s: want %d events: %v %s", p, wantEvents, err, w.Body.String())
			}
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

// All events of one item (EPC), through /epcis/epcs/{epc}/events: 4 of them.
func BenchmarkEPCEvents(b *testing.B) {
	runQueries(b, func(rng *rand.Rand) string {
		return "/epcis/epcs/" + url.PathEscape(item(rng.IntN(*benchLots), 0)) + "/events"
	}, 4)
}

// A pallet's packing event by MATCH_parentID.
func BenchmarkPalletEvents(b *testing.B) {
	runQueries(b, func(rng *rand.Rand) string {
		return "/epcis/events?MATCH_parentID=" + url.QueryEscape(fmt.Sprintf("urn:epc:id:sscc:6901234.%010d", rng.IntN(*benchLots)))
	}, 1)
}

// The first page (30) of a common business step, filtered by disposition.
func BenchmarkBizStepPage(b *testing.B) {
	runQueries(b, func(*rand.Rand) string { return "/epcis/events?EQ_bizStep=receiving&EQ_disposition=in_progress" }, 30)
}
