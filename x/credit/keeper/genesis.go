package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/credit/types"
)

// InitGenesis loads the credit state.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, r := range gs.Records {
		if err := k.Records.Set(ctx, r.Id, r); err != nil {
			return err
		}
		if err := k.RecordsBySubject.Set(ctx, collections.Join(r.SubjectOrgId, r.Id)); err != nil {
			return err
		}
		if r.Counts() {
			if err := k.tally(ctx, r, false); err != nil {
				return err
			}
		}
	}
	if err := k.RecordSequence.Set(ctx, gs.NextRecordId); err != nil {
		return err
	}
	for _, x := range gs.Restrictions {
		if err := k.Restrictions.Set(ctx, x.OrgId, x); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis writes the whole credit state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if err := k.Records.Walk(ctx, nil, func(_ uint64, r types.CreditRecord) (bool, error) {
		gs.Records = append(gs.Records, r)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if gs.NextRecordId, err = k.RecordSequence.Peek(ctx); err != nil {
		return nil, err
	}
	if err := k.Restrictions.Walk(ctx, nil, func(_ string, x types.Restriction) (bool, error) {
		gs.Restrictions = append(gs.Restrictions, x)
		return false, nil
	}); err != nil {
		return nil, err
	}
	return gs, nil
}
