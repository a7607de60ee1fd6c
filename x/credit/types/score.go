package types

import (
	"fmt"
	"math/big"
	"strings"
)

// Scores are computed in hundredths of a point (basis points of 100):
// 10000 is a perfect 100.00. Only integers are used, so every node, and
// every later recomputation from the same records, gets the same score.
const fullBP = 10_000

// timelinessPoints is the PAYDEX-like table: an order's points by how late
// it was fulfilled; an order that expired unfulfilled scores nothing.
func timelinessPoints(kind RecordKind, daysLate uint32) uint64 {
	if kind == RECORD_KIND_ORDER_EXPIRED {
		return 0
	}
	if kind == RECORD_KIND_ORDER_ON_TIME {
		daysLate = 0
	}
	switch {
	case daysLate == 0:
		return 100
	case daysLate <= 7:
		return 90
	case daysLate <= 14:
		return 80
	case daysLate <= 21:
		return 70
	case daysLate <= 30:
		return 60
	case daysLate <= 60:
		return 40
	case daysLate <= 90:
		return 30
	case daysLate <= 120:
		return 20
	default:
		return 10
	}
}

// decayBP is a record's weight by age: full when new, half at the end of
// the window, nothing after it.
func decayBP(age int64, window uint64) uint64 {
	if age < 0 {
		age = 0
	}
	if uint64(age) >= window {
		return 0
	}
	return fullBP - fullBP/2*uint64(age)/window
}

// Counts reports whether a record counts toward a score: not voided.
func (r CreditRecord) Counts() bool {
	return r.Status == RECORD_STATUS_ACTIVE || r.Status == RECORD_STATUS_APPEALED
}

func severity(r CreditRecord) uint64 {
	if r.Weight == 0 {
		return 1
	}
	return uint64(r.Weight)
}

// factorSums accumulates one factor: Σ weight × points and Σ weight.
type factorSums struct {
	num, den *big.Int
	records  uint32
}

func newSums() *factorSums { return &factorSums{num: new(big.Int), den: new(big.Int)} }

func (s *factorSums) add(weight, pointsBP uint64) { s.addBig(new(big.Int).SetUint64(weight), pointsBP) }

func (s *factorSums) addBig(w *big.Int, pointsBP uint64) {
	s.den.Add(s.den, w)
	s.num.Add(s.num, new(big.Int).Mul(w, new(big.Int).SetUint64(pointsBP)))
	s.records++
}

func (s *factorSums) ratioBP() uint64 {
	if s.den.Sign() == 0 {
		return 0
	}
	return new(big.Int).Quo(s.num, s.den).Uint64()
}

// Grade names a score: AAA from 90, AA from 80, A from 70, BBB from 60, BB
// from 50, B from 40, CCC from 30, CC from 20, C from 10, D below.
func Grade(score uint32) string {
	grades := []string{"D", "C", "CC", "CCC", "B", "BB", "BBB", "A", "AA", "AAA"}
	i := min(int(score/10), 9)
	return grades[i]
}

