package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

// maxRecallAncestry bounds the upward walk that checks, while a recall is
// still propagating, whether an object derives from recalled goods.
const maxRecallAncestry = 1024

func kindOf(id gs1.Identifier) types.ObjectKind {
	switch id.Kind {
	case gs1.KindLGTIN:
		return types.OBJECT_KIND_LOT
	case gs1.KindSGTIN:
		return types.OBJECT_KIND_ITEM
	case gs1.KindSSCC:
		return types.OBJECT_KIND_LOGISTIC_UNIT
	default:
		return types.OBJECT_KIND_OTHER
	}
}

func gtinOf(id gs1.Identifier) string {
	if id.Kind == gs1.KindLGTIN || id.Kind == gs1.KindSGTIN || id.Kind == gs1.KindGTIN {
		return id.Key
	}
	return ""
}

// getObject loads an object or explains that it was never commissioned.
func (k Keeper) getObject(ctx context.Context, id string) (types.TraceObject, error) {
	obj, err := k.Objects.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return obj, types.ErrObjectNotFound.Wrapf("%s is not commissioned on TraceChain; commission it first (ObjectEvent ADD)", id)
	}
	return obj, err
}

// requireHolder refuses anyone but the owner or the custodian.
func requireHolder(obj types.TraceObject, org string) error {
	if obj.OwnerOrgId == org || obj.CustodianOrgId == org {
		return nil
	}
	return types.ErrNotOwnerOrCustodian.Wrapf("%s is owned by %s and held by %s; you act for %s",
		obj.Id, obj.OwnerOrgId, obj.CustodianOrgId, org)
}

// requireMovable refuses objects that may not move: decommissioned,
// consumed, recalled, or derived from goods a propagating recall has
// already reached.
func (k Keeper) requireMovable(ctx context.Context, obj types.TraceObject) error {
	if obj.Status != types.OBJECT_STATUS_ACTIVE {
		return types.ErrObjectDecommissioned.Wrapf("%s is %s", obj.Id, obj.Status)
	}
	if obj.RecallId != 0 {
		return types.ErrObjectRecalled.Wrapf("%s is under recall %d and cannot move", obj.Id, obj.RecallId)
	}
	return k.requireNoRecalledAncestor(ctx, obj.Id)
}

// requireNoRecalledAncestor matters only while a recall propagates: its
// marks spread a bounded number of objects per block, so an object not yet
// marked may still derive from recalled goods.
func (k Keeper) requireNoRecalledAncestor(ctx context.Context, id string) error {
	ancestor, recall, err := k.recalledAncestor(ctx, id)
	switch {
	case err != nil:
		return err
	case ancestor == "":
		return nil
	case recall == 0:
		return types.ErrRecallInProgress.Wrapf("%s has more than %d ancestors to check; retry once recall propagation completes", id, maxRecallAncestry)
	}
	return types.ErrObjectRecalled.Wrapf("%s derives from %s, which is under recall %d", id, ancestor, recall)
}

// requireRecallSettled refuses to change the genealogy around an object
// (unpack it, undo an event of it) while a recall that covers it is still
// propagating: the recall reaches what the genealogy held when it began,
// and the marks have yet to be written.
func (k Keeper) requireRecallSettled(ctx context.Context, obj types.TraceObject) error {
	active, err := k.recallActive(ctx)
	if err != nil || !active {
		return err
	}
	if obj.RecallId != 0 {
		return types.ErrRecallInProgress.Wrapf("%s is under recall %d, which is still propagating; retry once it completes", obj.Id, obj.RecallId)
	}
	ancestor, recall, err := k.recalledAncestor(ctx, obj.Id)
	if err != nil || ancestor == "" {
		return err
	}
	return types.ErrRecallInProgress.Wrapf("%s derives from %s, recalled (recall %d) and still propagating; retry once it completes", obj.Id, ancestor, recall)
}

func (k Keeper) recallActive(ctx context.Context) (bool, error) {
	iter, err := k.ActiveRecalls.Iterate(ctx, nil)
	if err != nil {
		return false, err
	}
	defer iter.Close()
	return iter.Valid(), nil
}

