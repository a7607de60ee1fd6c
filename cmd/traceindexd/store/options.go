package store

import "github.com/cockroachdb/pebble"

// indexOptions are Pebble's options for the index. Pebble's defaults
// (4 MB memtables, 2 MB L0 files, a 64 MB base level, an 8 MB block
// cache) suit small databases; the index takes a block's readings and
// events every second and a posted batch of 10,000 readings (~7 MB) at a
// time, and with the defaults it spent two thirds of its CPU compacting
// under a steady load of readings (docs/BENCHMARKS.md). Larger memtables
// and files and a larger base level mean fewer, larger flushes and
// compactions: each byte is rewritten fewer times.
func indexOptions() *pebble.Options {
	o := &pebble.Options{
		MemTableSize:  64 << 20,
		LBaseMaxBytes: 512 << 20,
		Cache:         pebble.NewCache(128 << 20),
	}
	o.Levels = make([]pebble.LevelOptions, 7)
	o.Levels[0].TargetFileSize = 16 << 20 // doubled at each level below
	o.EnsureDefaults()
	return o
}
