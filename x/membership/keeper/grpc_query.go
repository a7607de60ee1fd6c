package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/x/membership/types"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the membership Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{k: k}
}

func (q queryServer) Organization(ctx context.Context, req *types.QueryOrganizationRequest) (*types.QueryOrganizationResponse, error) {
	if req == nil || req.OrgId == "" {
		return nil, status.Error(codes.InvalidArgument, "org_id is required")
	}
	org, err := q.k.Organizations.Get(ctx, req.OrgId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "organization %s not found", req.OrgId)
	} else if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryOrganizationResponse{Organization: org}, nil
}

func (q queryServer) Organizations(ctx context.Context, req *types.QueryOrganizationsRequest) (*types.QueryOrganizationsResponse, error) {
	if req == nil {
		req = &types.QueryOrganizationsRequest{}
	}
	orgs, page, err := query.CollectionPaginate(ctx, q.k.Organizations, req.Pagination,
		func(_ string, org types.Organization) (types.Organization, error) { return org, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryOrganizationsResponse{Organizations: orgs, Pagination: page}, nil
}

func (q queryServer) Member(ctx context.Context, req *types.QueryMemberRequest) (*types.QueryMemberResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "address is required")
	}
	addr, err := q.k.addressCodec.StringToBytes(req.Address)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "address %q: %s", req.Address, err)
	}
	m, err := q.k.Members.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "account %s is not a member", req.Address)
	} else if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	org, err := q.k.Organizations.Get(ctx, m.OrgId)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryMemberResponse{Member: m, Organization: org}, nil
}

func (q queryServer) Members(ctx context.Context, req *types.QueryMembersRequest) (*types.QueryMembersResponse, error) {
	if req == nil || req.OrgId == "" {
		return nil, status.Error(codes.InvalidArgument, "org_id is required")
	}
	if has, err := q.k.Organizations.Has(ctx, req.OrgId); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	} else if !has {
		return nil, status.Errorf(codes.NotFound, "organization %s not found", req.OrgId)
	}
	members, page, err := query.CollectionPaginate(ctx, q.k.Members.Indexes.ByOrg, req.Pagination,
		func(key collections.Pair[string, sdk.AccAddress], _ collections.NoValue) (types.Member, error) {
			return q.k.Members.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[string, sdk.AccAddress](req.OrgId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryMembersResponse{Members: members, Pagination: page}, nil
}

func (q queryServer) Authority(ctx context.Context, _ *types.QueryAuthorityRequest) (*types.QueryAuthorityResponse, error) {
	authority, err := q.k.Authority(ctx)
	if err != nil {
		return nil, status.Error(codes.FailedPrecondition, err.Error())
	}
	pending, err := q.k.PendingAuthority.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryAuthorityResponse{Authority: authority, PendingAuthority: pending}, nil
}

func (q queryServer) Permission(ctx context.Context, req *types.QueryPermissionRequest) (*types.QueryPermissionResponse, error) {
	if req == nil || req.MsgTypeUrl == "" {
		return nil, status.Error(codes.InvalidArgument, "msg_type_url is required")
	}
	addr, err := q.k.addressCodec.StringToBytes(req.Address)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "address %q: %s", req.Address, err)
	}
	if err := q.k.Authorize(ctx, addr, req.MsgTypeUrl); err != nil {
		return &types.QueryPermissionResponse{Allowed: false, Reason: err.Error()}, nil
	}
	return &types.QueryPermissionResponse{Allowed: true}, nil
}

func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: params}, nil
}
