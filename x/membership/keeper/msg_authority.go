package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"github.com/tracechain/tracechain/x/membership/types"
)

// ProposeAuthority is step one of a hand-over: the current authority names
// its successor. Nothing changes until the successor accepts.
func (s msgServer) ProposeAuthority(ctx context.Context, msg *types.MsgProposeAuthority) (*types.MsgProposeAuthorityResponse, error) {
	if err := s.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	next, err := s.parseAddress("new_authority", msg.NewAuthority)
	if err != nil {
		return nil, err
	}
	if msg.NewAuthority == msg.Authority {
		return nil, types.ErrUnauthorized.Wrap("new_authority: the account is already the authority")
	}
	if err := s.PendingAuthority.Set(ctx, msg.NewAuthority); err != nil {
		return nil, err
	}
	// The successor signs AcceptAuthority, so it needs an account to sign with.
	s.ensureAccount(ctx, next)
	if err := s.emit(ctx, &types.EventAuthorityProposed{Authority: msg.Authority, ProposedAuthority: msg.NewAuthority}); err != nil {
		return nil, err
	}
	return &types.MsgProposeAuthorityResponse{}, nil
}

// AcceptAuthority is step two: the proposed account takes over. The new
// authority is written to the consensus params, which every module reads;
// it applies from the next block.
func (s msgServer) AcceptAuthority(ctx context.Context, msg *types.MsgAcceptAuthority) (*types.MsgAcceptAuthorityResponse, error) {
	pending, err := s.pendingAuthority(ctx)
	if err != nil {
		return nil, err
	}
	if msg.NewAuthority != pending {
		return nil, types.ErrUnauthorized.Wrapf("only the proposed authority may accept: expected %s, got %s", pending, msg.NewAuthority)
	}
	previous, err := s.Authority(ctx)
	if err != nil {
		return nil, err
	}
	cp, err := s.consensusParams.Get(ctx)
	if err != nil {
		return nil, err
	}
	cp.Authority = &cmtproto.AuthorityParams{Authority: pending}
	if err := s.consensusParams.Set(ctx, cp); err != nil {
		return nil, err
	}
	if err := s.PendingAuthority.Remove(ctx); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventAuthorityTransferred{PreviousAuthority: previous, NewAuthority: pending}); err != nil {
		return nil, err
	}
	return &types.MsgAcceptAuthorityResponse{}, nil
}

func (s msgServer) CancelAuthorityProposal(ctx context.Context, msg *types.MsgCancelAuthorityProposal) (*types.MsgCancelAuthorityProposalResponse, error) {
	if err := s.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	pending, err := s.pendingAuthority(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.PendingAuthority.Remove(ctx); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventAuthorityProposalCancelled{Authority: msg.Authority, ProposedAuthority: pending}); err != nil {
		return nil, err
	}
	return &types.MsgCancelAuthorityProposalResponse{}, nil
}

func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := s.RequireAuthority(ctx, msg.Authority); err != nil {
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

func (k Keeper) pendingAuthority(ctx context.Context) (string, error) {
	pending, err := k.PendingAuthority.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return "", types.ErrNoPendingAuthority
	}
	return pending, err
}
