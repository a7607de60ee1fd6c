package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/membership/types"
)

// AdmitDeviceAccount makes a registered device's own account a DEVICE
// member of its organization, so that the device can sign its own
// transactions. x/device calls it when a device is registered or its key
// rotated; by is the admin who did so.
func (k Keeper) AdmitDeviceAccount(ctx context.Context, orgID string, addr sdk.AccAddress, by string) error {
	addrStr, err := k.addressCodec.BytesToString(addr)
	if err != nil {
		return err
	}
	if existing, err := k.Members.Get(ctx, addr); err == nil {
		return types.ErrMemberExists.Wrapf("the device's account %s already acts for organization %s as %s", addrStr, existing.OrgId, existing.Role)
	} else if !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if err := k.Members.Set(ctx, addr, types.Member{
		Address: addrStr, OrgId: orgID, Role: types.ACCOUNT_ROLE_DEVICE, AddedHeight: blockHeight(ctx),
	}); err != nil {
		return err
	}
	k.ensureAccount(ctx, addr)
	return k.emit(ctx, &types.EventMemberAdded{OrgId: orgID, Address: addrStr, Role: types.ACCOUNT_ROLE_DEVICE, AddedBy: by})
}

// DismissDeviceAccount removes a device account admitted by
// AdmitDeviceAccount (the device was revoked or its key replaced). An
// account that is no longer a DEVICE member is left alone.
func (k Keeper) DismissDeviceAccount(ctx context.Context, addr sdk.AccAddress, by string) error {
	member, err := k.Members.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if member.Role != types.ACCOUNT_ROLE_DEVICE {
		return nil
	}
	if err := k.Members.Remove(ctx, addr); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventMemberRemoved{OrgId: member.OrgId, Address: member.Address, Role: member.Role, RemovedBy: by})
}

// GetMember returns the membership of an account.
func (k Keeper) GetMember(ctx context.Context, addr sdk.AccAddress) (types.Member, error) {
	m, err := k.Members.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return m, types.ErrMemberNotFound.Wrapf("account %s is not a member", addr)
	}
	return m, err
}
