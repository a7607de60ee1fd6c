package api

import (
	"github.com/cockroachdb/pebble"
	"github.com/prometheus/client_golang/prometheus"
)

// pebbleCollector exports the index's Pebble figures an operator watches:
// disk use, read amplification, compactions (and their debt), flushes,
// memtables, the block cache and the WAL — read once per scrape.
type pebbleCollector struct {
	metrics func() *pebble.Metrics
}

var pebbleDescs = map[string]*prometheus.Desc{}

func pebbleDesc(name, help string) *prometheus.Desc {
	d := prometheus.NewDesc("traceindexd_pebble_"+name, help, nil, nil)
	pebbleDescs[name] = d
	return d
}

var (
	pebbleDiskBytes       = pebbleDesc("disk_bytes", "Bytes the index takes on disk (tables, WAL, manifests).")
	pebbleReadAmp         = pebbleDesc("read_amplification", "Sub-levels a read may have to look at.")
	pebbleCompactions     = pebbleDesc("compactions_total", "Compactions since the index was opened.")
	pebbleCompactionDebt  = pebbleDesc("compaction_debt_bytes", "Estimated bytes to compact for the LSM to settle.")
	pebbleCompactionsNow  = pebbleDesc("compactions_in_progress", "Compactions running.")
	pebbleFlushes         = pebbleDesc("flushes_total", "Memtable flushes since the index was opened.")
	pebbleMemtableBytes   = pebbleDesc("memtable_bytes", "Bytes in memtables.")
	pebbleCacheBytes      = pebbleDesc("block_cache_bytes", "Bytes in the block cache.")
	pebbleCacheHits       = pebbleDesc("block_cache_hits_total", "Block cache hits.")
	pebbleCacheMisses     = pebbleDesc("block_cache_misses_total", "Block cache misses.")
	pebbleWALBytesWritten = pebbleDesc("wal_written_bytes_total", "Bytes written to the WAL.")
)

func (pebbleCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range pebbleDescs {
		ch <- d
	}
}

func (p pebbleCollector) Collect(ch chan<- prometheus.Metric) {
	m := p.metrics()
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(pebbleDiskBytes, float64(m.DiskSpaceUsage()))
	gauge(pebbleReadAmp, float64(m.ReadAmp()))
	counter(pebbleCompactions, float64(m.Compact.Count))
	gauge(pebbleCompactionDebt, float64(m.Compact.EstimatedDebt))
	gauge(pebbleCompactionsNow, float64(m.Compact.NumInProgress))
	counter(pebbleFlushes, float64(m.Flush.Count))
	gauge(pebbleMemtableBytes, float64(m.MemTable.Size))
	gauge(pebbleCacheBytes, float64(m.BlockCache.Size))
	counter(pebbleCacheHits, float64(m.BlockCache.Hits))
	counter(pebbleCacheMisses, float64(m.BlockCache.Misses))
	counter(pebbleWALBytesWritten, float64(m.WAL.BytesWritten))
}
