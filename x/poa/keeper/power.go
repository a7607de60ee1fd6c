package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/poa/types"
)

// powerChange is one validator's new power, as a message would set it.
type powerChange struct {
	consAddr []byte
	pubkey   []byte
	oldPower int64 // stored power before this message
	newPower int64 // 0 removes
}

// budget measures this block's changes against the set CometBFT runs it with.
type budget struct {
	startTotal int64
	moved      int64
}

// blockBudget derives the budget from the pending updates: the set at the
// start of the block is the stored total minus what is pending.
func (k Keeper) blockBudget(ctx context.Context) (budget, error) {
	total, err := k.TotalPower.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return budget{}, err
	}
	b := budget{startTotal: total}
	err = k.PendingUpdates.Walk(ctx, nil, func(_ []byte, u types.PendingUpdate) (bool, error) {
		b.startTotal -= u.Power - u.PreviousPower
		b.moved += abs(u.Power - u.PreviousPower)
		return false, nil
	})
	return b, err
}

// applyPowerChange checks the 1/3 rule unless forced, then updates the
// total and the pending update CometBFT will receive at EndBlock.
func (k Keeper) applyPowerChange(ctx context.Context, c powerChange, force bool) error {
	b, err := k.blockBudget(ctx)
	if err != nil {
		return err
	}
	pending, err := k.PendingUpdates.Get(ctx, c.consAddr)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		// Nothing pending yet: CometBFT runs this block with the stored power.
		pending = types.PendingUpdate{Ed25519Pubkey: c.pubkey, PreviousPower: c.oldPower, Power: c.oldPower}
	case err != nil:
		return err
	}
	moved := b.moved - abs(pending.Power-pending.PreviousPower) + abs(c.newPower-pending.PreviousPower)
	if !force && 3*moved > b.startTotal {
		return types.ErrPowerChangeTooLarge.Wrapf(
			"this block would move %d of the %d total power (the limit is 1/3); resend with force to override",
			moved, b.startTotal)
	}
	total, err := k.TotalPower.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	total += c.newPower - c.oldPower
	if total > types.MaxTotalVotingPower {
		return types.ErrTotalPowerOverflow.Wrapf("total would be %d, CometBFT allows %d", total, types.MaxTotalVotingPower)
	}
	if err := k.TotalPower.Set(ctx, total); err != nil {
		return err
	}
	pending.Power = c.newPower
	return k.PendingUpdates.Set(ctx, c.consAddr, pending)
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
