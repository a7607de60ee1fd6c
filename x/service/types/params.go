package types

import sdk "github.com/cosmos/cosmos-sdk/types"

// DefaultSettlementDenom is the settlement coin of a new chain (genesis
// may name another).
const DefaultSettlementDenom = "usettle"

// DefaultParams give three days to confirm a delivery, thirty days of late
// delivery before an order expires, 500 deadlines per block.
func DefaultParams() Params {
	return Params{
		SettlementDenom: DefaultSettlementDenom, ConfirmWindowSeconds: 3 * 86_400, LateGraceSeconds: 30 * 86_400,
		DeadlinesPerBlock: 500, MaxLinkedObjects: 64, MaxEvidence: 64,
	}
}

// Validate checks the params.
func (p Params) Validate() error {
	if err := sdk.ValidateDenom(p.SettlementDenom); err != nil {
		return ErrInvalidParams.Wrapf("settlement_denom: %s", err)
	}
	switch {
	case p.ConfirmWindowSeconds < 10 || p.ConfirmWindowSeconds > 90*86_400:
		return ErrInvalidParams.Wrap("confirm_window_seconds between 10 seconds and 90 days")
	case p.LateGraceSeconds > 365*86_400:
		return ErrInvalidParams.Wrap("late_grace_seconds at most a year")
	case p.DeadlinesPerBlock < 1 || p.DeadlinesPerBlock > 100_000:
		return ErrInvalidParams.Wrap("deadlines_per_block between 1 and 100,000")
	case p.MaxLinkedObjects < 1 || p.MaxLinkedObjects > 10_000:
		return ErrInvalidParams.Wrap("max_linked_objects between 1 and 10,000")
	case p.MaxEvidence < 1 || p.MaxEvidence > 10_000:
		return ErrInvalidParams.Wrap("max_evidence between 1 and 10,000")
	}
	return nil
}

// Open reports whether an order still holds escrow.
func (o Order) Open() bool {
	switch o.State {
	case ORDER_STATE_CREATED, ORDER_STATE_ACCEPTED, ORDER_STATE_DELIVERED, ORDER_STATE_DISPUTED:
		return true
	}
	return false
}
