package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/x/poa/types"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the poa Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{k: k}
}

func (q queryServer) Validator(ctx context.Context, req *types.QueryValidatorRequest) (*types.QueryValidatorResponse, error) {
	if req == nil || req.ConsensusAddress == "" {
		return nil, status.Error(codes.InvalidArgument, "consensus_address is required")
	}
	addr, err := q.k.consCodec.StringToBytes(req.ConsensusAddress)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "consensus_address %q: %s", req.ConsensusAddress, err)
	}
	v, err := q.k.Validators.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "validator %s not found", req.ConsensusAddress)
	} else if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryValidatorResponse{Validator: v}, nil
}

func (q queryServer) Validators(ctx context.Context, req *types.QueryValidatorsRequest) (*types.QueryValidatorsResponse, error) {
	if req == nil {
		req = &types.QueryValidatorsRequest{}
	}
	vals, page, err := query.CollectionPaginate(ctx, q.k.Validators, req.Pagination,
		func(_ []byte, v types.Validator) (types.Validator, error) { return v, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	total, err := q.k.TotalPower.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryValidatorsResponse{Validators: vals, TotalPower: total, Pagination: page}, nil
}

func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: params}, nil
}
