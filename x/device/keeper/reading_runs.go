package keeper

import (
	"cmp"
	"context"
	"slices"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/device/types"
)

// Accepted readings are stored in runs (types.ReadingRun): the readings of
// one device with consecutive counters that one message accepted, under
// (device, first counter). A gateway's message of 1,000 readings from 50
// devices is then 50 state entries, not 1,000 — each entry is a leaf of the
// state tree that every validator hashes and writes, and that work was a
// third of a validator's cost per reading besides the signature
// (docs/BENCHMARKS.md). Runs of a device never share a counter, so the run
// holding a counter, if any, is the one with the greatest first counter at
// or below it.

// pendingRun is a run a submission is building; it is written when the
// message has been checked.
type pendingRun struct {
	first uint64
	run   types.ReadingRun
}

// next is the counter that would extend the run.
func (p *pendingRun) next() uint64 { return p.first + uint64(len(p.run.Readings)) }

// readingOfRun is the stored reading of counter in the run of deviceID
// starting at first; found is false when the run does not hold it.
func readingOfRun(deviceID string, first uint64, run *types.ReadingRun, counter uint64) (r types.StoredReading, found bool) {
	if counter < first || counter-first >= uint64(len(run.Readings)) {
		return r, false
	}
	rr := run.Readings[counter-first]
	r = types.StoredReading{Reading: rr.Reading, StructHash: rr.StructHash, Height: run.Height, SubmittedBy: run.SubmittedBy}
	r.Reading.Device = deviceID
	return r, true
}

// ReadingAt is the reading a device's counter holds on chain; found is
// false when it holds none.
func (k Keeper) ReadingAt(ctx context.Context, deviceID string, counter uint64) (r types.StoredReading, found bool, err error) {
	first, run, found, err := k.runHolding(ctx, deviceID, counter)
	if !found || err != nil {
		return r, false, err
	}
	r, found = readingOfRun(deviceID, first, &run, counter)
	return r, found, nil
}

// runHolding is the run of deviceID that holds counter, with its first
// counter; found is false when no run does.
func (k Keeper) runHolding(ctx context.Context, deviceID string, counter uint64) (first uint64, run types.ReadingRun, found bool, err error) {
	rng := new(collections.Range[counterKey]).
		StartInclusive(collections.Join(deviceID, uint64(0))).
		EndInclusive(collections.Join(deviceID, counter)).
		Descending()
	it, err := k.ReadingRuns.Iterate(ctx, rng)
	if err != nil {
		return 0, run, false, err
	}
	defer it.Close()
	if !it.Valid() {
		return 0, run, false, nil
	}
	kv, err := it.KeyValue()
	if err != nil {
		return 0, run, false, err
	}
	first, run = kv.Key.K2(), kv.Value
	return first, run, counter-first < uint64(len(run.Readings)), nil
}

// walkReadings calls fn with each reading of deviceID whose counter lies in
// lo..hi, in counter order (highest first if reverse), until fn says stop.
func (k Keeper) walkReadings(ctx context.Context, deviceID string, lo, hi uint64, reverse bool,
	fn func(types.StoredReading) (stop bool, err error),
) error {
	if lo > hi {
		return nil
	}
	rng := new(collections.Range[counterKey]).EndInclusive(collections.Join(deviceID, hi))
	if reverse {
		rng = rng.StartInclusive(collections.Join(deviceID, uint64(0))).Descending()
	} else {
		// Start at the run holding lo, which may begin below it.
		first, _, found, err := k.runHolding(ctx, deviceID, lo)
		if err != nil {
			return err
		}
		if !found {
			first = lo
		}
		rng = rng.StartInclusive(collections.Join(deviceID, first))
	}
	it, err := k.ReadingRuns.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		kv, err := it.KeyValue()
		if err != nil {
			return err
		}
		first, n := kv.Key.K2(), uint64(len(kv.Value.Readings))
		for j := range n {
			if reverse {
				j = n - 1 - j
			}
			c := first + j
			if c < lo {
				if reverse {
					return nil
				}
				continue
			}
			if c > hi {
				if reverse {
					continue
				}
				return nil
			}
			r, _ := readingOfRun(deviceID, first, &kv.Value, c)
			if stop, err := fn(r); stop || err != nil {
				return err
			}
		}
	}
	return nil
}

// allReadings is every stored reading, by device and counter (genesis export).
func (k Keeper) allReadings(ctx context.Context) ([]types.StoredReading, error) {
	var out []types.StoredReading
	err := k.ReadingRuns.Walk(ctx, nil, func(key counterKey, run types.ReadingRun) (bool, error) {
		for j := range run.Readings {
			r, _ := readingOfRun(key.K1(), key.K2(), &run, key.K2()+uint64(j))
			out = append(out, r)
		}
		return false, nil
	})
	return out, err
}

// setReadings stores readings (genesis import) as runs: consecutive
// counters of a device recorded at the same height by the same submitter
// make one run.
func (k Keeper) setReadings(ctx context.Context, readings []types.StoredReading) error {
	sorted := slices.Clone(readings)
	slices.SortFunc(sorted, func(a, b types.StoredReading) int {
		return cmp.Or(cmp.Compare(a.Reading.Device, b.Reading.Device), cmp.Compare(a.Reading.Counter, b.Reading.Counter))
	})
	var device string
	var cur *pendingRun
	flush := func() error {
		if cur == nil {
			return nil
		}
		return k.ReadingRuns.Set(ctx, collections.Join(device, cur.first), cur.run)
	}
	for _, r := range sorted {
		if cur == nil || r.Reading.Device != device || r.Reading.Counter != cur.next() ||
			r.Height != cur.run.Height || r.SubmittedBy != cur.run.SubmittedBy {
			if err := flush(); err != nil {
				return err
			}
			device = r.Reading.Device
			cur = &pendingRun{first: r.Reading.Counter, run: types.ReadingRun{Height: r.Height, SubmittedBy: r.SubmittedBy}}
		}
		cur.run.Readings = append(cur.run.Readings, runReading(r.Reading, r.StructHash))
	}
	return flush()
}

// runReading is a reading as a run holds it: without its device.
func runReading(r types.Reading, structHash []byte) types.RunReading {
	r.Device = ""
	return types.RunReading{Reading: r, StructHash: structHash}
}
