package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/trace/epcis"
	"github.com/tracechain/tracechain/x/trace/types"
)

// StorageTarget is an object a device's reading is about, with the
// storage limits of its product: what x/device checks readings against.
type StorageTarget struct {
	ObjectID   string
	OwnerOrgID string
	GTIN       string
	MinCelsius string // empty: no lower limit
	MaxCelsius string // empty: no upper limit
	// The AssociationEvent that tied the device to the object, and the
	// logistic unit it went through when the object is packed in one.
	AssociationEventID string
	Via                string
}

// StorageTargets lists the objects a device (named by its GIAI, as
// AssociationEvents name it) was associated with at atMs, logistic units
// opened to the lots and items they hold now, keeping those whose product
// has a temperature limit. It looks at no more than budget associations
// and objects, newest associations first (readings are recent), so that
// the work per reading stays bounded; truncated says the budget ran out.
func (k Keeper) StorageTargets(ctx context.Context, deviceURI string, atMs uint64, budget int) (targets []StorageTarget, truncated bool, err error) {
	rng := collections.NewPrefixedTripleRangeReversed[string, uint64, string](deviceURI)
	it, err := k.Associations.Iterate(ctx, rng)
	if err != nil {
		return nil, false, err
	}
	defer it.Close()
	maxDepth, err := k.containmentDepth(ctx)
	if err != nil {
		return nil, false, err
	}
	seen := map[string]bool{}
	for ; it.Valid(); it.Next() {
		if budget <= 0 {
			return targets, true, nil
		}
		budget--
		a, err := it.Value()
		if err != nil {
			return nil, false, err
		}
		if !associatedAt(a, atMs) || seen[a.ObjectId] {
			continue
		}
		seen[a.ObjectId] = true
		// Walk the object and, for a logistic unit, what it holds.
		type item struct {
			id, via string
			depth   uint32
		}
		queue := []item{{id: a.ObjectId}}
		for len(queue) > 0 {
			cur := queue[0]
			queue = queue[1:]
			obj, err := k.Objects.Get(ctx, cur.id)
			if errors.Is(err, collections.ErrNotFound) {
				continue
			} else if err != nil {
				return nil, false, err
			}
			if obj.Kind == types.OBJECT_KIND_LOGISTIC_UNIT {
				if cur.depth >= maxDepth {
					continue
				}
				held, full, err := k.heldBy(ctx, obj.Id, budget)
				if err != nil {
					return nil, false, err
				}
				budget -= len(held)
				for _, h := range held {
					if !seen[h] {
						seen[h] = true
						queue = append(queue, item{id: h, via: obj.Id, depth: cur.depth + 1})
					}
				}
				if !full {
					return targets, true, nil
				}
				continue
			}
			if obj.Gtin == "" {
				continue
			}
			p, err := k.Products.Get(ctx, obj.Gtin)
			if errors.Is(err, collections.ErrNotFound) {
				continue
			} else if err != nil {
				return nil, false, err
			}
			if p.MinTemperatureCelsius == "" && p.MaxTemperatureCelsius == "" {
				continue
			}
			via := cur.via
			if via == "" && cur.id != a.ObjectId {
				via = a.ObjectId
			}
			targets = append(targets, StorageTarget{
				ObjectID: obj.Id, OwnerOrgID: obj.OwnerOrgId, GTIN: obj.Gtin, MinCelsius: p.MinTemperatureCelsius, MaxCelsius: p.MaxTemperatureCelsius,
				AssociationEventID: a.EventId, Via: via,
			})
		}
	}
	return targets, false, nil
}

// associatedAt: the association had begun at atMs and not yet ended.
func associatedAt(a types.Association, atMs uint64) bool {
	start, err := epcis.ParseTimestamp(a.StartTime)
	if err != nil || uint64(start.UnixMilli()) > atMs {
		return false
	}
	if a.EndTime == "" {
		return true
	}
	end, err := epcis.ParseTimestamp(a.EndTime)
	return err == nil && atMs < uint64(end.UnixMilli())
}

// heldBy lists up to budget objects packed in a logistic unit; full is
// false when there were more.
func (k Keeper) heldBy(ctx context.Context, container string, budget int) (held []string, full bool, err error) {
	it, err := k.Contents.Iterate(ctx, collections.NewPrefixedPairRange[string, string](container))
	if err != nil {
		return nil, false, err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		if len(held) >= budget {
			return held, false, nil
		}
		key, err := it.Key()
		if err != nil {
			return nil, false, err
		}
		held = append(held, key.K2())
	}
	return held, true, nil
}

func (k Keeper) containmentDepth(ctx context.Context) (uint32, error) {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	return p.MaxContainmentDepth, nil
}
