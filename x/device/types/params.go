package types

// DefaultParams suit sensors that report every few seconds through a
// gateway that may buffer up to an hour when the uplink is down.
func DefaultParams() Params {
	return Params{
		MaxCounterJump:       1_000_000,
		MaxReadingAgeSeconds: 3_600,
		MaxClockSkewSeconds:  60,
		MaxReadingsPerMsg:    1_000,
		GasPerReading:        1_500,
		MaxBatchCount:        1_000_000,
		MaxBatchSpanSeconds:  7 * 86_400,
		MaxExcursionObjects:  64,
		// A day of readings every second: what a gateway buffers through
		// an outage, or what overtakes what on the way.
		CounterWindow: 100_000,
	}
}

// Validate checks that every limit is set and sane.
func (p Params) Validate() error {
	checks := []struct {
		name     string
		value    uint64
		min, max uint64
	}{
		{"max_counter_jump", p.MaxCounterJump, 1, 1 << 40},
		{"max_reading_age_seconds", p.MaxReadingAgeSeconds, 1, 30 * 86_400},
		{"max_clock_skew_seconds", p.MaxClockSkewSeconds, 0, 86_400},
		{"max_readings_per_msg", uint64(p.MaxReadingsPerMsg), 1, 100_000},
		{"gas_per_reading", p.GasPerReading, 0, 10_000_000},
		{"max_batch_count", p.MaxBatchCount, 1, 1 << 32},
		{"max_batch_span_seconds", p.MaxBatchSpanSeconds, 1, 366 * 86_400},
		{"max_excursion_objects", uint64(p.MaxExcursionObjects), 1, 10_000},
		{"counter_window", p.CounterWindow, 0, 1 << 40},
	}
	for _, c := range checks {
		if c.value < c.min || c.value > c.max {
			return ErrInvalidParams.Wrapf("%s must be between %d and %d, got %d", c.name, c.min, c.max, c.value)
		}
	}
	return nil
}
