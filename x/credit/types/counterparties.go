package types

import (
	"math/big"
	"sort"
)

// twoParty weighs a factor that rests on dealings with counterparties
// (orders, disputes) counterparty by counterparty, so that volume with one
// counterparty buys little and a few friendly ones buy nothing:
//
//   - each counterparty's evidence is split into a favourable and an
//     adverse mass; its weight is bounded (orders: all its orders in the
//     window weigh at most the value cap; disputes: at most one won
//     dispute on the favourable side), so value and volume between two
//     parties stop counting beyond that bound;
//   - the set-aside counterparties with the largest favourable surplus
//     (favourable minus adverse) lose that surplus — their evidence then
//     counts as evenly balanced — so k organizations an org controls can
//     never add favourable evidence of their own: at most they take the
//     place of honest counterparties that were set aside, which only gives
//     back what set-aside removed. Counterparties with more adverse than
//     favourable evidence are never set aside;
//   - the factor is favourable / (favourable + adverse).
type twoParty struct {
	byCounterparty map[string]*counterpartyMass
	records        uint32
}

type counterpartyMass struct {
	// Orders: decayed Σ value and Σ value × points. Disputes: decayed Σ
	// severity won (value) and lost (adverse, kept apart).
	value, points, adverse *big.Int
}

func newTwoParty() *twoParty { return &twoParty{byCounterparty: map[string]*counterpartyMass{}} }

func (t *twoParty) get(counterparty string) *counterpartyMass {
	m := t.byCounterparty[counterparty]
	if m == nil {
		m = &counterpartyMass{value: new(big.Int), points: new(big.Int), adverse: new(big.Int)}
		t.byCounterparty[counterparty] = m
	}
	return m
}

// add counts orders: their value and value × timeliness points, decayed.
func (t *twoParty) add(counterparty string, value, points *big.Int, decayBP uint64, records uint32) {
	m := t.get(counterparty)
	d := new(big.Int).SetUint64(decayBP)
	m.value.Add(m.value, new(big.Int).Mul(value, d))
	m.points.Add(m.points, new(big.Int).Mul(points, d))
	t.records += records
}

// addOutcomes counts disputes won and lost (severity sums), decayed.
func (t *twoParty) addOutcomes(counterparty string, won, lost *big.Int, decayBP uint64, records uint32) {
	m := t.get(counterparty)
	d := new(big.Int).SetUint64(decayBP)
	m.value.Add(m.value, new(big.Int).Mul(won, d))
	m.points.Add(m.points, new(big.Int).Mul(won, new(big.Int).Mul(d, big.NewInt(100))))
	m.adverse.Add(m.adverse, new(big.Int).Mul(lost, d))
	t.records += records
}

// score is the factor in basis points; ok is false when nothing is left
// to weigh (no dealings, or only favourable ones all set aside).
func (t *twoParty) score(unit *big.Int, setAside int) (uint64, bool) {
	type mass struct {
		counterparty    string
		favourable, bad *big.Int
	}
	masses := make([]mass, 0, len(t.byCounterparty))
	for c, m := range t.byCounterparty {
		// weight = min(value, unit); favourable = weight × points / (value × 100).
		weight := new(big.Int).Set(m.value)
		if weight.Cmp(unit) > 0 {
			weight.Set(unit)
		}
		favourable := new(big.Int)
		if m.value.Sign() > 0 {
			favourable.Quo(new(big.Int).Mul(weight, m.points), new(big.Int).Mul(m.value, big.NewInt(100)))
		}
		bad := new(big.Int).Sub(weight, favourable)
		bad.Add(bad, m.adverse)
		masses = append(masses, mass{c, favourable, bad})
	}
	// Largest favourable surplus first; ties by counterparty, so that every
	// node sets aside the same ones.
	surplus := func(m mass) *big.Int { return new(big.Int).Sub(m.favourable, m.bad) }
	sort.Slice(masses, func(i, j int) bool {
		if c := surplus(masses[i]).Cmp(surplus(masses[j])); c != 0 {
			return c > 0
		}
		return masses[i].counterparty < masses[j].counterparty
	})
	good, total := new(big.Int), new(big.Int)
	for i, m := range masses {
		favourable := m.favourable
		if s := surplus(m); i < setAside && s.Sign() > 0 {
			favourable = new(big.Int).Sub(favourable, s)
		}
		good.Add(good, favourable)
		total.Add(total, favourable)
		total.Add(total, m.bad)
	}
	if total.Sign() == 0 {
		return 0, false
	}
	return new(big.Int).Quo(new(big.Int).Mul(good, big.NewInt(fullBP)), total).Uint64(), true
}
