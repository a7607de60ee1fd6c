package simulator

import (
	"fmt"
	"io"
	"time"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/x/device/types"
)

// Result is what a run printed, and what --report writes.
type Result struct {
	Devices            int     `json:"devices"`
	Rate               float64 `json:"rate_per_s"`
	Duration           string  `json:"duration"`
	Planned            int     `json:"planned"`
	Sent               int     `json:"sent"`
	RefusedAtAdmission int     `json:"refused_at_admission"`
	chainclient.Stats
	Errors []string `json:"errors,omitempty"`
	// Readings committed, by device: their counters.
	Readings map[string][]uint64 `json:"committed_readings"`
	// Transactions committed (hash and height), for checks across nodes.
	Txs []chainclient.Committed `json:"committed_txs"`
}

// fill takes the tracker's figures and the committed readings.
func (r *Result) fill(t *chainclient.Tracker, sendStart time.Time) {
	r.Stats = t.Stats(sendStart)
	r.Errors = append(r.Errors, r.Failures...)
	r.Readings = map[string][]uint64{}
	r.Txs = t.Committed()
	for _, c := range r.Txs {
		for _, rd := range c.Payload.([]types.Reading) {
			r.Readings[rd.Device] = append(r.Readings[rd.Device], rd.Counter)
		}
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