// recalledAncestor finds, while any recall propagates, an ancestor of the
// object under recall (recall 0: more ancestors than a check may walk,
// which counts as found). Without a propagating recall every recalled
// object's descendants are already marked, and nothing is walked.
func (k Keeper) recalledAncestor(ctx context.Context, id string) (ancestor string, recall uint64, err error) {
	active, err := k.recallActive(ctx)
	if err != nil || !active {
		return "", 0, err
	}
	seen := map[string]bool{id: true}
	queue := []string{id}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		sources, err := k.sourcesOf(ctx, cur)
		if err != nil {
			return "", 0, err
		}
		for _, src := range sources {
			if seen[src] {
				continue
			}
			// A recall follows packing only while the goods are packed: a
			// unit emptied before it began derives nothing from them.
			if followed, err := k.recallFollows(ctx, src, cur); err != nil {
				return "", 0, err
			} else if !followed {
				continue
			}
			seen[src] = true
			if len(seen) > maxRecallAncestry {
				return src, 0, nil
			}
			o, err := k.Objects.Get(ctx, src)
			if err != nil && !errors.Is(err, collections.ErrNotFound) {
				return "", 0, err
			}
			if o.RecallId != 0 {
				return src, o.RecallId, nil
			}
			queue = append(queue, src)
		}
	}
	return "", 0, nil
}

// recallFollows reports whether a recall of from reaches to along their
// edge: always for a transformation, for packing only while to holds from.
func (k Keeper) recallFollows(ctx context.Context, from, to string) (bool, error) {
	e, err := k.Edges.Get(ctx, collections.Join(from, to))
	if errors.Is(err, collections.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if e.Kind != types.EDGE_KIND_AGGREGATED {
		return true, nil
	}
	return k.Contents.Has(ctx, collections.Join(to, from))
}

// sourcesOf lists what an object derives from (EdgesReverse: to, from).
func (k Keeper) sourcesOf(ctx context.Context, id string) ([]string, error) {
	var out []string
	err := k.EdgesReverse.Walk(ctx, collections.NewPrefixedPairRange[string, string](id), func(key strPair) (bool, error) {
		out = append(out, key.K2())
		return false, nil
	})
	return out, err
}

// contentsOf lists what a logistic unit holds now.
func (k Keeper) contentsOf(ctx context.Context, container string) ([]string, error) {
	var out []string
	err := k.Contents.Walk(ctx, collections.NewPrefixedPairRange[string, string](container), func(key strPair) (bool, error) {
		out = append(out, key.K2())
		return false, nil
	})
	return out, err
}

// withContents returns the object and everything packed in it, to the
// containment depth the params allow.
func (k Keeper) withContents(ctx context.Context, root types.TraceObject, maxDepth uint32) ([]types.TraceObject, error) {
	out := []types.TraceObject{root}
	level := []string{root.Id}
	for depth := uint32(0); depth < maxDepth && len(level) > 0; depth++ {
		var next []string
		for _, c := range level {
			ids, err := k.contentsOf(ctx, c)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				o, err := k.getObject(ctx, id)
				if err != nil {
					return nil, err
				}
				out = append(out, o)
				next = append(next, id)
			}
		}
		level = next
	}
	return out, nil
}

// addEdge records that to derives from from.
func (k Keeper) addEdge(ctx context.Context, from, to string, kind types.EdgeKind, eventID string) error {
	key := collections.Join(from, to)
	if has, err := k.Edges.Has(ctx, key); err != nil || has {
		return err
	}
	if err := k.Edges.Set(ctx, key, types.Edge{From: from, To: to, Kind: kind, EventId: eventID}); err != nil {
		return err
	}
	return k.EdgesReverse.Set(ctx, collections.Join(to, from))
}

// GetEvent returns a recorded event: x/service checks delivery evidence.
func (k Keeper) GetEvent(ctx context.Context, eventID string) (types.EventRecord, error) {
	ev, err := k.Events.Get(ctx, eventID)
	if errors.Is(err, collections.ErrNotFound) {
		return ev, types.ErrEventNotFound.Wrapf("event %s is not recorded", eventID)
	}
	return ev, err
}

// HasObject reports whether an object (canonical ID) is commissioned.
func (k Keeper) HasObject(ctx context.Context, id string) (bool, error) {
	return k.Objects.Has(ctx, id)
}
