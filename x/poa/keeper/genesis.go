package keeper

import (
	"context"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	"github.com/tracechain/tracechain/x/poa/types"
)

// InitGenesis loads the validator set and returns it to CometBFT. Operator
// organizations must already exist (x/membership initialises first).
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) ([]abci.ValidatorUpdate, error) {
	if err := gs.Validate(k.cdc, k.consCodec); err != nil {
		return nil, err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return nil, err
	}
	var total int64
	updates := make([]abci.ValidatorUpdate, 0, len(gs.Validators))
	for _, v := range gs.Validators {
		if err := k.requireOperator(ctx, v.OperatorOrgId); err != nil {
			return nil, err
		}
		pk, err := types.ConsensusPubKey(k.cdc, v.ConsensusPubkey)
		if err != nil {
			return nil, err
		}
		if err := k.Validators.Set(ctx, pk.Address(), v); err != nil {
			return nil, err
		}
		total += v.Power
		updates = append(updates, abci.ValidatorUpdate{
			PubKey: cmtcrypto.PublicKey{Sum: &cmtcrypto.PublicKey_Ed25519{Ed25519: pk.Key}},
			Power:  v.Power,
		})
	}
	if err := k.TotalPower.Set(ctx, total); err != nil {
		return nil, err
	}
	for _, addr := range gs.Tombstoned {
		bz, err := k.consCodec.StringToBytes(addr)
		if err != nil {
			return nil, err
		}
		if err := k.Tombstoned.Set(ctx, bz); err != nil {
			return nil, err
		}
	}
	return updates, nil
}

// ExportGenesis writes the set out in key order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	if err := k.Validators.Walk(ctx, nil, func(_ []byte, v types.Validator) (bool, error) {
		gs.Validators = append(gs.Validators, v)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Tombstoned.Walk(ctx, nil, func(addr []byte) (bool, error) {
		s, err := k.consCodec.BytesToString(addr)
		gs.Tombstoned = append(gs.Tombstoned, s)
		return false, err
	}); err != nil {
		return nil, err
	}
	return gs, nil
}
