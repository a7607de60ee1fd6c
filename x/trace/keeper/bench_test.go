package keeper_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/trace/types"
)

// BenchmarkCapture100Events captures one 100-event document per iteration:
// 50 harvests of new lots, then each lot shipped (every event hashed,
// checked and recorded, and the block's writes committed).
func BenchmarkCapture100Events(b *testing.B) {
	f := keepertest.NewTrace(b)
	clock := epcisbuild.NewClock(keepertest.BlockTime.Add(-24 * time.Hour))
	clock.Step = time.Millisecond
	docs := make([][]byte, b.N)
	for i := range docs {
		events := make([]epcisbuild.Event, 0, 100)
		for j := range 50 {
			lot := fmt.Sprintf("urn:epc:class:lgtin:%s.012345.B%dL%d", keepertest.FarmPrefix, i, j)
			events = append(events,
				clock.New("ObjectEvent", "ADD").BizStep("harvesting").At(f.Farm.Site()).
					Qty(epcisbuild.Quantity{Class: lot, Amount: "1000", UOM: "KGM"}),
				clock.New("ObjectEvent", "OBSERVE").BizStep("shipping").At(f.Farm.Site()).
					Qty(epcisbuild.Quantity{Class: lot}).ShipTo(f.Mill.Party(), f.Mill.Party()))
		}
		docs[i] = epcisbuild.Document(events...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		ids, err := f.Capture(f.Farm.Signer(), docs[i])
		if err != nil || len(ids) != 100 {
			b.Fatalf("capture: %v (%d events)", err, len(ids))
		}
		f.Commit()
	}
	b.ReportMetric(float64(100*b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkGenealogyDepth10 walks up ten levels from a product made in ten
// successive transformations, each combining the previous level with four
// other lots: 51 objects and 50 edges, answered through the Query service.
func BenchmarkGenealogyDepth10(b *testing.B) {
	f := keepertest.NewTrace(b)
	clock := epcisbuild.NewClock(keepertest.BlockTime.Add(-24 * time.Hour))
	lot := func(level, n int) string {
		return fmt.Sprintf("urn:epc:class:lgtin:%s.054321.V%dN%d", keepertest.MillPrefix, level, n)
	}
	q := func(id string) epcisbuild.Quantity { return epcisbuild.Quantity{Class: id, Amount: "10", UOM: "KGM"} }
	var commission []epcisbuild.Quantity
	for level := range 10 {
		for n := 1; n <= 4; n++ {
			commission = append(commission, q(lot(level, n)))
		}
	}
	commission = append(commission, q(lot(0, 0)))
	f.MustCapture(b, f.Mill, epcisbuild.Document(clock.New("ObjectEvent", "ADD").Qty(commission...)))
	for level := 1; level <= 10; level++ {
		inputs := []epcisbuild.Quantity{q(lot(level-1, 0))}
		for n := 1; n <= 4; n++ {
			inputs = append(inputs, q(lot(level-1, n)))
		}
		f.MustCapture(b, f.Mill, epcisbuild.Document(clock.New("TransformationEvent", "").InputQty(inputs...).OutputQty(q(lot(level, 0)))))
	}
	f.Commit()
	req := &types.QueryGenealogyRequest{Id: lot(10, 0), Direction: types.GENEALOGY_DIRECTION_UP, Depth: 10}
	resp, err := f.Query.Genealogy(f.Ctx, req)
	require.NoError(b, err)
	require.Len(b, resp.Nodes, 51)
	require.Len(b, resp.Edges, 50)

	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := f.Query.Genealogy(f.Ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCaptureLongDigitString captures a document whose one event
// carries a digit string of 10 KB, 100 KB or 1 MB in an extension field
// (as a JSON string and as a JSON number) or a letter string of the same
// size: the digits are refused as a number the event hash cannot read,
// the letters recorded. The time per KB is what docs/BENCHMARKS.md
// reports: it stays flat, as the work is linear in the document's size.
func BenchmarkCaptureLongDigitString(b *testing.B) {
	for _, size := range []int{10 << 10, 100 << 10, 1 << 20} {
		for _, kind := range []string{"digits", "number", "letters"} {
			b.Run(fmt.Sprintf("%s/%dKB", kind, size>>10), func(b *testing.B) {
				f := keepertest.NewTrace(b)
				params, err := f.Keeper.Params.Get(f.Ctx)
				require.NoError(b, err)
				params.MaxDocumentBytes = 4 << 20
				require.NoError(b, f.Keeper.Params.Set(f.Ctx, params))
				clock := epcisbuild.NewClock(keepertest.BlockTime.Add(-time.Hour))
				docs := make([][]byte, b.N)
				for i := range docs {
					lot := fmt.Sprintf("urn:epc:class:lgtin:%s.012345.D%d", keepertest.FarmPrefix, i)
					ev := clock.New("ObjectEvent", "ADD").BizStep("harvesting").Qty(epcisbuild.Quantity{Class: lot, Amount: "1", UOM: "KGM"})
					switch kind {
					case "digits":
						ev.Set("example:code", strings.Repeat("7", size))
					case "number":
						ev.Set("example:code", json.Number(strings.Repeat("7", size)))
					default:
						ev.Set("example:code", strings.Repeat("x", size))
					}
					docs[i] = epcisbuild.Document(ev)
				}
				b.SetBytes(int64(len(docs[0])))
				b.ResetTimer()
				for i := range b.N {
					_, err := f.Capture(f.Farm.Signer(), docs[i])
					if (kind == "letters") != (err == nil) {
						b.Fatalf("%s: %v", kind, err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(docs[0])>>10), "µs/KB")
			})
		}
	}
}
