package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/trace/types"
)

// StorageTargets lists the objects a device (named by its GIAI, as
// AssociationEvents name it) was associated with at atMs, logistic units
// opened to the lots and items they hold now, keeping those whose product
// has a temperature limit. Only associations that can cover atMs are
// looked at: the open ones and those that ended after atMs, so that no
// number of past associations pushes the present ones out. Each
// association and object looked at costs one unit of budget; truncated
// says the budget ran out before all were seen (the caller refuses to
// record a reading it could not check in full).
func (k Keeper) StorageTargets(ctx context.Context, deviceURI string, atMs uint64, budget int) (targets []types.StorageTarget, truncated bool, err error) {
	maxDepth, err := k.containmentDepth(ctx)
	if err != nil {
		return nil, false, err
	}
	w := &targetWalk{k: k, ctx: ctx, atMs: atMs, budget: budget, maxDepth: maxDepth, seen: map[string]bool{}}
	err = k.OpenAssociations.Walk(ctx, collections.NewPrefixedPairRange[string, string](deviceURI), func(key strPair, seq uint64) (bool, error) {
		return w.visit(collections.Join3(deviceURI, seq, key.K2()))
	})
	if err != nil || w.truncated {
		return w.targets, w.truncated, err
	}
	ended := new(collections.Range[assocEndKey]).
		Prefix(collections.TriplePrefix[string, uint64, collections.Pair[uint64, string]](deviceURI)).
		StartInclusive(collections.TripleSuperPrefix[string, uint64, collections.Pair[uint64, string]](deviceURI, atMs+1))
	err = k.AssociationsByEnd.Walk(ctx, ended, func(key assocEndKey) (bool, error) {
		return w.visit(collections.Join3(deviceURI, key.K3().K1(), key.K3().K2()))
	})
	return w.targets, w.truncated, err
}

// targetWalk is one StorageTargets lookup.
type targetWalk struct {
	k        Keeper
	ctx      context.Context
	atMs     uint64
	budget   int
	maxDepth uint32
	seen     map[string]bool

	targets   []types.StorageTarget
	truncated bool
}

// spend takes a unit of budget; it reports false, marking the walk
// truncated, when none is left.
func (w *targetWalk) spend(n int) bool {
	if w.budget < n {
		w.truncated = true
		return false
	}
	w.budget -= n
	return true
}

// visit looks at one association; it returns true to stop the walk.
func (w *targetWalk) visit(key assocKey) (bool, error) {
	if !w.spend(1) {
		return true, nil
	}
	a, err := w.k.Associations.Get(w.ctx, key)
	if err != nil {
		return true, err
	}
	if !associatedAt(a, w.atMs) || w.seen[a.ObjectId] {
		return false, nil
	}
	// A tie counts while the organization that made it owns or holds the
	// goods: once they are handed over, its device no longer speaks for
	// them (and the new holder cannot load the tie with goods of its own).
	tiedTo, err := w.k.Objects.Get(w.ctx, a.ObjectId)
	if errors.Is(err, collections.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return true, err
	}
	if tiedTo.OwnerOrgId != a.OrgId && tiedTo.CustodianOrgId != a.OrgId {
		return false, nil
	}
	w.seen[a.ObjectId] = true
	// Walk the object and, for a logistic unit, what it holds.
	type item struct {
		id, via string
		depth   uint32
	}
	queue := []item{{id: a.ObjectId}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		obj, err := w.k.Objects.Get(w.ctx, cur.id)
		if errors.Is(err, collections.ErrNotFound) {
			continue
		} else if err != nil {
			return true, err
		}
		if obj.Kind == types.OBJECT_KIND_LOGISTIC_UNIT {
			if cur.depth >= w.maxDepth {
				continue
			}
			held, full, err := w.k.heldBy(w.ctx, obj.Id, w.budget)
			if err != nil {
				return true, err
			}
			if !full || !w.spend(len(held)) {
				w.truncated = true
				return true, nil
			}
			for _, h := range held {
				if !w.seen[h] {
					w.seen[h] = true
					queue = append(queue, item{id: h, via: obj.Id, depth: cur.depth + 1})
				}
			}
			continue
		}
		if obj.Gtin == "" {
			continue
		}
		p, err := w.k.Products.Get(w.ctx, obj.Gtin)
		if errors.Is(err, collections.ErrNotFound) {
			continue
		} else if err != nil {
			return true, err
		}
		if p.MinTemperatureCelsius == "" && p.MaxTemperatureCelsius == "" {
			continue
		}
		via := cur.via
		if via == "" && cur.id != a.ObjectId {
			via = a.ObjectId
		}
		w.targets = append(w.targets, types.StorageTarget{
			ObjectID: obj.Id, OwnerOrgID: obj.OwnerOrgId, GTIN: obj.Gtin, MinCelsius: p.MinTemperatureCelsius, MaxCelsius: p.MaxTemperatureCelsius,
			AssociationEventID: a.EventId, AssociatedBy: a.OrgId, Via: via,
		})
	}
	return false, nil
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
