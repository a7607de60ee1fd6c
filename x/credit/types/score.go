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

// Grade names a score: AAA from 90, AA from 80, A from 70, BBB from 60, BB
// from 50, B from 40, CCC from 30, CC from 20, C from 10, D below.
func Grade(score uint32) string {
	grades := []string{"D", "C", "CC", "CCC", "B", "BB", "BBB", "A", "AA", "AAA"}
	i := min(int(score/10), 9)
	return grades[i]
}

// Compute scores an organization from the records about it at time now
// (Unix seconds) with a formula. It is a pure function of the records (their
// order does not matter), through the same tallies the keeper keeps.
func Compute(orgID string, records []CreditRecord, f Formula, now int64) Score {
	return ComputeTallies(orgID, TallyRecords(orgID, records), f, now)
}

// ComputeTallies scores an organization from the tallies of its records:
// every tally of a day inside the window counts, its weight falling with
// the day's age.
func ComputeTallies(orgID string, tallies []DayTally, f Formula, now int64) Score {
	s := Score{OrgId: orgID, FormulaVersion: f.Version, AsOf: now}
	orders, disputes := newTwoParty(), newTwoParty()
	var quality struct {
		pos, neg *big.Int
		records  uint32
	}
	quality.pos, quality.neg = new(big.Int), new(big.Int)
	var regulatory struct {
		plus, minus uint64 // decayed severity sums
		records     uint32
	}
	counterparties := map[string]bool{}
	for _, dt := range tallies {
		t := dt.Tally
		// A day's records are as old as the time since the day ended: today's
		// weigh in full, and a record leaves the window a day late at most.
		dayStart, dayEnd := dt.Day*secondsPerDay, (dt.Day+1)*secondsPerDay-1
		if t.Empty() || dayStart > now {
			continue
		}
		decay := decayBP(now-dayEnd, f.WindowSeconds)
		if decay == 0 {
			continue
		}
		s.Records += uint32(t.Records)
		if dt.Counterparty != "" {
			counterparties[dt.Counterparty] = true
		}
		if n := uint32(t.OrderRecords); n > 0 {
			orders.add(dt.Counterparty, t.OrderValue.BigInt(), t.OrderPoints.BigInt(), decay, n)
		}
		if n := uint32(t.DisputeRecords); n > 0 {
			won := new(big.Int).SetUint64(t.DisputesWon)
			disputes.addOutcomes(dt.Counterparty, won, new(big.Int).SetUint64(t.DisputesLost), decay, n)
		}
		if n := uint32(t.QualityRecords); n > 0 {
			quality.records += n
			quality.pos.Add(quality.pos, mulU(t.InspectionPass, decay))
			quality.neg.Add(quality.neg, mulU(t.InspectionFail, decay))
			quality.neg.Add(quality.neg, mulU(t.RecallOrigin*uint64(f.RecallPenalty), decay))
			quality.neg.Add(quality.neg, mulU(t.Excursion*uint64(f.ExcursionPenalty), decay))
		}
		if n := uint32(t.RegulatoryRecords); n > 0 {
			regulatory.records += n
			regulatory.minus += t.Penalty * decay
			regulatory.plus += t.Commendation * decay
		}
	}
	s.Counterparties = uint32(len(counterparties))
	if s.Records < f.MinRecords || s.Counterparties < f.MinCounterparties {
		s.InsufficientData = true
		s.Explanation = fmt.Sprintf("insufficient data: %d records from %d counterparties in the last %d days; formula v%d needs %d records from %d counterparties",
			s.Records, s.Counterparties, f.WindowSeconds/86_400, f.Version, f.MinRecords, f.MinCounterparties)
		return s
	}

	var parts []part
	orderUnit := new(big.Int).Mul(new(big.Int).SetUint64(max(f.OrderValueCap, 1)), big.NewInt(fullBP))
	if scoreBP, ok := orders.score(orderUnit, int(f.SetAsideCounterparties)); ok {
		parts = append(parts, part{
			"timeliness", f.TimelinessWeight, scoreBP, orders.records,
			fmt.Sprintf("orders by counterparty, each weighing at most %d settlement units, the %d most favourable set aside: "+
				"on time 100, 1-7 days late 90, 8-14 80, 15-21 70, 22-30 60, 31-60 40, 61-90 30, 91-120 20, later 10, expired 0",
				f.OrderValueCap, f.SetAsideCounterparties),
		})
	}
	if scoreBP, ok := disputes.score(big.NewInt(fullBP), int(f.SetAsideCounterparties)); ok {
		parts = append(parts, part{
			"disputes", f.DisputesWeight, scoreBP, disputes.records,
			fmt.Sprintf("disputes won against lost, by counterparty, the %d most favourable set aside", f.SetAsideCounterparties),
		})
	}
	if quality.records > 0 {
		scoreBP := uint64(0)
		if total := new(big.Int).Add(quality.pos, quality.neg); total.Sign() > 0 {
			scoreBP = new(big.Int).Quo(new(big.Int).Mul(quality.pos, big.NewInt(fullBP)), total).Uint64()
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
	if len(parts) == 0 {
		// Records there are, but none left to weigh: favourable dealings
		// with no more counterparties than are set aside.
		s.InsufficientData = true
		s.Explanation = fmt.Sprintf("insufficient data: %d records from %d counterparties in the last %d days, but dealings with at most %d counterparties are set aside by formula v%d and nothing else was recorded",
			s.Records, s.Counterparties, f.WindowSeconds/86_400, f.SetAsideCounterparties, f.Version)
		return s
	}
	combine(&s, parts, f)
	return s
}

func mulU(a, b uint64) *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
}

// part is one factor's share before the factors are combined.
type part struct {
	name    string
	weight  uint32
	scoreBP uint64
	records uint32
	detail  string
}

// combine weighs the factors into the score: Σ weight × factor / Σ weight,
// floored once; each factor's contribution is its own floored share, and
// what flooring left over goes to the heaviest factor, so that they add up
// exactly.
func combine(s *Score, parts []part, f Formula) {
	var totalWeight uint64
	for _, p := range parts {
		totalWeight += uint64(p.weight)
	}
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
		s.Factors = append(s.Factors, Factor{
			Name: p.name, ScoreBp: uint32(p.scoreBP), Weight: p.weight, ContributionBp: uint32(contributions[i]), Records: p.records, Detail: p.detail,
		})
		lines = append(lines, fmt.Sprintf("%s %s x %d/%d = %s (%d records)", p.name, hundredths(p.scoreBP), p.weight, totalWeight, hundredths(contributions[i]), p.records))
	}
	s.ScoreBp = uint32(scoreBP)
	s.Score = uint32(scoreBP / 100)
	s.Grade = Grade(s.Score)
	s.Explanation = fmt.Sprintf("%s (%s) by formula v%d from %d records of %d counterparties: %s",
		hundredths(scoreBP), s.Grade, f.Version, s.Records, s.Counterparties, strings.Join(lines, "; "))
}

// hundredths writes 8350 as "83.50".
func hundredths(bp uint64) string { return fmt.Sprintf("%d.%02d", bp/100, bp%100) }
