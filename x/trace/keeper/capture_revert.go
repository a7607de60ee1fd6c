package keeper

import (
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/trace/types"
)

// revert undoes an event declared erroneous, from its journal. It reports
// false, changing nothing, when the event can no longer be undone: a later
// event changed one of its objects (the journal is gone, or an object's
// last event is another), or a recall has marked one of them: recalled
// goods and their genealogy stay as the recall found them. While a recall
// that may cover one of them still propagates, it refuses
// (ErrRecallInProgress): the declaration is to be made again later.
func (c *capture) revert(eventID string) (bool, error) {
	undo, err := c.EventUndos.Get(c.ctx, eventID)
	if errors.Is(err, collections.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	for _, p := range undo.Objects {
		cur, err := c.Objects.Get(c.ctx, p.Id)
		if err != nil {
			return false, err
		}
		if cur.LastEventId != eventID || cur.RecallId != 0 {
			return false, nil
		}
		if ancestor, recall, err := c.recalledAncestor(c.ctx, cur.Id); err != nil {
			return false, err
		} else if ancestor != "" {
			// Refused rather than recorded as final: once the recall has
			// marked what it covers, the declaration can be made again.
			return false, types.ErrRecallInProgress.Wrapf("errorDeclaration: %s derives from %s, under recall %d (0: too many ancestors to check) still propagating; declare the event again once it completes",
				cur.Id, ancestor, recall)
		}
	}
	sdkContext(c.ctx).GasMeter().ConsumeGas(c.params.GasPerIdentifier*uint64(len(undo.Objects)), "trace: revert event")
	for _, p := range undo.Objects {
		if p.Object == nil {
			err = c.Objects.Remove(c.ctx, p.Id)
		} else {
			err = c.Objects.Set(c.ctx, p.Id, *p.Object)
		}
		if err != nil {
			return false, err
		}
	}
	for _, p := range undo.Shipments {
		if p.Shipment == nil {
			err = c.Shipments.Remove(c.ctx, p.ObjectId)
		} else {
			err = c.Shipments.Set(c.ctx, p.ObjectId, *p.Shipment)
		}
		if err != nil {
			return false, err
		}
	}
	for _, p := range undo.Contents {
		key := collections.Join(p.ContainerId, p.ObjectId)
		if p.Held {
			err = c.Contents.Set(c.ctx, key)
		} else {
			err = c.Contents.Remove(c.ctx, key)
		}
		if err != nil {
			return false, err
		}
	}
	for _, e := range undo.Edges {
		if err := c.Edges.Remove(c.ctx, collections.Join(e.From, e.To)); err != nil {
			return false, err
		}
		if err := c.EdgesReverse.Remove(c.ctx, collections.Join(e.To, e.From)); err != nil {
			return false, err
		}
	}
	for _, p := range undo.Associations {
		if err := c.restoreAssociation(p); err != nil {
			return false, err
		}
	}
	return true, c.EventUndos.Remove(c.ctx, eventID)
}

func (c *capture) restoreAssociation(p types.PriorAssociation) error {
	var err error
	if p.Association == nil {
		err = c.removeAssociation(c.ctx, p.DeviceId, p.EventSequence, p.ObjectId)
	} else {
		err = c.putAssociation(c.ctx, *p.Association)
	}
	if err != nil {
		return err
	}
	open := collections.Join(p.DeviceId, p.ObjectId)
	if p.Open {
		return c.OpenAssociations.Set(c.ctx, open, p.OpenSequence)
	}
	return c.OpenAssociations.Remove(c.ctx, open)
}
