package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/poa/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the poa Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{Keeper: k}
}

func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := s.membership.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, types.ErrInvalidParams.Wrap(err.Error())
	}
	if err := s.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventParamsUpdated{Params: &msg.Params}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

// parseConsAddress decodes a tracevalcons address, naming the field on failure.
func (k Keeper) parseConsAddress(addr string) ([]byte, error) {
	if addr == "" {
		return nil, types.ErrInvalidConsAddress.Wrap("consensus_address is empty")
	}
	bz, err := k.consCodec.StringToBytes(addr)
	if err != nil {
		return nil, types.ErrInvalidConsAddress.Wrapf("consensus_address %q: %s", addr, err)
	}
	return bz, nil
}

// getValidator loads a validator or returns ErrValidatorNotFound.
func (k Keeper) getValidator(ctx context.Context, consAddr []byte, addrStr string) (types.Validator, error) {
	v, err := k.Validators.Get(ctx, consAddr)
	if errors.Is(err, collections.ErrNotFound) {
		return v, types.ErrValidatorNotFound.Wrapf("validator %s", addrStr)
	}
	return v, err
}

// requireOperator checks that an organization may run validators now.
func (k Keeper) requireOperator(ctx context.Context, orgID string) error {
	if orgID == "" {
		return types.ErrOperatorNotAllowed.Wrap("operator_org_id is empty")
	}
	org, err := k.membership.GetOrganization(ctx, orgID)
	if err != nil {
		return types.ErrOperatorNotAllowed.Wrapf("operator_org_id: %s", err)
	}
	if !org.IsActive() {
		return types.ErrOperatorNotAllowed.Wrapf("organization %s is suspended", orgID)
	}
	if !org.HasRole(membershiptypes.ORG_ROLE_VALIDATOR_OPERATOR) {
		return types.ErrOperatorNotAllowed.Wrapf("organization %s does not hold the VALIDATOR_OPERATOR role", orgID)
	}
	return nil
}

func blockHeight(ctx context.Context) int64 {
	return sdk.UnwrapSDKContext(ctx).BlockHeight()
}
