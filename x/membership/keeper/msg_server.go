package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/tracechain/tracechain/x/membership/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the membership Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{Keeper: k}
}

// parseAddress decodes a bech32 account address, naming the field on failure.
func (k Keeper) parseAddress(field, addr string) (sdk.AccAddress, error) {
	if addr == "" {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("%s: address is empty", field)
	}
	bz, err := k.addressCodec.StringToBytes(addr)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("%s: %q is not a valid address: %s", field, addr, err)
	}
	return bz, nil
}

// getOrg loads an organization or returns ErrOrgNotFound.
func (k Keeper) getOrg(ctx context.Context, id string) (types.Organization, error) {
	org, err := k.Organizations.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return org, types.ErrOrgNotFound.Wrapf("organization %s", id)
	}
	return org, err
}

// getMember loads a member or returns ErrMemberNotFound.
func (k Keeper) getMember(ctx context.Context, addr sdk.AccAddress, addrStr string) (types.Member, error) {
	m, err := k.Members.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return m, types.ErrMemberNotFound.Wrapf("account %s", addrStr)
	}
	return m, err
}

// ensureAccount creates the x/auth account of an address that has none.
func (k Keeper) ensureAccount(ctx context.Context, addr sdk.AccAddress) {
	if !k.accounts.HasAccount(ctx, addr) {
		k.accounts.SetAccount(ctx, k.accounts.NewAccountWithAddress(ctx, addr))
	}
}

func blockHeight(ctx context.Context) int64 {
	return sdk.UnwrapSDKContext(ctx).BlockHeight()
}
