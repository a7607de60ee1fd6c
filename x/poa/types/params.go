package types

import "fmt"

// MaxTotalVotingPower is CometBFT's ceiling on the sum of all powers.
const MaxTotalVotingPower = int64(^uint64(0)>>1) / 8

// Defaults suit a consortium of a few dozen validators.
const (
	DefaultMaxValidators     uint32 = 100
	DefaultMaxValidatorPower int64  = 1_000_000
)

// DefaultParams returns the parameters a new chain starts with.
func DefaultParams() Params {
	return Params{MaxValidators: DefaultMaxValidators, MaxValidatorPower: DefaultMaxValidatorPower}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.MaxValidators == 0 || p.MaxValidators > 10_000 {
		return fmt.Errorf("max_validators must be between 1 and 10000, got %d", p.MaxValidators)
	}
	if p.MaxValidatorPower <= 0 || p.MaxValidatorPower > MaxTotalVotingPower/int64(p.MaxValidators) {
		return fmt.Errorf("max_validator_power must be between 1 and %d, got %d",
			MaxTotalVotingPower/int64(p.MaxValidators), p.MaxValidatorPower)
	}
	return nil
}

// ValidatePower checks one validator's power against the parameters.
func (p Params) ValidatePower(power int64) error {
	if power <= 0 || power > p.MaxValidatorPower {
		return ErrInvalidPower.Wrapf("power must be between 1 and %d, got %d", p.MaxValidatorPower, power)
	}
	return nil
}
