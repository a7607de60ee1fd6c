package types

import (
	"fmt"
	"regexp"

	"github.com/tracechain/tracechain/x/lib/gs1"
)

// Bounds on one reading, so that a single one cannot be made expensive.
const (
	MaxEPCsPerReading = 256
	MaxSubjectLength  = 256
	MaxValueLength    = 48
)

var (
	// An exact decimal: no exponent, no leading zeros, at most 18 fractional digits.
	decimalShape = regexp.MustCompile(`^-?(0|[1-9][0-9]{0,29})(\.[0-9]{1,18})?$`)
	// UN/CEFACT Recommendation 20 common codes: 2 or 3 capital letters or digits.
	unitShape = regexp.MustCompile(`^[A-Z0-9]{2,3}$`)
	// "latitude,longitude" in decimal degrees.
	geoShape = regexp.MustCompile(`^(-?(?:90(?:\.0{1,8})?|[1-8]?[0-9](?:\.[0-9]{1,8})?)),(-?(?:180(?:\.0{1,8})?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]{1,8})?))$`)
)

// fieldError names the field and why it is refused.
func fieldError(field, format string, args ...any) error {
	return ErrInvalidReading.Wrapf("%s: %s", field, fmt.Sprintf(format, args...))
}

// Validate checks a reading on its own, before any signature or state
// check. Every refusal names the field.
func (r *Reading) Validate() error {
	if _, err := ParseAddress("device", r.Device); err != nil {
		return ErrInvalidReading.Wrap(err.Error())
	}
	if r.Counter == 0 {
		return fieldError("counter", "counters start at 1")
	}
	if r.DeviceTimeMs == 0 {
		return fieldError("device_time_ms", "missing (milliseconds since 1970-01-01T00:00:00Z)")
	}
	switch {
	case r.MeasurementType == RFIDRead:
		if r.Value != "" || r.Unit != "" {
			return fieldError("value", "an RFID read carries EPCs, not a value or unit")
		}
		if len(r.Epcs) == 0 {
			return fieldError("epcs", "an RFID read names at least one EPC")
		}
	case IsSensorType(r.MeasurementType):
		if len(r.Value) > MaxValueLength || !decimalShape.MatchString(r.Value) {
			return fieldError("value", "%q is not an exact decimal such as -18.25 (no exponent, no leading zeros, at most 18 decimals)", r.Value)
		}
		if !unitShape.MatchString(r.Unit) {
			return fieldError("unit", "%q is not a UN/CEFACT unit code such as CEL", r.Unit)
		}
	default:
		return fieldError("measurement_type", "%q is neither a GS1 sensor type such as gs1:Temperature nor %q", r.MeasurementType, RFIDRead)
	}
	if len(r.Epcs) > MaxEPCsPerReading {
		return fieldError("epcs", "%d EPCs; at most %d per reading", len(r.Epcs), MaxEPCsPerReading)
	}
	for i, epc := range r.Epcs {
		if _, err := gs1.Parse(epc); err != nil {
			return fieldError(fmt.Sprintf("epcs[%d]", i), "%v", err)
		}
	}
	if r.Geo != "" && !geoShape.MatchString(r.Geo) {
		return fieldError("geo", "%q is not \"latitude,longitude\" in decimal degrees", r.Geo)
	}
	if len(r.Subject) > MaxSubjectLength {
		return fieldError("subject", "%d characters; at most %d", len(r.Subject), MaxSubjectLength)
	}
	if len(r.Signature) == 0 {
		return ErrMalformedSignature.Wrap("signature: missing")
	}
	return nil
}

// Validate checks a batch header on its own.
func (b *BatchHeader) Validate() error {
	if _, err := ParseAddress("device", b.Device); err != nil {
		return ErrInvalidBatch.Wrap(err.Error())
	}
	switch {
	case b.FirstCounter == 0:
		return ErrInvalidBatch.Wrap("first_counter: counters start at 1")
	case b.LastCounter < b.FirstCounter:
		return ErrInvalidBatch.Wrapf("last_counter %d is below first_counter %d", b.LastCounter, b.FirstCounter)
	case b.Count == 0:
		return ErrInvalidBatch.Wrap("count: a batch holds at least one reading")
	case b.Count > b.LastCounter-b.FirstCounter+1:
		return ErrInvalidBatch.Wrapf("count %d: counters %d..%d hold at most %d readings", b.Count, b.FirstCounter, b.LastCounter, b.LastCounter-b.FirstCounter+1)
	case b.Count == 1 && b.FirstCounter != b.LastCounter:
		return ErrInvalidBatch.Wrap("count 1: first_counter and last_counter must be equal")
	case b.FirstTimeMs == 0:
		return ErrInvalidBatch.Wrap("first_time_ms: missing")
	case b.LastTimeMs < b.FirstTimeMs:
		return ErrInvalidBatch.Wrapf("last_time_ms %d is before first_time_ms %d", b.LastTimeMs, b.FirstTimeMs)
	case len(b.MerkleRoot) != 32:
		return ErrInvalidBatch.Wrapf("merkle_root: %d bytes; want 32", len(b.MerkleRoot))
	case len(b.Signature) == 0:
		return ErrMalformedSignature.Wrap("signature: missing")
	}
	return nil
}
