package types_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/credit/types"
)

const (
	subject = "91350400MA2XY00444"
	now     = int64(1_800_000_000)
	day     = int64(86_400)
)

func rec(kind types.RecordKind, counterparty string, ageDays int64) types.CreditRecord {
	return types.CreditRecord{
		SubjectOrgId: subject, Kind: kind, CounterpartyOrgId: counterparty, Time: now - ageDays*day,
		Status: types.RECORD_STATUS_ACTIVE, Weight: 1, Value: 1_000,
	}
}

// base is a good record: orders on time with two customers, an inspection
// passed, a dispute won, a commendation.
func base() []types.CreditRecord {
	return []types.CreditRecord{
		rec(types.RECORD_KIND_ORDER_ON_TIME, "mill", 10),
		rec(types.RECORD_KIND_ORDER_ON_TIME, "retailer", 20),
		rec(types.RECORD_KIND_ORDER_ON_TIME, "mill", 30),
		rec(types.RECORD_KIND_INSPECTION_PASS, "lab", 40),
		rec(types.RECORD_KIND_DISPUTE_WON, "mill", 50),
		rec(types.RECORD_KIND_COMMENDATION, "regulator", 60),
	}
}

func score(records []types.CreditRecord) types.Score {
	return types.Compute(subject, records, types.DefaultFormula(), now)
}

func TestSameRecordsSameScore(t *testing.T) {
	records := base()
	for i := range 50 {
		records = append(records, rec(types.RecordKind(1+i%11), []string{"a", "b", "c"}[i%3], int64(i*5)))
		records[len(records)-1].DaysLate = uint32(i % 40)
		records[len(records)-1].Value = uint64(1 + i*7919)
	}
	want := score(records)
	require.False(t, want.InsufficientData)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := append([]types.CreditRecord(nil), records...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		require.Equal(t, want, score(shuffled), "the order of the records does not matter")
	}
}

func TestPerfectRecordIsAAA(t *testing.T) {
	s := score(base()[:5])
	require.False(t, s.InsufficientData)
	require.EqualValues(t, 100, s.Score, s.Explanation)
	require.Equal(t, "AAA", s.Grade)
	require.Len(t, s.Factors, 3, "timeliness, disputes, quality; no regulatory records")
	var sum uint32
	for _, f := range s.Factors {
		sum += f.ContributionBp
	}
	require.Equal(t, s.ScoreBp, sum, "the contributions add up to the score")
}

// Each factor moves the score in the documented direction.
func TestEachFactorMovesTheScore(t *testing.T) {
	before := score(base())
	worse := map[string]types.CreditRecord{
		"a late order": func() types.CreditRecord {
			r := rec(types.RECORD_KIND_ORDER_LATE, "mill", 1)
			r.DaysLate = 25
			return r
		}(),
		"an expired order":     rec(types.RECORD_KIND_ORDER_EXPIRED, "mill", 1),
		"a dispute lost":       rec(types.RECORD_KIND_DISPUTE_LOST, "mill", 1),
		"an inspection failed": rec(types.RECORD_KIND_INSPECTION_FAIL, "lab", 1),
		"a recall origin":      rec(types.RECORD_KIND_RECALL_ORIGIN, "regulator", 1),
		"an excursion":         rec(types.RECORD_KIND_EXCURSION, "mill", 1),
		"a regulatory penalty": rec(types.RECORD_KIND_PENALTY, "regulator", 1),
	}
	for name, r := range worse {
		after := score(append(base(), r))
		require.Less(t, after.ScoreBp, before.ScoreBp, "%s lowers the score: %s", name, after.Explanation)
	}
	// Lateness is graded: later is worse.
	late := func(days uint32) uint32 {
		r := rec(types.RECORD_KIND_ORDER_LATE, "mill", 1)
		r.DaysLate = days
		return score(append(base(), r)).ScoreBp
	}
	require.Greater(t, late(3), late(20))
	require.Greater(t, late(20), late(100))
	// A bigger late order weighs more.
	big := rec(types.RECORD_KIND_ORDER_EXPIRED, "mill", 1)
	big.Value = 100_000
	require.Less(t, score(append(base(), big)).ScoreBp, score(append(base(), rec(types.RECORD_KIND_ORDER_EXPIRED, "mill", 1))).ScoreBp)

	// Good news raises a score that has room.
	low := append(base(), rec(types.RECORD_KIND_INSPECTION_FAIL, "lab", 2), rec(types.RECORD_KIND_PENALTY, "regulator", 2),
		rec(types.RECORD_KIND_DISPUTE_LOST, "mill", 2))
	better := map[string]types.CreditRecord{
		"an inspection passed": rec(types.RECORD_KIND_INSPECTION_PASS, "lab", 1),
		"a commendation":       rec(types.RECORD_KIND_COMMENDATION, "regulator", 1),
		"a dispute won":        rec(types.RECORD_KIND_DISPUTE_WON, "mill", 1),
		"an order on time":     func() types.CreditRecord { r := rec(types.RECORD_KIND_ORDER_ON_TIME, "mill", 1); return r }(),
	}
	low = append(low, func() types.CreditRecord {
		r := rec(types.RECORD_KIND_ORDER_LATE, "mill", 3)
		r.DaysLate = 50
		return r
	}())
	for name, r := range better {
		require.Greater(t, score(append(low, r)).ScoreBp, score(low).ScoreBp, "%s raises the score", name)
	}
}

