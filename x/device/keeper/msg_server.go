package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/tracechain/tracechain/x/device/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the device Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{Keeper: k}
}

func (k Keeper) parseSigner(signer string) (sdk.AccAddress, error) {
	addr, err := k.addressCodec.StringToBytes(signer)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("signer %q: %s", signer, err)
	}
	return addr, nil
}

// requireOrgAdmin admits an ADMIN of orgID (active organization); with
// authorityToo, the consortium authority as well.
func (k Keeper) requireOrgAdmin(ctx context.Context, signer, orgID string, authorityToo bool) error {
	if authorityToo {
		if authority, err := k.membership.Authority(ctx); err == nil && authority == signer {
			return nil
		}
	}
	addr, err := k.parseSigner(signer)
	if err != nil {
		return err
	}
	info, err := k.membership.RequireMember(ctx, addr, membershiptypes.Requirement{
		AccountRoles: []membershiptypes.AccountRole{membershiptypes.ACCOUNT_ROLE_ADMIN},
	})
	if err != nil {
		return err
	}
	if info.Organization.Id != orgID {
		return types.ErrUnauthorized.Wrapf("signer %s administers organization %s, not %s", signer, info.Organization.Id, orgID)
	}
	return nil
}

func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := s.membership.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := s.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventParamsUpdated{Params: &msg.Params}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}
