package types

// DefaultFormula is version 2 of the score: timeliness weighs most, as in
// trade credit reports; a year of history counts, the oldest at half
// weight; orders and disputes weigh by counterparty, each counterparty's
// orders at most 10,000 settlement units (10^10 base units of a 6-decimal
// coin), and the three counterparties most in an organization's favour
// are set aside.
func DefaultFormula() Formula {
	return Formula{
		Version:          2,
		TimelinessWeight: 40, DisputesWeight: 20, QualityWeight: 25, RegulatoryWeight: 15,
		WindowSeconds: 365 * 86_400,
		MinRecords:    3, MinCounterparties: 2,
		RecallPenalty: 5, ExcursionPenalty: 2,
		PenaltyPoints: 25, CommendationPoints: 10,
		OrderValueCap: 10_000_000_000, SetAsideCounterparties: 3,
	}
}

// DefaultParams uses DefaultFormula.
func DefaultParams() Params {
	return Params{Formula: DefaultFormula()}
}

// Validate checks the formula's numbers.
func (f Formula) Validate() error {
	switch {
	case f.Version == 0:
		return ErrInvalidParams.Wrap("formula.version starts at 1")
	case f.TimelinessWeight+f.DisputesWeight+f.QualityWeight+f.RegulatoryWeight == 0:
		return ErrInvalidParams.Wrap("formula: at least one factor weight above 0")
	case f.TimelinessWeight > 1000 || f.DisputesWeight > 1000 || f.QualityWeight > 1000 || f.RegulatoryWeight > 1000:
		return ErrInvalidParams.Wrap("formula: factor weights at most 1000")
	case f.WindowSeconds < 86_400 || f.WindowSeconds > 10*366*86_400:
		return ErrInvalidParams.Wrap("formula.window_seconds between one day and ten years")
	case f.MinRecords == 0 || f.MinCounterparties == 0:
		return ErrInvalidParams.Wrap("formula: min_records and min_counterparties at least 1")
	case f.RecallPenalty > 100 || f.ExcursionPenalty > 100 || f.PenaltyPoints > 100 || f.CommendationPoints > 100:
		return ErrInvalidParams.Wrap("formula: penalties and points at most 100")
	case f.OrderValueCap == 0:
		return ErrInvalidParams.Wrap("formula.order_value_cap: at least 1")
	case f.SetAsideCounterparties > 100:
		return ErrInvalidParams.Wrap("formula.set_aside_counterparties: at most 100")
	}
	return nil
}

// Validate checks the params.
func (p Params) Validate() error {
	return p.Formula.Validate()
}
