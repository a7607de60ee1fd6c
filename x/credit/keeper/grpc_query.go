package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/x/credit/types"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the credit Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{k: k}
}

// Score computes an organization's score at the block time from the
// tallies of its records: every record of the window counts, and the work
// grows with the days and counterparties it had dealings with, never with
// the number of records.
func (k Keeper) Score(ctx context.Context, orgID string) (types.Score, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Score{}, err
	}
	now := blockTime(ctx)
	from := types.DayOf(now - int64(params.Formula.WindowSeconds))
	rng := new(collections.Range[tallyKey]).
		Prefix(collections.TriplePrefix[string, int64, string](orgID)).
		StartInclusive(collections.TripleSuperPrefix[string, int64, string](orgID, from))
	var tallies []types.DayTally
	err = k.Tallies.Walk(ctx, rng, func(key tallyKey, t types.Tally) (bool, error) {
		tallies = append(tallies, types.DayTally{Day: key.K2(), Counterparty: key.K3(), Tally: t})
		return false, nil
	})
	if err != nil {
		return types.Score{}, err
	}
	s := types.ComputeTallies(orgID, tallies, params.Formula, now)
	if x, inForce, err := k.Restriction(ctx, orgID); err != nil {
		return s, err
	} else if inForce {
		s.Restriction = &x
	}
	return s, nil
}

func (q queryServer) Score(ctx context.Context, req *types.QueryScoreRequest) (*types.QueryScoreResponse, error) {
	if req == nil || req.OrgId == "" {
		return nil, status.Error(codes.InvalidArgument, "org_id is required")
	}
	if _, err := q.k.membership.GetOrganization(ctx, req.OrgId); err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	s, err := q.k.Score(ctx, req.OrgId)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryScoreResponse{Score: s}, nil
}

func (q queryServer) Record(ctx context.Context, req *types.QueryRecordRequest) (*types.QueryRecordResponse, error) {
	if req == nil {
		req = &types.QueryRecordRequest{}
	}
	r, err := q.k.Records.Get(ctx, req.RecordId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "record %d not found", req.RecordId)
	} else if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryRecordResponse{Record: r}, nil
}

func (q queryServer) Records(ctx context.Context, req *types.QueryRecordsRequest) (*types.QueryRecordsResponse, error) {
	if req == nil || req.OrgId == "" {
		return nil, status.Error(codes.InvalidArgument, "org_id is required")
	}
	page := req.Pagination
	if page == nil {
		page = &query.PageRequest{}
	}
	page.Reverse = true
	records, pageRes, err := query.CollectionPaginate(ctx, q.k.RecordsBySubject, page,
		func(key collections.Pair[string, uint64], _ collections.NoValue) (types.CreditRecord, error) {
			return q.k.Records.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[string, uint64](req.OrgId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryRecordsResponse{Records: records, Pagination: pageRes}, nil
}

func (q queryServer) Restriction(ctx context.Context, req *types.QueryRestrictionRequest) (*types.QueryRestrictionResponse, error) {
	if req == nil || req.OrgId == "" {
		return nil, status.Error(codes.InvalidArgument, "org_id is required")
	}
	x, inForce, err := q.k.Restriction(ctx, req.OrgId)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	if x.OrgId == "" {
		return nil, status.Errorf(codes.NotFound, "organization %s is not on the restriction list", req.OrgId)
	}
	return &types.QueryRestrictionResponse{Restriction: x, InForce: inForce}, nil
}

func (q queryServer) Restrictions(ctx context.Context, req *types.QueryRestrictionsRequest) (*types.QueryRestrictionsResponse, error) {
	if req == nil {
		req = &types.QueryRestrictionsRequest{}
	}
	xs, page, err := query.CollectionPaginate(ctx, q.k.Restrictions, req.Pagination,
		func(_ string, x types.Restriction) (types.Restriction, error) { return x, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryRestrictionsResponse{Restrictions: xs, Pagination: page}, nil
}

func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: p}, nil
}
