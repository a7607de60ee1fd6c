package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/gs1"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the device Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{k: k}
}

// queryError maps registry errors to gRPC codes.
func queryError(err error) error {
	switch {
	case errors.Is(err, types.ErrDeviceNotFound), errors.Is(err, collections.ErrNotFound):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, types.ErrInvalidDevice):
		return status.Error(codes.InvalidArgument, err.Error())
	default:
		return status.Error(codes.Internal, err.Error())
	}
}

func (q queryServer) device(ctx context.Context, ref string) (types.Device, error) {
	d, err := q.k.resolveDevice(ctx, ref)
	if err != nil {
		return d, queryError(err)
	}
	return d, nil
}

func (q queryServer) Device(ctx context.Context, req *types.QueryDeviceRequest) (*types.QueryDeviceResponse, error) {
	if req == nil {
		req = &types.QueryDeviceRequest{}
	}
	d, err := q.device(ctx, req.Device)
	if err != nil {
		return nil, err
	}
	return &types.QueryDeviceResponse{Device: d}, nil
}

func (q queryServer) Devices(ctx context.Context, req *types.QueryDevicesRequest) (*types.QueryDevicesResponse, error) {
	if req == nil {
		req = &types.QueryDevicesRequest{}
	}
	var (
		devices []types.Device
		page    *query.PageResponse
		err     error
	)
	if req.OwnerOrgId != "" {
		devices, page, err = query.CollectionPaginate(ctx, q.k.DevicesByOrg, req.Pagination,
			func(key collections.Pair[string, string], _ collections.NoValue) (types.Device, error) {
				return q.k.Devices.Get(ctx, key.K2())
			}, query.WithCollectionPaginationPairPrefix[string, string](req.OwnerOrgId))
	} else {
		devices, page, err = query.CollectionPaginate(ctx, q.k.Devices, req.Pagination,
			func(_ string, d types.Device) (types.Device, error) { return d, nil })
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryDevicesResponse{Devices: devices, Pagination: page}, nil
}

func (q queryServer) Reading(ctx context.Context, req *types.QueryReadingRequest) (*types.QueryReadingResponse, error) {
	if req == nil {
		req = &types.QueryReadingRequest{}
	}
	d, err := q.device(ctx, req.Device)
	if err != nil {
		return nil, err
	}
	r, found, err := q.k.ReadingAt(ctx, d.Id, req.Counter)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	if !found {
		return nil, status.Errorf(codes.NotFound, "device %s has no reading with counter %d on chain", d.Id, req.Counter)
	}
	return &types.QueryReadingResponse{Reading: r}, nil
}

func (q queryServer) Anchor(ctx context.Context, req *types.QueryAnchorRequest) (*types.QueryAnchorResponse, error) {
	if req == nil {
		req = &types.QueryAnchorRequest{}
	}
	d, err := q.device(ctx, req.Device)
	if err != nil {
		return nil, err
	}
	a, err := q.k.AnchorCovering(ctx, d.Id, req.Counter)
	if err != nil {
		if errors.Is(err, types.ErrAnchorNotFound) {
			return nil, status.Error(codes.NotFound, err.Error())
		}
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryAnchorResponse{Anchor: a}, nil
}

// AnchorCovering returns the anchored batch of a device whose counter
// range holds counter: the one with the highest first counter not above it.
func (k Keeper) AnchorCovering(ctx context.Context, deviceID string, counter uint64) (types.Anchor, error) {
	rng := new(collections.Range[counterKey]).
		StartInclusive(collections.Join(deviceID, uint64(0))).
		EndInclusive(collections.Join(deviceID, counter)).
		Descending()
	it, err := k.Anchors.Iterate(ctx, rng)
	if err != nil {
		return types.Anchor{}, err
	}
	defer it.Close()
	if it.Valid() {
		a, err := it.Value()
		if err != nil {
			return a, err
		}
		if a.Header.LastCounter >= counter {
			return a, nil
		}
	}
	return types.Anchor{}, types.ErrAnchorNotFound.Wrapf("device %s, counter %d", deviceID, counter)
}

func (q queryServer) Anchors(ctx context.Context, req *types.QueryAnchorsRequest) (*types.QueryAnchorsResponse, error) {
	if req == nil {
		req = &types.QueryAnchorsRequest{}
	}
	d, err := q.device(ctx, req.Device)
	if err != nil {
		return nil, err
	}
	anchors, page, err := query.CollectionPaginate(ctx, q.k.Anchors, req.Pagination,
		func(_ counterKey, a types.Anchor) (types.Anchor, error) { return a, nil },
		query.WithCollectionPaginationPairPrefix[string, uint64](d.Id))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryAnchorsResponse{Anchors: anchors, Pagination: page}, nil
}

func (q queryServer) Excursions(ctx context.Context, req *types.QueryExcursionsRequest) (*types.QueryExcursionsResponse, error) {
	if req == nil {
		req = &types.QueryExcursionsRequest{}
	}
	var index collections.KeySet[idPair]
	var prefix string
	switch {
	case req.ObjectId != "" && req.Device != "":
		return nil, status.Error(codes.InvalidArgument, "give object_id or device, not both")
	case req.ObjectId != "":
		id, err := gs1.Parse(req.ObjectId)
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "object_id: %s", err)
		}
		index, prefix = q.k.ExcursionsByObject, id.URI
	case req.Device != "":
		d, err := q.device(ctx, req.Device)
		if err != nil {
			return nil, err
		}
		index, prefix = q.k.ExcursionsByDevice, d.Id
	default:
		return nil, status.Error(codes.InvalidArgument, "object_id or device is required")
	}
	excursions, page, err := query.CollectionPaginate(ctx, index, req.Pagination,
		func(key idPair, _ collections.NoValue) (types.Excursion, error) {
			return q.k.Excursions.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[string, uint64](prefix))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryExcursionsResponse{Excursions: excursions, Pagination: page}, nil
}

func (q queryServer) Clones(ctx context.Context, req *types.QueryClonesRequest) (*types.QueryClonesResponse, error) {
	if req == nil {
		req = &types.QueryClonesRequest{}
	}
	d, err := q.device(ctx, req.Device)
	if err != nil {
		return nil, err
	}
	clones, page, err := query.CollectionPaginate(ctx, q.k.Clones, req.Pagination,
		func(_ counterKey, c types.CloneEvidence) (types.CloneEvidence, error) { return c, nil },
		query.WithCollectionPaginationPairPrefix[string, uint64](d.Id))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryClonesResponse{Clones: clones, Pagination: page}, nil
}

func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: p}, nil
}
