package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/membership/types"
)

// InitGenesis loads a validated genesis state. The consortium authority must
// already be in the consensus params: a chain nobody can administer is refused.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	authority, err := k.Authority(ctx)
	if err != nil {
		return err
	}
	// The authority signs with its own account; on a zero-fee chain nothing
	// else would create it.
	authorityAddr, err := k.addressCodec.StringToBytes(authority)
	if err != nil {
		return types.ErrAuthorityUnset.Wrapf("consensus params name %q: %s", authority, err)
	}
	k.ensureAccount(ctx, authorityAddr)
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, org := range gs.Organizations {
		if err := k.Organizations.Set(ctx, org.Id, org); err != nil {
			return err
		}
	}
	for _, m := range gs.Members {
		addr, err := k.addressCodec.StringToBytes(m.Address)
		if err != nil {
			return err
		}
		if err := k.Members.Set(ctx, addr, m); err != nil {
			return err
		}
		k.ensureAccount(ctx, addr)
	}
	if gs.PendingAuthority != "" {
		return k.PendingAuthority.Set(ctx, gs.PendingAuthority)
	}
	return nil
}

// ExportGenesis writes the state out in key order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	if err := k.Organizations.Walk(ctx, nil, func(_ string, org types.Organization) (bool, error) {
		gs.Organizations = append(gs.Organizations, org)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Members.Walk(ctx, nil, func(_ sdk.AccAddress, m types.Member) (bool, error) {
		gs.Members = append(gs.Members, m)
		return false, nil
	}); err != nil {
		return nil, err
	}
	pending, err := k.PendingAuthority.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	gs.PendingAuthority = pending
	return gs, nil
}
