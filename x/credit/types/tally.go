package types

import (
	"sort"

	sdkmath "cosmossdk.io/math"
)

// secondsPerDay: tallies are kept per Unix day.
const secondsPerDay = 86_400

// DayOf is the Unix day of a record's time.
func DayOf(unixSeconds int64) int64 { return unixSeconds / secondsPerDay }

// DayTally is the tally of one day's records from one counterparty.
type DayTally struct {
	Day          int64
	Counterparty string
	Tally        Tally
}

// Add counts a record in the tally (remove: takes it out again, when the
// record is voided). Voided records are never in a tally.
func (t *Tally) Add(r CreditRecord, remove bool) {
	if t.OrderValue.IsNil() {
		t.OrderValue = sdkmath.ZeroInt()
	}
	if t.OrderPoints.IsNil() {
		t.OrderPoints = sdkmath.ZeroInt()
	}
	step := func(x *uint64, by uint64) {
		if remove {
			*x -= by
		} else {
			*x += by
		}
	}
	step(&t.Records, 1)
	w := severity(r)
	switch r.Kind {
	case RECORD_KIND_ORDER_ON_TIME, RECORD_KIND_ORDER_LATE, RECORD_KIND_ORDER_EXPIRED:
		step(&t.OrderRecords, 1)
		value := sdkmath.NewIntFromUint64(r.Value)
		points := value.MulRaw(int64(timelinessPoints(r.Kind, r.DaysLate)))
		if remove {
			t.OrderValue, t.OrderPoints = t.OrderValue.Sub(value), t.OrderPoints.Sub(points)
		} else {
			t.OrderValue, t.OrderPoints = t.OrderValue.Add(value), t.OrderPoints.Add(points)
		}
	case RECORD_KIND_DISPUTE_WON:
		step(&t.DisputeRecords, 1)
		step(&t.DisputesWon, w)
	case RECORD_KIND_DISPUTE_LOST:
		step(&t.DisputeRecords, 1)
		step(&t.DisputesLost, w)
	case RECORD_KIND_INSPECTION_PASS:
		step(&t.QualityRecords, 1)
		step(&t.InspectionPass, w)
	case RECORD_KIND_INSPECTION_FAIL:
		step(&t.QualityRecords, 1)
		step(&t.InspectionFail, w)
	case RECORD_KIND_RECALL_ORIGIN:
		step(&t.QualityRecords, 1)
		step(&t.RecallOrigin, w)
	case RECORD_KIND_EXCURSION:
		step(&t.QualityRecords, 1)
		step(&t.Excursion, w)
	case RECORD_KIND_PENALTY:
		step(&t.RegulatoryRecords, 1)
		step(&t.Penalty, w)
	case RECORD_KIND_COMMENDATION:
		step(&t.RegulatoryRecords, 1)
		step(&t.Commendation, w)
	}
}

// Empty reports whether the tally counts no record.
func (t Tally) Empty() bool { return t.Records == 0 }

// TallyRecords adds up the records about an organization that count (not
// voided) by day and counterparty, in day and counterparty order: what
// the keeper keeps as it writes records, computed from the records.
func TallyRecords(orgID string, records []CreditRecord) []DayTally {
	type key struct {
		day          int64
		counterparty string
	}
	byKey := map[key]*Tally{}
	for _, r := range records {
		if !r.Counts() || r.SubjectOrgId != orgID {
			continue
		}
		k := key{DayOf(r.Time), r.CounterpartyOrgId}
		if byKey[k] == nil {
			byKey[k] = &Tally{}
		}
		byKey[k].Add(r, false)
	}
	out := make([]DayTally, 0, len(byKey))
	for k, t := range byKey {
		out = append(out, DayTally{Day: k.day, Counterparty: k.counterparty, Tally: *t})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Counterparty < out[j].Counterparty
	})
	return out
}
