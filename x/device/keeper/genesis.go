package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/device/types"
)

// InitGenesis loads the device state. Devices' organizations must exist
// (x/membership initialises first); their accounts are already members in
// the membership genesis.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, d := range gs.Devices {
		if _, err := k.membership.GetOrganization(ctx, d.OwnerOrgId); err != nil {
			return fmt.Errorf("device %s: %w", d.Id, err)
		}
		if err := k.setDevice(ctx, d); err != nil {
			return err
		}
	}
	if err := k.setReadings(ctx, gs.Readings); err != nil {
		return err
	}
	for _, a := range gs.Anchors {
		if err := k.Anchors.Set(ctx, collections.Join(a.Header.Device, a.Header.FirstCounter), a); err != nil {
			return err
		}
	}
	for _, e := range gs.Excursions {
		if err := k.Excursions.Set(ctx, e.Id, e); err != nil {
			return err
		}
		if err := k.ExcursionsByObject.Set(ctx, collections.Join(e.ObjectId, e.Id)); err != nil {
			return err
		}
		if err := k.ExcursionsByDevice.Set(ctx, collections.Join(e.Device, e.Id)); err != nil {
			return err
		}
	}
	if err := k.ExcursionSequence.Set(ctx, gs.ExcursionSequence); err != nil {
		return err
	}
	for _, c := range gs.Clones {
		if err := k.Clones.Set(ctx, collections.Join(c.Device, c.Counter), c); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis writes the whole device state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if err := k.Devices.Walk(ctx, nil, func(_ string, d types.Device) (bool, error) {
		gs.Devices = append(gs.Devices, d)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if gs.Readings, err = k.allReadings(ctx); err != nil {
		return nil, err
	}
	if err := k.Anchors.Walk(ctx, nil, func(_ counterKey, a types.Anchor) (bool, error) {
		gs.Anchors = append(gs.Anchors, a)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Excursions.Walk(ctx, nil, func(_ uint64, e types.Excursion) (bool, error) {
		gs.Excursions = append(gs.Excursions, e)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if gs.ExcursionSequence, err = k.ExcursionSequence.Peek(ctx); err != nil {
		return nil, err
	}
	if err := k.Clones.Walk(ctx, nil, func(_ counterKey, c types.CloneEvidence) (bool, error) {
		gs.Clones = append(gs.Clones, c)
		return false, nil
	}); err != nil {
		return nil, err
	}
	return gs, nil
}