// Old news weighs less, and news older than the window not at all.
func TestDecayOverTheWindow(t *testing.T) {
	recent := score(append(base(), rec(types.RECORD_KIND_INSPECTION_FAIL, "lab", 5)))
	old := score(append(base(), rec(types.RECORD_KIND_INSPECTION_FAIL, "lab", 300)))
	gone := score(append(base(), rec(types.RECORD_KIND_INSPECTION_FAIL, "lab", 400)))
	require.Less(t, recent.ScoreBp, old.ScoreBp)
	require.Less(t, old.ScoreBp, gone.ScoreBp)
	require.Equal(t, score(base()).ScoreBp, gone.ScoreBp)
}

func TestInsufficientData(t *testing.T) {
	s := score(base()[:2])
	require.True(t, s.InsufficientData, "2 records")
	require.Empty(t, s.Grade)
	require.Contains(t, s.Explanation, "insufficient data")
	oneCounterparty := []types.CreditRecord{
		rec(types.RECORD_KIND_ORDER_ON_TIME, "mill", 1), rec(types.RECORD_KIND_ORDER_ON_TIME, "mill", 2), rec(types.RECORD_KIND_ORDER_ON_TIME, "mill", 3),
	}
	require.True(t, score(oneCounterparty).InsufficientData, "3 records, one counterparty")
	require.False(t, score(append(oneCounterparty, rec(types.RECORD_KIND_ORDER_ON_TIME, "retailer", 4))).InsufficientData)
}

func TestVoidedRecordStopsCounting(t *testing.T) {
	fail := rec(types.RECORD_KIND_INSPECTION_FAIL, "lab", 1)
	with := score(append(base(), fail))
	fail.Status = types.RECORD_STATUS_APPEALED
	require.Equal(t, with, score(append(base(), fail)), "an appealed record counts until decided")
	fail.Status = types.RECORD_STATUS_VOIDED
	require.Equal(t, score(base()), score(append(base(), fail)), "a voided record does not count")
}

func TestGrades(t *testing.T) {
	for score, grade := range map[uint32]string{100: "AAA", 90: "AAA", 89: "AA", 70: "A", 60: "BBB", 50: "BB", 40: "B", 30: "CCC", 20: "CC", 10: "C", 9: "D", 0: "D"} {
		require.Equal(t, grade, types.Grade(score), "%d", score)
	}
}

// TestWorkedExample is the example of x/credit/README.md, number for number.
func TestWorkedExample(t *testing.T) {
	order := func(kind types.RecordKind, value uint64, daysLate uint32, cp string) types.CreditRecord {
		r := rec(kind, cp, 0)
		r.Value, r.DaysLate = value, daysLate
		return r
	}
	records := []types.CreditRecord{
		order(types.RECORD_KIND_ORDER_ON_TIME, 10_000, 0, "mill"),
		order(types.RECORD_KIND_ORDER_LATE, 5_000, 10, "retailer"),
		order(types.RECORD_KIND_ORDER_EXPIRED, 5_000, 0, "mill"),
		rec(types.RECORD_KIND_DISPUTE_WON, "mill", 0),
		rec(types.RECORD_KIND_DISPUTE_LOST, "retailer", 0),
		rec(types.RECORD_KIND_INSPECTION_PASS, "lab", 0),
		rec(types.RECORD_KIND_INSPECTION_PASS, "lab", 0),
		rec(types.RECORD_KIND_EXCURSION, "mill", 0),
		rec(types.RECORD_KIND_COMMENDATION, "regulator", 0),
	}
	s := score(records)
	require.Equal(t, "62.50 (BBB) by formula v1 from 9 records of 4 counterparties: "+
		"timeliness 70.00 x 40/100 = 28.00 (3 records); disputes 50.00 x 20/100 = 10.00 (2 records); "+
		"quality 50.00 x 25/100 = 12.50 (3 records); regulatory 80.00 x 15/100 = 12.00 (1 records)", s.Explanation)
	require.EqualValues(t, 62, s.Score)
	require.Equal(t, "BBB", s.Grade)
}
