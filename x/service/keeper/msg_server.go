package keeper

import (
	"context"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/service/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the service Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{Keeper: k}
}

const maxTextLength = 512

var businessAccount = []membershiptypes.AccountRole{membershiptypes.ACCOUNT_ROLE_ADMIN, membershiptypes.ACCOUNT_ROLE_OPERATOR}

// member checks the signer again, as the ante handler did, and returns its
// organization.
func (k Keeper) member(ctx context.Context, signer string, orgRoles ...membershiptypes.OrgRole) (membershiptypes.Organization, error) {
	addr, err := k.addressCodec.StringToBytes(signer)
	if err != nil {
		return membershiptypes.Organization{}, sdkerrors.ErrInvalidAddress.Wrapf("signer %q: %s", signer, err)
	}
	info, err := k.membership.RequireMember(ctx, addr, membershiptypes.Requirement{OrgRoles: orgRoles, AccountRoles: businessAccount})
	return info.Organization, err
}

func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := s.membership.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	current, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if msg.Params.SettlementDenom != current.SettlementDenom {
		// Open escrows are held in the current denom.
		return nil, types.ErrInvalidParams.Wrapf("settlement_denom is set in genesis and stays %s", current.SettlementDenom)
	}
	if err := s.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventParamsUpdated{Params: &msg.Params}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}
