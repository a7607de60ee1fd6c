package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	credittypes "github.com/tracechain/tracechain/x/credit/types"
	"github.com/tracechain/tracechain/x/service/types"
)

// ProcessDeadlines works the time-keyed queue in EndBlock: orders whose
// deadline has come expire (refund) or, delivered and not disputed, are
// released — unless excursions block release, which sends them to
// dispute. At most deadlines_per_block per block; the rest wait for the
// next. A deadline that fails is dropped with an event and the order left
// as it was: user data never halts the chain.
func (k Keeper) ProcessDeadlines(ctx context.Context) error {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	t := now(ctx)
	rng := new(collections.Range[deadlineKey]).EndInclusive(collections.Join(t, ^uint64(0)))
	it, err := k.Deadlines.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	var due []deadlineKey
	for ; it.Valid() && len(due) < int(p.DeadlinesPerBlock); it.Next() {
		key, err := it.Key()
		if err != nil {
			it.Close()
			return err
		}
		due = append(due, key)
	}
	it.Close()
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	for _, key := range due {
		cache, write := sdkCtx.CacheContext()
		if err := k.deadline(cache, key); err != nil {
			sdkCtx.Logger().Error("order deadline failed; dropped", "order", key.K2(), "deadline", key.K1(), "err", err)
			if err := k.Deadlines.Remove(ctx, key); err != nil {
				return err
			}
			continue
		}
		write()
	}
	return nil
}

func (k Keeper) deadline(ctx context.Context, key deadlineKey) error {
	o, err := k.getOrder(ctx, key.K2())
	if err != nil {
		return err
	}
	if o.Deadline != key.K1() {
		// A stale entry: the order moved on.
		return k.Deadlines.Remove(ctx, key)
	}
	switch o.State {
	case types.ORDER_STATE_CREATED:
		return k.transition(ctx, &o, types.ORDER_STATE_EXPIRED, sdkmath.ZeroInt(), o.Escrow, types.ModuleName, "never accepted; escrow refunded")
	case types.ORDER_STATE_ACCEPTED:
		if _, err := k.credit.AddModuleRecord(ctx, types.ModuleName, credittypes.ModuleRecord{
			Subject: o.ProviderOrgId, Counterparty: o.ConsumerOrgId, Kind: credittypes.RECORD_KIND_ORDER_EXPIRED, Value: escrowValue(o), Evidence: orderRef(o),
		}); err != nil {
			return err
		}
		return k.transition(ctx, &o, types.ORDER_STATE_EXPIRED, sdkmath.ZeroInt(), o.Escrow, types.ModuleName, "not delivered in time; escrow refunded")
	case types.ORDER_STATE_DELIVERED:
		if len(o.ExcursionIds) > 0 {
			o.DisputeReason = fmt.Sprintf("automatic release blocked: %d excursions on linked objects during the service", len(o.ExcursionIds))
			o.DisputedBy = types.ModuleName
			if err := k.schedule(ctx, &o, 0); err != nil {
				return err
			}
			return k.transition(ctx, &o, types.ORDER_STATE_DISPUTED, sdkmath.ZeroInt(), sdkmath.ZeroInt(), types.ModuleName, o.DisputeReason)
		}
		if err := k.recordFulfilment(ctx, o); err != nil {
			return err
		}
		return k.transition(ctx, &o, types.ORDER_STATE_COMPLETED, o.Escrow, sdkmath.ZeroInt(), types.ModuleName, "confirm window lapsed; escrow released")
	default:
		return k.Deadlines.Remove(ctx, key)
	}
}
