package keeper

import (
	"context"
	"encoding/binary"
	"math"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/x/device/types"
)

// Readings pages through a device's readings in counter order. Readings
// are stored in runs (reading_runs.go), so the page is counted in readings
// here rather than by the SDK's paginator, which would count runs. A page
// key is the 8-byte big-endian counter the next page starts at, as it was
// when every reading was a state entry of its own.
func (q queryServer) Readings(ctx context.Context, req *types.QueryReadingsRequest) (*types.QueryReadingsResponse, error) {
	if req == nil {
		req = &types.QueryReadingsRequest{}
	}
	d, err := q.device(ctx, req.Device)
	if err != nil {
		return nil, err
	}
	page := req.Pagination
	if page == nil {
		page = &query.PageRequest{}
	}
	if len(page.Key) > 0 && page.Offset > 0 {
		return nil, status.Error(codes.InvalidArgument, "pagination: give either key or offset, not both")
	}
	lo, hi := req.FromCounter, uint64(math.MaxUint64)
	if len(page.Key) > 0 {
		if len(page.Key) != 8 {
			return nil, status.Errorf(codes.InvalidArgument,
				"pagination.key: %d bytes; a readings page key is the 8-byte counter of the page's first reading (next_key of the page before)", len(page.Key))
		}
		if at := binary.BigEndian.Uint64(page.Key); page.Reverse {
			hi = at
		} else {
			lo = max(lo, at)
		}
	}
	limit := page.Limit
	if limit == 0 {
		limit = query.DefaultLimit
	}
	// As the SDK's paginator: a total only for a first page or an offset.
	countTotal := page.CountTotal && len(page.Key) == 0
	var (
		readings       []types.StoredReading
		next           []byte
		total, skipped uint64
	)
	err = q.k.walkReadings(ctx, d.Id, lo, hi, page.Reverse, func(r types.StoredReading) (bool, error) {
		total++
		switch {
		case skipped < page.Offset:
			skipped++
		case uint64(len(readings)) < limit:
			readings = append(readings, r)
		case next == nil:
			next = binary.BigEndian.AppendUint64(nil, r.Reading.Counter)
			return !countTotal, nil
		}
		return false, nil
	})
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	res := &query.PageResponse{NextKey: next}
	if countTotal {
		res.Total = total
	}
	return &types.QueryReadingsResponse{Readings: readings, Pagination: res}, nil
}
