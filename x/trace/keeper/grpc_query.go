package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the trace Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{k: k}
}

// objectID reads an identifier given as an EPC URN or a Digital Link URI.
func objectID(field, raw string) (string, error) {
	if raw == "" {
		return "", status.Errorf(codes.InvalidArgument, "%s is required (EPC URN or GS1 Digital Link URI)", field)
	}
	id, err := gs1.Parse(raw)
	if err != nil {
		return "", status.Errorf(codes.InvalidArgument, "%s: %s", field, err)
	}
	return id.URI, nil
}

// notFoundOr maps a missing key to NotFound and anything else to Internal.
func notFoundOr(err error, format string, args ...any) error {
	if errors.Is(err, collections.ErrNotFound) {
		return status.Errorf(codes.NotFound, format, args...)
	}
	return status.Error(codes.Internal, err.Error())
}

func (q queryServer) Object(ctx context.Context, req *types.QueryObjectRequest) (*types.QueryObjectResponse, error) {
	if req == nil {
		req = &types.QueryObjectRequest{}
	}
	id, err := objectID("id", req.Id)
	if err != nil {
		return nil, err
	}
	obj, err := q.k.Objects.Get(ctx, id)
	if err != nil {
		return nil, notFoundOr(err, "object %s is not commissioned", id)
	}
	resp := &types.QueryObjectResponse{Object: obj}
	sh, err := q.k.Shipments.Get(ctx, id)
	switch {
	case err == nil:
		resp.Shipment = &sh
	case !errors.Is(err, collections.ErrNotFound):
		return nil, status.Error(codes.Internal, err.Error())
	}
	return resp, nil
}

func (q queryServer) Objects(ctx context.Context, req *types.QueryObjectsRequest) (*types.QueryObjectsResponse, error) {
	if req == nil {
		req = &types.QueryObjectsRequest{}
	}
	objs, page, err := query.CollectionPaginate(ctx, q.k.Objects, req.Pagination,
		func(_ string, o types.TraceObject) (types.TraceObject, error) { return o, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryObjectsResponse{Objects: objs, Pagination: page}, nil
}

func (q queryServer) ObjectEvents(ctx context.Context, req *types.QueryObjectEventsRequest) (*types.QueryObjectEventsResponse, error) {
	if req == nil {
		req = &types.QueryObjectEventsRequest{}
	}
	id, err := objectID("id", req.Id)
	if err != nil {
		return nil, err
	}
	if has, err := q.k.Objects.Has(ctx, id); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	} else if !has {
		return nil, status.Errorf(codes.NotFound, "object %s is not commissioned", id)
	}
	events, page, err := query.CollectionPaginate(ctx, q.k.ObjectEvents, req.Pagination,
		func(key objSeqPair, _ collections.NoValue) (types.EventRecord, error) {
			eventID, err := q.k.EventsBySequence.Get(ctx, key.K2())
			if err != nil {
				return types.EventRecord{}, err
			}
			return q.k.Events.Get(ctx, eventID)
		}, query.WithCollectionPaginationPairPrefix[string, uint64](id))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryObjectEventsResponse{Events: events, Pagination: page}, nil
}

func (q queryServer) Event(ctx context.Context, req *types.QueryEventRequest) (*types.QueryEventResponse, error) {
	if req == nil || req.EventId == "" {
		return nil, status.Error(codes.InvalidArgument, "event_id is required")
	}
	ev, err := q.k.Events.Get(ctx, req.EventId)
	if err != nil {
		return nil, notFoundOr(err, "event %s not found", req.EventId)
	}
	return &types.QueryEventResponse{Event: ev}, nil
}

func (q queryServer) Product(ctx context.Context, req *types.QueryProductRequest) (*types.QueryProductResponse, error) {
	if req == nil {
		req = &types.QueryProductRequest{}
	}
	gtin, err := gs1.ParseGTIN(req.Gtin)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "gtin: %s", err)
	}
	p, err := q.k.Products.Get(ctx, gtin)
	if err != nil {
		return nil, notFoundOr(err, "product %s is not registered", gtin)
	}
	return &types.QueryProductResponse{Product: p}, nil
}

func (q queryServer) Products(ctx context.Context, req *types.QueryProductsRequest) (*types.QueryProductsResponse, error) {
	if req == nil {
		req = &types.QueryProductsRequest{}
	}
	ps, page, err := query.CollectionPaginate(ctx, q.k.Products, req.Pagination,
		func(_ string, p types.Product) (types.Product, error) { return p, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryProductsResponse{Products: ps, Pagination: page}, nil
}

func (q queryServer) Location(ctx context.Context, req *types.QueryLocationRequest) (*types.QueryLocationResponse, error) {
	if req == nil {
		req = &types.QueryLocationRequest{}
	}
	id, err := ParseLocationID(req.Id)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "id: %s", err)
	}
	loc, err := q.k.Locations.Get(ctx, id.URI)
	if err != nil {
		return nil, notFoundOr(err, "location %s is not registered", id.URI)
	}
	return &types.QueryLocationResponse{Location: loc}, nil
}

func (q queryServer) Locations(ctx context.Context, req *types.QueryLocationsRequest) (*types.QueryLocationsResponse, error) {
	if req == nil {
		req = &types.QueryLocationsRequest{}
	}
	ls, page, err := query.CollectionPaginate(ctx, q.k.Locations, req.Pagination,
		func(_ string, l types.Location) (types.Location, error) { return l, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryLocationsResponse{Locations: ls, Pagination: page}, nil
}

func (q queryServer) CompanyPrefixes(ctx context.Context, req *types.QueryCompanyPrefixesRequest) (*types.QueryCompanyPrefixesResponse, error) {
	if req == nil {
		req = &types.QueryCompanyPrefixesRequest{}
	}
	ps, page, err := query.CollectionPaginate(ctx, q.k.CompanyPrefixes, req.Pagination,
		func(prefix, org string) (types.CompanyPrefix, error) {
			return types.CompanyPrefix{Prefix: prefix, OrgId: org}, nil
		})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryCompanyPrefixesResponse{CompanyPrefixes: ps, Pagination: page}, nil
}

func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: p}, nil
}
