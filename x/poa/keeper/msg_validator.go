package keeper

import (
	"context"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/poa/types"
)

func (s msgServer) AddValidator(ctx context.Context, msg *types.MsgAddValidator) (*types.MsgAddValidatorResponse, error) {
	if err := s.membership.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := membershiptypes.ValidateName(msg.Name); err != nil {
		return nil, types.ErrInvalidName.Wrapf("name: %s", err)
	}
	pk, err := types.ConsensusPubKey(s.cdc, msg.ConsensusPubkey)
	if err != nil {
		return nil, err
	}
	params, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := params.ValidatePower(msg.Power); err != nil {
		return nil, err
	}
	if err := s.requireOperator(ctx, msg.OperatorOrgId); err != nil {
		return nil, err
	}
	consAddr := pk.Address().Bytes()
	consStr, err := s.consCodec.BytesToString(consAddr)
	if err != nil {
		return nil, err
	}
	if has, err := s.Validators.Has(ctx, consAddr); err != nil {
		return nil, err
	} else if has {
		return nil, types.ErrValidatorExists.Wrapf("validator %s", consStr)
	}
	if tomb, err := s.Tombstoned.Has(ctx, consAddr); err != nil {
		return nil, err
	} else if tomb {
		return nil, types.ErrTombstoned.Wrapf("validator %s", consStr)
	}
	count, err := s.countValidators(ctx)
	if err != nil {
		return nil, err
	}
	if count >= int(params.MaxValidators) {
		return nil, types.ErrTooManyValidators.Wrapf("the set has %d validators, max_validators is %d", count, params.MaxValidators)
	}
	if err := s.applyPowerChange(ctx, powerChange{consAddr: consAddr, pubkey: pk.Key, newPower: msg.Power}, msg.Force); err != nil {
		return nil, err
	}
	v := types.Validator{
		Name: msg.Name, ConsensusPubkey: msg.ConsensusPubkey, ConsensusAddress: consStr,
		Power: msg.Power, OperatorOrgId: msg.OperatorOrgId, AddedHeight: blockHeight(ctx),
	}
	if err := s.Validators.Set(ctx, consAddr, v); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventValidatorAdded{
		ConsensusAddress: consStr, Name: msg.Name, Power: msg.Power, OperatorOrgId: msg.OperatorOrgId, Forced: msg.Force,
	}); err != nil {
		return nil, err
	}
	return &types.MsgAddValidatorResponse{ConsensusAddress: consStr}, nil
}

func (s msgServer) SetValidatorPower(ctx context.Context, msg *types.MsgSetValidatorPower) (*types.MsgSetValidatorPowerResponse, error) {
	if err := s.membership.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	consAddr, err := s.parseConsAddress(msg.ConsensusAddress)
	if err != nil {
		return nil, err
	}
	params, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := params.ValidatePower(msg.Power); err != nil {
		return nil, err
	}
	v, err := s.getValidator(ctx, consAddr, msg.ConsensusAddress)
	if err != nil {
		return nil, err
	}
	if v.Power == msg.Power {
		return nil, types.ErrInvalidPower.Wrapf("validator %s already has power %d", msg.ConsensusAddress, msg.Power)
	}
	pk, err := types.ConsensusPubKey(s.cdc, v.ConsensusPubkey)
	if err != nil {
		return nil, err
	}
	if err := s.applyPowerChange(ctx, powerChange{consAddr: consAddr, pubkey: pk.Key, oldPower: v.Power, newPower: msg.Power}, msg.Force); err != nil {
		return nil, err
	}
	previous := v.Power
	v.Power = msg.Power
	if err := s.Validators.Set(ctx, consAddr, v); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventValidatorPowerChanged{
		ConsensusAddress: msg.ConsensusAddress, PreviousPower: previous, Power: msg.Power, Forced: msg.Force,
	}); err != nil {
		return nil, err
	}
	return &types.MsgSetValidatorPowerResponse{}, nil
}

func (s msgServer) RemoveValidator(ctx context.Context, msg *types.MsgRemoveValidator) (*types.MsgRemoveValidatorResponse, error) {
	if err := s.membership.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	consAddr, err := s.parseConsAddress(msg.ConsensusAddress)
	if err != nil {
		return nil, err
	}
	v, err := s.getValidator(ctx, consAddr, msg.ConsensusAddress)
	if err != nil {
		return nil, err
	}
	if err := s.removeValidator(ctx, consAddr, v, msg.Force); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventValidatorRemoved{
		ConsensusAddress: msg.ConsensusAddress, PreviousPower: v.Power, Forced: msg.Force,
	}); err != nil {
		return nil, err
	}
	return &types.MsgRemoveValidatorResponse{}, nil
}

// removeValidator takes a validator out, refusing to empty the set.
func (k Keeper) removeValidator(ctx context.Context, consAddr []byte, v types.Validator, force bool) error {
	count, err := k.countValidators(ctx)
	if err != nil {
		return err
	}
	if count <= 1 {
		return types.ErrLastValidator.Wrapf("%s is the only validator", v.ConsensusAddress)
	}
	pk, err := types.ConsensusPubKey(k.cdc, v.ConsensusPubkey)
	if err != nil {
		return err
	}
	if err := k.applyPowerChange(ctx, powerChange{consAddr: consAddr, pubkey: pk.Key, oldPower: v.Power, newPower: 0}, force); err != nil {
		return err
	}
	return k.Validators.Remove(ctx, consAddr)
}

// countValidators walks the set, which max_validators keeps small.
func (k Keeper) countValidators(ctx context.Context) (int, error) {
	n := 0
	err := k.Validators.Walk(ctx, nil, func([]byte, types.Validator) (bool, error) {
		n++
		return false, nil
	})
	return n, err
}
