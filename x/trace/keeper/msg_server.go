package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/trace/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the trace Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{Keeper: k}
}

// businessAccount is who may act for an organization in provenance:
// its ADMINs and OPERATORs.
var businessAccount = []membershiptypes.AccountRole{membershiptypes.ACCOUNT_ROLE_ADMIN, membershiptypes.ACCOUNT_ROLE_OPERATOR}

// recorderOrgs are the organizations that record provenance.
var recorderOrgs = []membershiptypes.OrgRole{
	membershiptypes.ORG_ROLE_ENTERPRISE, membershiptypes.ORG_ROLE_REGULATOR, membershiptypes.ORG_ROLE_CERTIFIER,
}

// member checks the signer again, as the ante handler did, and returns the
// organization it acts for.
func (k Keeper) member(ctx context.Context, signer string, req membershiptypes.Requirement) (membershiptypes.MemberInfo, error) {
	addr, err := k.addressCodec.StringToBytes(signer)
	if err != nil {
		return membershiptypes.MemberInfo{}, sdkerrors.ErrInvalidAddress.Wrapf("signer %q: %s", signer, err)
	}
	return k.membership.RequireMember(ctx, addr, req)
}

func blockHeight(ctx context.Context) int64 {
	return sdk.UnwrapSDKContext(ctx).BlockHeight()
}

func sdkContext(ctx context.Context) sdk.Context { return sdk.UnwrapSDKContext(ctx) }
