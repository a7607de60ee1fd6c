package types

import (
	"fmt"

	"cosmossdk.io/core/address"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// DefaultGenesis has no validators: a real genesis adds them with
// `tracechaind genesis add-validator`.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks the genesis validator set on its own. Whether operator
// organizations exist is checked at InitGenesis, after x/membership loads.
func (gs GenesisState) Validate(unpacker codectypes.AnyUnpacker, consCodec address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	if len(gs.Validators) == 0 {
		return fmt.Errorf("validators: a chain needs at least one genesis validator")
	}
	if len(gs.Validators) > int(gs.Params.MaxValidators) {
		return fmt.Errorf("validators: %d listed, max_validators is %d", len(gs.Validators), gs.Params.MaxValidators)
	}
	seen := make(map[string]bool, len(gs.Validators))
	var total int64
	for i, v := range gs.Validators {
		if err := v.Validate(unpacker, consCodec, gs.Params); err != nil {
			return fmt.Errorf("validators[%d]: %w", i, err)
		}
		if seen[v.ConsensusAddress] {
			return fmt.Errorf("validators[%d]: %s is listed twice", i, v.ConsensusAddress)
		}
		seen[v.ConsensusAddress] = true
		total += v.Power
		if total > MaxTotalVotingPower {
			return fmt.Errorf("validators: total power exceeds %d", MaxTotalVotingPower)
		}
	}
	tombs := make(map[string]bool, len(gs.Tombstoned))
	for i, addr := range gs.Tombstoned {
		if _, err := consCodec.StringToBytes(addr); err != nil {
			return fmt.Errorf("tombstoned[%d]: %q: %w", i, addr, err)
		}
		if seen[addr] {
			return fmt.Errorf("tombstoned[%d]: %s is also a validator", i, addr)
		}
		if tombs[addr] {
			return fmt.Errorf("tombstoned[%d]: %s is listed twice", i, addr)
		}
		tombs[addr] = true
	}
	return nil
}

// Validate checks one validator record.
func (v Validator) Validate(unpacker codectypes.AnyUnpacker, consCodec address.Codec, params Params) error {
	if err := membershiptypes.ValidateName(v.Name); err != nil {
		return fmt.Errorf("name: %w", err)
	}
	pk, err := ConsensusPubKey(unpacker, v.ConsensusPubkey)
	if err != nil {
		return err
	}
	want, err := consCodec.BytesToString(pk.Address())
	if err != nil {
		return err
	}
	if v.ConsensusAddress != want {
		return fmt.Errorf("consensus_address is %q, the key's address is %s", v.ConsensusAddress, want)
	}
	if err := params.ValidatePower(v.Power); err != nil {
		return err
	}
	if v.OperatorOrgId == "" {
		return fmt.Errorf("operator_org_id is empty")
	}
	return nil
}
