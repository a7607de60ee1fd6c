package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	"github.com/tracechain/tracechain/x/service/types"
)

// maxDecimalLength bounds a decimal field before it is parsed.
const maxDecimalLength = 40

func validateSLA(sla types.SLA) error {
	if sla.DeliverWithinSeconds < 60 || sla.DeliverWithinSeconds > 366*86_400 {
		return types.ErrInvalidOffering.Wrap("sla.deliver_within_seconds: between a minute and a year")
	}
	// In a fixed order, so that every node reports the same field first.
	for _, f := range []struct{ name, value string }{
		{"sla.min_temperature_celsius", sla.MinTemperatureCelsius},
		{"sla.max_temperature_celsius", sla.MaxTemperatureCelsius},
	} {
		if f.value == "" {
			continue
		}
		if len(f.value) > maxDecimalLength {
			return types.ErrInvalidOffering.Wrapf("%s: %d characters; at most %d", f.name, len(f.value), maxDecimalLength)
		}
		if _, err := sdkmath.LegacyNewDecFromStr(f.value); err != nil {
			return types.ErrInvalidOffering.Wrapf("%s: %q is not a decimal", f.name, f.value)
		}
	}
	return nil
}

func (s msgServer) CreateOffering(ctx context.Context, msg *types.MsgCreateOffering) (*types.MsgCreateOfferingResponse, error) {
	org, err := s.member(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	if msg.Category == types.CATEGORY_UNSPECIFIED || types.Category_name[int32(msg.Category)] == "" {
		return nil, types.ErrInvalidOffering.Wrapf("category: %s", msg.Category)
	}
	if msg.Title == "" || len(msg.Title) > 256 || msg.Unit == "" || len(msg.Unit) > 64 {
		return nil, types.ErrInvalidOffering.Wrap("title (1-256 characters) and unit (1-64) are required")
	}
	if msg.UnitPrice.IsNil() || !msg.UnitPrice.IsPositive() {
		return nil, types.ErrInvalidOffering.Wrap("unit_price: a positive integer of settlement base units")
	}
	if err := validateSLA(msg.Sla); err != nil {
		return nil, err
	}
	id, err := s.OfferingSequence.Next(ctx)
	if err != nil {
		return nil, err
	}
	o := types.Offering{
		Id: id, ProviderOrgId: org.Id, Category: msg.Category, Title: msg.Title, UnitPrice: msg.UnitPrice, Unit: msg.Unit,
		Sla: msg.Sla, Active: true, CreatedBy: msg.Signer,
	}
	if err := s.Offerings.Set(ctx, id, o); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventOfferingCreated{OfferingId: id, ProviderOrgId: org.Id, Category: msg.Category}); err != nil {
		return nil, err
	}
	return &types.MsgCreateOfferingResponse{OfferingId: id}, nil
}

func (k Keeper) getOffering(ctx context.Context, id uint64) (types.Offering, error) {
	o, err := k.Offerings.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return o, types.ErrOfferingNotFound.Wrapf("offering %d", id)
	}
	return o, err
}

func (s msgServer) UpdateOffering(ctx context.Context, msg *types.MsgUpdateOffering) (*types.MsgUpdateOfferingResponse, error) {
	o, err := s.getOffering(ctx, msg.OfferingId)
	if err != nil {
		return nil, err
	}
	org, err := s.member(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	if org.Id != o.ProviderOrgId {
		return nil, types.ErrNotParty.Wrapf("offering %d is %s's", o.Id, o.ProviderOrgId)
	}
	if msg.UnitPrice.IsNil() || !msg.UnitPrice.IsPositive() {
		return nil, types.ErrInvalidOffering.Wrap("unit_price: a positive integer of settlement base units")
	}
	// Open orders keep the price they escrowed.
	o.UnitPrice, o.Active = msg.UnitPrice, msg.Active
	if err := s.Offerings.Set(ctx, o.Id, o); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventOfferingUpdated{OfferingId: o.Id, Active: o.Active, UnitPrice: o.UnitPrice.String()}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateOfferingResponse{}, nil
}