// Compute scores an organization from the records about it at time now
// (Unix seconds) with a formula. It is a pure function: the records'
// order does not matter.
func Compute(orgID string, records []CreditRecord, f Formula, now int64) Score {
	s := Score{OrgId: orgID, FormulaVersion: f.Version, AsOf: now}
	timeliness, disputes, quality := newSums(), newSums(), newSums()
	var regulatory struct {
		plus, minus uint64 // decayed severity sums
		records     uint32
	}
	qualityPos, qualityNeg := new(big.Int), new(big.Int)
	counterparties := map[string]bool{}
	for _, r := range records {
		if !r.Counts() || r.SubjectOrgId != orgID || r.Time > now {
			continue
		}
		decay := decayBP(now-r.Time, f.WindowSeconds)
		if decay == 0 {
			continue
		}
		s.Records++
		if r.CounterpartyOrgId != "" {
			counterparties[r.CounterpartyOrgId] = true
		}
		w := severity(r) * decay
		switch r.Kind {
		case RECORD_KIND_ORDER_ON_TIME, RECORD_KIND_ORDER_LATE, RECORD_KIND_ORDER_EXPIRED:
			// Weighted by value (big integers: values are base units of the
			// settlement denom) and by age.
			value := new(big.Int).SetUint64(max(r.Value, 1))
			timeliness.addBig(value.Mul(value, new(big.Int).SetUint64(decay)), timelinessPoints(r.Kind, r.DaysLate)*100)
		case RECORD_KIND_DISPUTE_WON:
			disputes.add(w, fullBP)
		case RECORD_KIND_DISPUTE_LOST:
			disputes.add(w, 0)
		case RECORD_KIND_INSPECTION_PASS:
			qualityPos.Add(qualityPos, new(big.Int).SetUint64(w))
			quality.records++
		case RECORD_KIND_INSPECTION_FAIL:
			qualityNeg.Add(qualityNeg, new(big.Int).SetUint64(w))
			quality.records++
		case RECORD_KIND_RECALL_ORIGIN:
			qualityNeg.Add(qualityNeg, new(big.Int).SetUint64(w*uint64(f.RecallPenalty)))
			quality.records++
		case RECORD_KIND_EXCURSION:
			qualityNeg.Add(qualityNeg, new(big.Int).SetUint64(w*uint64(f.ExcursionPenalty)))
			quality.records++
		case RECORD_KIND_PENALTY:
			regulatory.minus += w
			regulatory.records++
		case RECORD_KIND_COMMENDATION:
			regulatory.plus += w
			regulatory.records++
		}
	}
	s.Counterparties = uint32(len(counterparties))
	if s.Records < f.MinRecords || s.Counterparties < f.MinCounterparties {
		s.InsufficientData = true
		s.Explanation = fmt.Sprintf("insufficient data: %d records from %d counterparties in the last %d days; formula v%d needs %d records from %d counterparties",
			s.Records, s.Counterparties, f.WindowSeconds/86_400, f.Version, f.MinRecords, f.MinCounterparties)
		return s
	}

	type part struct {
		name    string
		weight  uint32
		scoreBP uint64
		records uint32
		detail  string
	}
	var parts []part
	if timeliness.records > 0 {
		parts = append(parts, part{
			"timeliness", f.TimelinessWeight, timeliness.ratioBP(), timeliness.records,
			"orders weighted by value: on time 100, 1-7 days late 90, 8-14 80, 15-21 70, 22-30 60, 31-60 40, 61-90 30, 91-120 20, later 10, expired 0",
		})
	}
	if disputes.records > 0 {
		parts = append(parts, part{
			"disputes", f.DisputesWeight, disputes.ratioBP(), disputes.records,
			"share of arbitrated disputes won",
		})
	}
	if quality.records > 0 {
		scoreBP := uint64(0)
		if total := new(big.Int).Add(qualityPos, qualityNeg); total.Sign() > 0 {
			scoreBP = new(big.Int).Quo(new(big.Int).Mul(qualityPos, big.NewInt(fullBP)), total).Uint64()
		}
		parts = append(parts, part{
			"quality", f.QualityWeight, scoreBP, quality.records,
			fmt.Sprintf("inspections passed against failed, recall origins (x%d) and excursions (x%d)", f.RecallPenalty, f.ExcursionPenalty),
		})
	}
	if regulatory.records > 0 {
		// From a neutral 70: each commendation adds, each penalty takes away.
		v := int64(7000) + int64(f.CommendationPoints)*int64(regulatory.plus)/100 - int64(f.PenaltyPoints)*int64(regulatory.minus)/100
		parts = append(parts, part{
			"regulatory", f.RegulatoryWeight, uint64(min(max(v, 0), fullBP)), regulatory.records,
			fmt.Sprintf("70, +%d per commendation, -%d per penalty (times severity)", f.CommendationPoints, f.PenaltyPoints),
		})
	}
	var totalWeight uint64
	for _, p := range parts {
		totalWeight += uint64(p.weight)
	}
	// The score is Σ weight × factor / Σ weight, floored once; each
	// factor's contribution is its own floored share, and what flooring
	// left over goes to the heaviest factor, so that they add up exactly.
	var weighted, contributed uint64
	contributions := make([]uint64, len(parts))
	heaviest := 0
	for i, p := range parts {
		weighted += uint64(p.weight) * p.scoreBP
		if totalWeight > 0 {
			contributions[i] = uint64(p.weight) * p.scoreBP / totalWeight
		}
		contributed += contributions[i]
		if p.weight > parts[heaviest].weight {
			heaviest = i
		}
	}
	var scoreBP uint64
	if totalWeight > 0 {
		scoreBP = weighted / totalWeight
		contributions[heaviest] += scoreBP - contributed
	}
	lines := make([]string, 0, len(parts))
	for i, p := range parts {
		contribution := contributions[i]
		s.Factors = append(s.Factors, Factor{
			Name: p.name, ScoreBp: uint32(p.scoreBP), Weight: p.weight, ContributionBp: uint32(contribution), Records: p.records, Detail: p.detail,
		})
		lines = append(lines, fmt.Sprintf("%s %s x %d/%d = %s (%d records)", p.name, hundredths(p.scoreBP), p.weight, totalWeight, hundredths(contribution), p.records))
	}
	s.ScoreBp = uint32(scoreBP)
	s.Score = uint32(scoreBP / 100)
	s.Grade = Grade(s.Score)
	s.Explanation = fmt.Sprintf("%s (%s) by formula v%d from %d records of %d counterparties: %s",
		hundredths(scoreBP), s.Grade, f.Version, s.Records, s.Counterparties, strings.Join(lines, "; "))
	return s
}

// hundredths writes 8350 as "83.50".
func hundredths(bp uint64) string { return fmt.Sprintf("%d.%02d", bp/100, bp%100) }
