package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/service/types"
)

// InitGenesis loads the service state and checks the escrow account holds
// the open orders' escrow (x/bank initialises first).
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, o := range gs.Offerings {
		if err := k.Offerings.Set(ctx, o.Id, o); err != nil {
			return err
		}
	}
	for _, o := range gs.Orders {
		if err := k.Orders.Set(ctx, o.Id, o); err != nil {
			return err
		}
		for _, party := range []string{o.ProviderOrgId, o.ConsumerOrgId} {
			if err := k.OrdersByOrg.Set(ctx, collections.Join(party, o.Id)); err != nil {
				return err
			}
		}
		if o.Deadline != 0 {
			if err := k.Deadlines.Set(ctx, collections.Join(o.Deadline, o.Id)); err != nil {
				return err
			}
		}
	}
	if err := k.OfferingSequence.Set(ctx, gs.NextOfferingId); err != nil {
		return err
	}
	if err := k.OrderSequence.Set(ctx, gs.NextOrderId); err != nil {
		return err
	}
	return k.CheckEscrow(ctx)
}

// ExportGenesis writes the whole service state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if err := k.Offerings.Walk(ctx, nil, func(_ uint64, o types.Offering) (bool, error) {
		gs.Offerings = append(gs.Offerings, o)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Orders.Walk(ctx, nil, func(_ uint64, o types.Order) (bool, error) {
		gs.Orders = append(gs.Orders, o)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if gs.NextOfferingId, err = k.OfferingSequence.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextOrderId, err = k.OrderSequence.Peek(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}
