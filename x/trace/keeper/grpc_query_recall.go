package keeper

import (
	"context"
	"errors"
	"strings"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/x/trace/types"
)

func (q queryServer) Recall(ctx context.Context, req *types.QueryRecallRequest) (*types.QueryRecallResponse, error) {
	if req == nil {
		req = &types.QueryRecallRequest{}
	}
	r, err := q.k.Recalls.Get(ctx, req.RecallId)
	if err != nil {
		return nil, notFoundOr(err, "recall %d not found", req.RecallId)
	}
	return &types.QueryRecallResponse{Recall: r}, nil
}

func (q queryServer) Recalls(ctx context.Context, req *types.QueryRecallsRequest) (*types.QueryRecallsResponse, error) {
	if req == nil {
		req = &types.QueryRecallsRequest{}
	}
	rs, page, err := query.CollectionPaginate(ctx, q.k.Recalls, req.Pagination,
		func(_ uint64, r types.Recall) (types.Recall, error) { return r, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryRecallsResponse{Recalls: rs, Pagination: page}, nil
}

func (q queryServer) requireRecall(ctx context.Context, id uint64) error {
	has, err := q.k.Recalls.Has(ctx, id)
	if err != nil {
		return status.Error(codes.Internal, err.Error())
	}
	if !has {
		return status.Errorf(codes.NotFound, "recall %d not found", id)
	}
	return nil
}

func (q queryServer) RecallAffected(ctx context.Context, req *types.QueryRecallAffectedRequest) (*types.QueryRecallAffectedResponse, error) {
	if req == nil {
		req = &types.QueryRecallAffectedRequest{}
	}
	if err := q.requireRecall(ctx, req.RecallId); err != nil {
		return nil, err
	}
	ids, page, err := query.CollectionPaginate(ctx, q.k.RecallAffected, req.Pagination,
		func(key recallKey, _ collections.NoValue) (string, error) { return key.K2(), nil },
		query.WithCollectionPaginationPairPrefix[uint64, string](req.RecallId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryRecallAffectedResponse{ObjectIds: ids, Pagination: page}, nil
}

func (q queryServer) RecallHolders(ctx context.Context, req *types.QueryRecallHoldersRequest) (*types.QueryRecallHoldersResponse, error) {
	if req == nil {
		req = &types.QueryRecallHoldersRequest{}
	}
	if err := q.requireRecall(ctx, req.RecallId); err != nil {
		return nil, err
	}
	holders, page, err := query.CollectionPaginate(ctx, q.k.RecallHolders, req.Pagination,
		func(key recallKey, _ collections.NoValue) (types.RecallHolder, error) {
			h := types.RecallHolder{OrgId: key.K2()}
			ack, err := q.k.RecallAcks.Get(ctx, key)
			switch {
			case err == nil:
				h.Acknowledgement = &ack
			case !errors.Is(err, collections.ErrNotFound):
				return h, err
			}
			return h, nil
		}, query.WithCollectionPaginationPairPrefix[uint64, string](req.RecallId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryRecallHoldersResponse{Holders: holders, Pagination: page}, nil
}

func (q queryServer) Certification(ctx context.Context, req *types.QueryCertificationRequest) (*types.QueryCertificationResponse, error) {
	if req == nil {
		req = &types.QueryCertificationRequest{}
	}
	c, err := q.k.Certifications.Get(ctx, req.CertificationId)
	if err != nil {
		return nil, notFoundOr(err, "certification %d not found", req.CertificationId)
	}
	return &types.QueryCertificationResponse{Certification: c, ValidNow: ValidAt(c, sdkContext(ctx).BlockTime())}, nil
}

func (q queryServer) Certifications(ctx context.Context, req *types.QueryCertificationsRequest) (*types.QueryCertificationsResponse, error) {
	if req == nil || req.Subject == "" {
		return nil, status.Error(codes.InvalidArgument, "subject is required (an object's EPC URN or Digital Link, or an organization ID)")
	}
	subject := req.Subject
	if strings.HasPrefix(subject, "urn:") || strings.HasPrefix(subject, "http") {
		id, err := objectID("subject", subject)
		if err != nil {
			return nil, err
		}
		subject = id
	}
	certs, page, err := query.CollectionPaginate(ctx, q.k.CertsBySubject, req.Pagination,
		func(key collections.Pair[string, uint64], _ collections.NoValue) (types.Certification, error) {
			return q.k.Certifications.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[string, uint64](subject))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryCertificationsResponse{Certifications: certs, Pagination: page}, nil
}
