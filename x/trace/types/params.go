package types

import "fmt"

// DefaultParams bound a capture to what one block comfortably holds.
func DefaultParams() Params {
	return Params{
		MaxEventsPerCapture:    200,
		MaxIdentifiersPerEvent: 1000,
		MaxDocumentBytes:       512 << 10,
		GasPerEvent:            10_000,
		GasPerIdentifier:       1_000,
		EventTimeSkewSeconds:   300,
		RecallWorkPerBlock:     500,
		MaxGenealogyDepth:      32,
		MaxGenealogyNodes:      1000,
		MaxContainmentDepth:    4,
		GasPerDocumentByte:     10,
	}
}

// Validate checks that every limit is set and sane.
func (p Params) Validate() error {
	checks := []struct {
		name     string
		value    uint64
		min, max uint64
	}{
		{"max_events_per_capture", uint64(p.MaxEventsPerCapture), 1, 10_000},
		{"max_identifiers_per_event", uint64(p.MaxIdentifiersPerEvent), 1, 100_000},
		{"max_document_bytes", p.MaxDocumentBytes, 1 << 10, 64 << 20},
		{"gas_per_event", p.GasPerEvent, 0, 10_000_000},
		{"gas_per_identifier", p.GasPerIdentifier, 0, 1_000_000},
		{"event_time_skew_seconds", p.EventTimeSkewSeconds, 0, 86_400},
		{"recall_work_per_block", uint64(p.RecallWorkPerBlock), 1, 100_000},
		{"max_genealogy_depth", uint64(p.MaxGenealogyDepth), 1, 1_000},
		{"max_genealogy_nodes", uint64(p.MaxGenealogyNodes), 1, 100_000},
		{"max_containment_depth", uint64(p.MaxContainmentDepth), 1, 64},
		{"gas_per_document_byte", p.GasPerDocumentByte, 0, 10_000},
	}
	for _, c := range checks {
		if c.value < c.min || c.value > c.max {
			return fmt.Errorf("%s must be between %d and %d, got %d", c.name, c.min, c.max, c.value)
		}
	}
	return nil
}

// MaxTransformationLinks bounds the input × output pairs one
// TransformationEvent may create, which the genealogy stores as edges.
func (p Params) MaxTransformationLinks() int {
	return 10 * int(p.MaxIdentifiersPerEvent)
}
