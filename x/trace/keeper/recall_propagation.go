package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/trace/types"
)

// A recall spreads breadth-first down the genealogy: from a lot to what
// was made from it (transformation outputs) and to the logistic units it
// is packed in, then on from those. Every object is marked when it enters
// the queue; taking an object off the queue follows its products. One
// unit of work is one product edge examined or one object taken off the
// queue, and EndBlock spends at most
// Params.RecallWorkPerBlock units per block across all recalls.

// markRecalled marks an object as affected by the recall, records its
// holders and queues it so that its products are followed.
func (k Keeper) markRecalled(ctx context.Context, recall *types.Recall, obj types.TraceObject) error {
	if err := k.RecallAffected.Set(ctx, collections.Join(recall.Id, obj.Id)); err != nil {
		return err
	}
	recall.AffectedCount++
	if obj.RecallId == 0 {
		obj.RecallId = recall.Id
		obj.UpdatedHeight = blockHeight(ctx)
		if err := k.Objects.Set(ctx, obj.Id, obj); err != nil {
			return err
		}
	}
	holders := []string{obj.OwnerOrgId, obj.CustodianOrgId}
	sh, err := k.Shipments.Get(ctx, obj.Id)
	switch {
	case err == nil:
		holders = append(holders, sh.ToOrgId)
	case !errors.Is(err, collections.ErrNotFound):
		return err
	}
	for _, h := range holders {
		if h == "" {
			continue
		}
		key := collections.Join(recall.Id, h)
		if has, err := k.RecallHolders.Has(ctx, key); err != nil {
			return err
		} else if has {
			continue
		}
		if err := k.RecallHolders.Set(ctx, key); err != nil {
			return err
		}
		recall.HolderCount++
	}
	if err := k.RecallQueue.Set(ctx, collections.Join(recall.Id, recall.QueueTail), obj.Id); err != nil {
		return err
	}
	recall.QueueTail++
	return nil
}

// PropagateRecalls spends this block's recall work, oldest recall first.
func (k Keeper) PropagateRecalls(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	budget := uint64(params.RecallWorkPerBlock)
	// Each recall taken up either completes or spends at least a unit, so
	// no more recalls than units are read: many open recalls cost a block
	// no more than its budget.
	var active []uint64
	err = k.ActiveRecalls.Walk(ctx, nil, func(id uint64) (bool, error) {
		active = append(active, id)
		return uint64(len(active)) >= budget, nil
	})
	if err != nil {
		return err
	}
	for _, id := range active {
		if budget == 0 {
			return nil
		}
		recall, err := k.Recalls.Get(ctx, id)
		if err != nil {
			return err
		}
		before := recall.AffectedCount
		used, err := k.propagate(ctx, &recall, budget)
		if err != nil {
			return err
		}
		budget -= used
		complete := recall.QueueHead == recall.QueueTail
		if complete {
			recall.State = types.RECALL_STATE_COMPLETE
			recall.CompletedHeight = blockHeight(ctx)
			if err := k.ActiveRecalls.Remove(ctx, id); err != nil {
				return err
			}
		}
		if err := k.Recalls.Set(ctx, id, recall); err != nil {
			return err
		}
		if err := k.emit(ctx, &types.EventRecallProgress{
			RecallId: id, Marked: recall.AffectedCount - before, AffectedCount: recall.AffectedCount, Complete: complete,
		}); err != nil {
			return err
		}
	}
	return nil
}

// propagate follows product edges from the queue head on, at most budget
// of them, and returns how many it examined.
func (k Keeper) propagate(ctx context.Context, recall *types.Recall, budget uint64) (uint64, error) {
	var used uint64
	for used < budget && recall.QueueHead < recall.QueueTail {
		headKey := collections.Join(recall.Id, recall.QueueHead)
		from, err := k.RecallQueue.Get(ctx, headKey)
		if err != nil {
			return used, err
		}
		rng := collections.NewPrefixedPairRange[string, string](from)
		if recall.ResumeAfter != "" {
			rng = rng.StartExclusive(recall.ResumeAfter)
		}
		iter, err := k.Edges.Iterate(ctx, rng)
		if err != nil {
			return used, err
		}
		exhausted := true
		for ; iter.Valid(); iter.Next() {
			if used == budget {
				exhausted = false
				break
			}
			kv, err := iter.KeyValue()
			if err != nil {
				iter.Close()
				return used, err
			}
			used++
			recall.ResumeAfter = kv.Key.K2()
			if err := k.follow(ctx, recall, kv.Value); err != nil {
				iter.Close()
				return used, err
			}
		}
		iter.Close()
		if !exhausted {
			break
		}
		// Taking an object off the queue is work too, so that a recall of
		// many objects without products still spreads within the budget.
		if used < budget {
			used++
		}
		if err := k.RecallQueue.Remove(ctx, headKey); err != nil {
			return used, err
		}
		recall.QueueHead++
		recall.ResumeAfter = ""
	}
	return used, nil
}

// follow marks the product an edge leads to, unless already marked. A
// logistic unit is followed only while it still holds the recalled goods:
// a pallet unpacked long ago is not contaminated by them.
func (k Keeper) follow(ctx context.Context, recall *types.Recall, edge types.Edge) error {
	if done, err := k.RecallAffected.Has(ctx, collections.Join(recall.Id, edge.To)); err != nil || done {
		return err
	}
	if followed, err := k.recallFollows(ctx, edge.From, edge.To); err != nil || !followed {
		return err
	}
	obj, err := k.Objects.Get(ctx, edge.To)
	if errors.Is(err, collections.ErrNotFound) {
		return nil // edges only ever lead to commissioned objects; nothing to mark otherwise
	} else if err != nil {
		return err
	}
	return k.markRecalled(ctx, recall, obj)
}
