package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/comet"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	"github.com/tracechain/tracechain/x/poa/types"
)

// BeginBlocker removes validators that CometBFT caught double signing.
// Evidence is bounded by CometBFT's evidence size limit.
func (k Keeper) BeginBlocker(ctx context.Context) error {
	evidence := k.comet.GetCometBlockInfo(ctx).GetEvidence()
	if evidence == nil {
		return nil
	}
	for i := 0; i < evidence.Len(); i++ {
		ev := evidence.Get(i)
		if ev.Type() != comet.DuplicateVote && ev.Type() != comet.LightClientAttack {
			continue
		}
		if err := k.handleEquivocation(ctx, ev.Validator().Address(), ev.Height()); err != nil {
			return err
		}
	}
	return nil
}

// handleEquivocation removes and tombstones the offender. It never refuses
// on account of the evidence itself: an unknown or last validator only gets
// an event saying why nothing was removed.
func (k Keeper) handleEquivocation(ctx context.Context, consAddr []byte, height int64) error {
	consStr, err := k.consCodec.BytesToString(consAddr)
	if err != nil {
		return err
	}
	report := &types.EventDoubleSignEvidence{ConsensusAddress: consStr, InfractionHeight: height}
	v, err := k.Validators.Get(ctx, consAddr)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		report.Note = "not in the validator set (already removed)"
		return k.emit(ctx, report)
	case err != nil:
		return err
	}
	err = k.removeValidator(ctx, consAddr, v, true)
	switch {
	case errors.Is(err, types.ErrLastValidator):
		report.Note = "the only validator left; kept so the chain can continue"
		return k.emit(ctx, report)
	case err != nil:
		return err
	}
	if err := k.Tombstoned.Set(ctx, consAddr); err != nil {
		return err
	}
	report.Removed = true
	report.Note = "removed and tombstoned"
	return k.emit(ctx, report)
}

// EndBlocker hands this block's validator-set changes to CometBFT, in key
// order, and clears them. Changes that cancel out are not sent.
func (k Keeper) EndBlocker(ctx context.Context) ([]abci.ValidatorUpdate, error) {
	var updates []abci.ValidatorUpdate
	var done [][]byte
	err := k.PendingUpdates.Walk(ctx, nil, func(key []byte, u types.PendingUpdate) (bool, error) {
		done = append(done, key)
		if u.Power == u.PreviousPower {
			return false, nil
		}
		updates = append(updates, abci.ValidatorUpdate{
			PubKey: cmtcrypto.PublicKey{Sum: &cmtcrypto.PublicKey_Ed25519{Ed25519: u.Ed25519Pubkey}},
			Power:  u.Power,
		})
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	for _, key := range done {
		if err := k.PendingUpdates.Remove(ctx, key); err != nil {
			return nil, err
		}
	}
	return updates, nil
}
