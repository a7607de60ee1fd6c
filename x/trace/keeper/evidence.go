package keeper

import (
	"context"
	"errors"
	"sort"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/trace/types"
)

// maxEvidenceObjects bounds the objects an order's evidence may concern.
const maxEvidenceObjects = 256

// ObjectsAround is what evidence about objects may name: the objects, the
// logistic units they are or were packed in, and what those of them that
// are units hold now, to the containment depth — at most 256 objects.
// x/service ties an order's delivery evidence to its linked objects with it.
func (k Keeper) ObjectsAround(ctx context.Context, ids []string) (map[string]bool, error) {
	depth, err := k.containmentDepth(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	up, down := append([]string(nil), ids...), append([]string(nil), ids...)
	for d := uint32(0); d < depth && len(out) < maxEvidenceObjects; d++ {
		var nextUp, nextDown []string
		for _, id := range up {
			err := k.Edges.Walk(ctx, collections.NewPrefixedPairRange[string, string](id), func(key strPair, e types.Edge) (bool, error) {
				if e.Kind == types.EDGE_KIND_AGGREGATED && !out[key.K2()] {
					out[key.K2()] = true
					nextUp = append(nextUp, key.K2())
				}
				return len(out) >= maxEvidenceObjects, nil
			})
			if err != nil {
				return nil, err
			}
		}
		for _, id := range down {
			held, _, err := k.heldBy(ctx, id, maxEvidenceObjects-len(out))
			if err != nil {
				return nil, err
			}
			for _, h := range held {
				if !out[h] {
					out[h] = true
					nextDown = append(nextDown, h)
				}
			}
		}
		up, down = nextUp, nextDown
	}
	return out, nil
}

// DeviceTiedDuring reports whether a device (its GIAI) was associated with
// one of the objects at some time in [fromMs, toMs].
func (k Keeper) DeviceTiedDuring(ctx context.Context, deviceURI string, objects map[string]bool, fromMs, toMs uint64) (bool, error) {
	for _, id := range sortedSet(objects) {
		tied := false
		err := k.AssociationsByObject.Walk(ctx, collections.NewSuperPrefixedTripleRange[string, string, uint64](id, deviceURI), func(key objDevKey) (bool, error) {
			a, err := k.Associations.Get(ctx, collections.Join3(deviceURI, key.K3(), id))
			if errors.Is(err, collections.ErrNotFound) {
				return false, nil
			} else if err != nil {
				return true, err
			}
			tied = overlaps(a, fromMs, toMs)
			return tied, nil
		})
		if err != nil || tied {
			return tied, err
		}
	}
	return false, nil
}

// overlaps: the association's window [start, end) meets [fromMs, toMs].
func overlaps(a types.Association, fromMs, toMs uint64) bool {
	start, err := epcis.ParseTimestamp(a.StartTime)
	if err != nil || uint64(max(start.UnixMilli(), 0)) > toMs {
		return false
	}
	if a.EndTime == "" {
		return true
	}
	end, err := epcis.ParseTimestamp(a.EndTime)
	return err == nil && uint64(max(end.UnixMilli(), 0)) > fromMs
}

func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
