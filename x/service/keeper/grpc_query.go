package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/x/service/types"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the service Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{k: k}
}

func (q queryServer) Offering(ctx context.Context, req *types.QueryOfferingRequest) (*types.QueryOfferingResponse, error) {
	if req == nil {
		req = &types.QueryOfferingRequest{}
	}
	o, err := q.k.getOffering(ctx, req.OfferingId)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	return &types.QueryOfferingResponse{Offering: o}, nil
}

func (q queryServer) Offerings(ctx context.Context, req *types.QueryOfferingsRequest) (*types.QueryOfferingsResponse, error) {
	if req == nil {
		req = &types.QueryOfferingsRequest{}
	}
	os, page, err := query.CollectionPaginate(ctx, q.k.Offerings, req.Pagination,
		func(_ uint64, o types.Offering) (types.Offering, error) { return o, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryOfferingsResponse{Offerings: os, Pagination: page}, nil
}

func (q queryServer) Order(ctx context.Context, req *types.QueryOrderRequest) (*types.QueryOrderResponse, error) {
	if req == nil {
		req = &types.QueryOrderRequest{}
	}
	o, err := q.k.getOrder(ctx, req.OrderId)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	return &types.QueryOrderResponse{Order: o}, nil
}

func (q queryServer) Orders(ctx context.Context, req *types.QueryOrdersRequest) (*types.QueryOrdersResponse, error) {
	if req == nil || req.OrgId == "" {
		return nil, status.Error(codes.InvalidArgument, "org_id is required")
	}
	os, page, err := query.CollectionPaginate(ctx, q.k.OrdersByOrg, req.Pagination,
		func(key orgOrderKey, _ collections.NoValue) (types.Order, error) {
			return q.k.Orders.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[string, uint64](req.OrgId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryOrdersResponse{Orders: os, Pagination: page}, nil
}

func (q queryServer) Escrow(ctx context.Context, _ *types.QueryEscrowRequest) (*types.QueryEscrowResponse, error) {
	balance, open, n, err := q.k.EscrowTotals(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryEscrowResponse{Balance: balance.String(), OpenTotal: open.String(), OpenOrders: n}, nil
}

func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: p}, nil
}
