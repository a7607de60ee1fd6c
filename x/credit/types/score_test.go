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

// plain is the default formula with no counterparty set aside: the tests
// of each factor's direction use it, so that two customers are enough.
func plain() types.Formula {
	f := types.DefaultFormula()
	f.SetAsideCounterparties = 0
	return f
}

func score(records []types.CreditRecord) types.Score {
	return types.Compute(subject, records, plain(), now)
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

// TestWorkedExample is the example of x/credit/README.md, number for
// number, under the default formula (three counterparties set aside).
func TestWorkedExample(t *testing.T) {
	order := func(kind types.RecordKind, value uint64, daysLate uint32, cp string) types.CreditRecord {
		r := rec(kind, cp, 0)
		r.Value, r.DaysLate = value, daysLate
		return r
	}
	records := []types.CreditRecord{
		// Orders from five customers; the three in its favour most are set aside.
		order(types.RECORD_KIND_ORDER_ON_TIME, 20_000_000_000, 0, "a"), // weighs the cap, 10,000,000,000
		order(types.RECORD_KIND_ORDER_ON_TIME, 8_000_000_000, 0, "b"),
		order(types.RECORD_KIND_ORDER_ON_TIME, 6_000_000_000, 0, "c"),
		order(types.RECORD_KIND_ORDER_ON_TIME, 4_000_000_000, 0, "d"),
		order(types.RECORD_KIND_ORDER_LATE, 4_000_000_000, 10, "e"), // 80 points
		order(types.RECORD_KIND_ORDER_EXPIRED, 2_000_000_000, 0, "e"),
		rec(types.RECORD_KIND_DISPUTE_LOST, "e", 0),
		rec(types.RECORD_KIND_INSPECTION_PASS, "lab", 0),
		rec(types.RECORD_KIND_INSPECTION_PASS, "lab", 0),
		rec(types.RECORD_KIND_EXCURSION, "a", 0),
		rec(types.RECORD_KIND_COMMENDATION, "regulator", 0),
	}
	s := types.Compute(subject, records, types.DefaultFormula(), now)
	require.Equal(t, "53.30 (BB) by formula v2 from 11 records of 7 counterparties: "+
		"timeliness 72.00 x 40/100 = 28.80 (6 records); disputes 0.00 x 20/100 = 0.00 (1 records); "+
		"quality 50.00 x 25/100 = 12.50 (3 records); regulatory 80.00 x 15/100 = 12.00 (1 records)", s.Explanation)
}

// Requirement: an organization whose record holds a penalty, a recall and
// lost disputes — and late or expired orders — cannot lift its grade with
// any number of orders, of any value, with up to three counterparties it
// controls — not by orders on time, not by disputes those friends lose to
// it on purpose: the friends buy nothing at all. (In general they can at
// most take the place of honest counterparties set aside: never more than
// the record earns with nothing set aside, checked here too.)
func TestFriendsCannotLiftTheGrade(t *testing.T) {
	adverse := []types.CreditRecord{
		func() types.CreditRecord {
			r := rec(types.RECORD_KIND_PENALTY, "regulator", 200)
			r.Weight = 3
			return r
		}(),
		rec(types.RECORD_KIND_RECALL_ORIGIN, "regulator", 150),
		rec(types.RECORD_KIND_DISPUTE_LOST, "x", 100),
		rec(types.RECORD_KIND_DISPUTE_LOST, "y", 90),
		rec(types.RECORD_KIND_ORDER_EXPIRED, "y", 70),
	}
	late := rec(types.RECORD_KIND_ORDER_LATE, "x", 80)
	late.DaysLate = 40
	f := types.DefaultFormula()
	friends := []string{"friend1", "friend2", "friend3"}
	for _, honest := range [][]types.CreditRecord{adverse, append(append([]types.CreditRecord(nil), adverse...), late)} {
		want := types.Compute(subject, honest, f, now)
		bound := types.Compute(subject, honest, plain(), now)
		require.False(t, want.InsufficientData)
		for k := 1; k <= 3; k++ {
			for _, n := range []int{1, 10, 10_000} {
				for _, value := range []uint64{1, 1_000_000, 1 << 62} {
					records := append([]types.CreditRecord(nil), honest...)
					for i := range n {
						cp := friends[i%k]
						o := rec(types.RECORD_KIND_ORDER_ON_TIME, cp, int64(i%30))
						o.Value = value
						records = append(records, o, rec(types.RECORD_KIND_DISPUTE_WON, cp, int64(i%30)))
					}
					got := types.Compute(subject, records, f, now)
					require.LessOrEqual(t, got.ScoreBp, bound.ScoreBp, "%d friends, %d orders of %d: %s", k, n, value, got.Explanation)
					require.LessOrEqual(t, got.ScoreBp, want.ScoreBp, "%d friends buy nothing: %s", k, got.Explanation)
					require.Equal(t, want.Grade, got.Grade, "%d friends, %d orders of %d: %s", k, n, value, got.Explanation)
				}
			}
		}
	}
}

// The general bound: whatever the honest record, orders and disputes with
// at most set_aside_counterparties friends never lift the score above what
// the honest record earns with nothing set aside.
func TestFewFriendsNeverBeatTheRecordWithNothingSetAside(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	f := types.DefaultFormula()
	kinds := []types.RecordKind{
		types.RECORD_KIND_ORDER_ON_TIME, types.RECORD_KIND_ORDER_LATE, types.RECORD_KIND_ORDER_EXPIRED,
		types.RECORD_KIND_DISPUTE_WON, types.RECORD_KIND_DISPUTE_LOST, types.RECORD_KIND_INSPECTION_PASS,
		types.RECORD_KIND_INSPECTION_FAIL, types.RECORD_KIND_RECALL_ORIGIN, types.RECORD_KIND_PENALTY, types.RECORD_KIND_COMMENDATION,
	}
	for trial := range 300 {
		var honest []types.CreditRecord
		for range 3 + r.IntN(40) {
			x := rec(kinds[r.IntN(len(kinds))], []string{"a", "b", "c", "d", "e", "f", "g", "h"}[r.IntN(8)], int64(r.IntN(360)))
			x.Value, x.DaysLate, x.Weight = uint64(1+r.IntN(20_000_000_000)), uint32(r.IntN(150)), uint32(1+r.IntN(10))
			honest = append(honest, x)
		}
		bound := types.Compute(subject, honest, plain(), now)
		wash := append([]types.CreditRecord(nil), honest...)
		for range r.IntN(200) {
			cp := []string{"friend1", "friend2", "friend3"}[r.IntN(3)]
			kind := []types.RecordKind{types.RECORD_KIND_ORDER_ON_TIME, types.RECORD_KIND_DISPUTE_WON}[r.IntN(2)]
			x := rec(kind, cp, int64(r.IntN(30)))
			x.Value = uint64(1 + r.Int64N(1<<62))
			wash = append(wash, x)
		}
		got := types.Compute(subject, wash, f, now)
		if bound.InsufficientData {
			continue
		}
		require.LessOrEqual(t, got.ScoreBp, bound.ScoreBp, "trial %d: %s\nbound: %s", trial, got.Explanation, bound.Explanation)
	}
}

// Value and volume with one counterparty stop counting at the cap: a
// hundred orders of one customer weigh what one capped order weighs.
func TestOneCounterpartyWeighsAtMostTheCap(t *testing.T) {
	f := plain()
	late := func(cp string, value uint64) types.CreditRecord {
		r := rec(types.RECORD_KIND_ORDER_LATE, cp, 1)
		r.DaysLate, r.Value = 100, value
		return r
	}
	onTime := func(cp string, value uint64) types.CreditRecord {
		r := rec(types.RECORD_KIND_ORDER_ON_TIME, cp, 1)
		r.Value = value
		return r
	}
	base := []types.CreditRecord{late("a", f.OrderValueCap), rec(types.RECORD_KIND_INSPECTION_PASS, "lab", 1)}
	one := types.Compute(subject, append(base, onTime("b", f.OrderValueCap)), f, now)
	hundred := append([]types.CreditRecord(nil), base...)
	for range 100 {
		hundred = append(hundred, onTime("b", f.OrderValueCap))
	}
	require.Equal(t, one.Factors[0].ScoreBp, types.Compute(subject, hundred, f, now).Factors[0].ScoreBp, "timeliness")
}

// Set-aside never punishes a small firm: favourable dealings with three
// customers leave nothing to weigh (insufficient data, not a D), and a
// late order among them counts as balanced evidence, not as all adverse.
func TestSetAsideLeavesSmallFirmsUnjudged(t *testing.T) {
	f := types.DefaultFormula()
	three := []types.CreditRecord{
		rec(types.RECORD_KIND_ORDER_ON_TIME, "a", 1), rec(types.RECORD_KIND_ORDER_ON_TIME, "b", 2), rec(types.RECORD_KIND_ORDER_ON_TIME, "c", 3),
	}
	s := types.Compute(subject, three, f, now)
	require.True(t, s.InsufficientData, s.Explanation)
	require.Empty(t, s.Grade)
	late := rec(types.RECORD_KIND_ORDER_LATE, "a", 1)
	late.DaysLate = 1
	s = types.Compute(subject, append(three, late), f, now)
	require.False(t, s.InsufficientData, s.Explanation)
	require.Greater(t, s.ScoreBp, uint32(0), s.Explanation)
}

// A tally is stored: it must marshal to the same bytes every time, on
// every node (a map field would not).
func TestTallyMarshalsTheSameBytes(t *testing.T) {
	var tally types.Tally
	for i, kind := range []types.RecordKind{types.RECORD_KIND_ORDER_ON_TIME, types.RECORD_KIND_DISPUTE_WON, types.RECORD_KIND_EXCURSION, types.RECORD_KIND_PENALTY} {
		r := rec(kind, "a", 0)
		r.Value = uint64(1000 * (i + 1))
		tally.Add(r, false)
	}
	first, err := tally.Marshal()
	require.NoError(t, err)
	for range 100 {
		again, err := tally.Marshal()
		require.NoError(t, err)
		require.Equal(t, first, again)
	}
}
