package keeper

import (
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/trace/epcis"
	"github.com/tracechain/tracechain/x/trace/types"
)

// associationEvent binds a device (parentID) to objects for a time window:
// ADD opens the window at eventTime, DELETE closes it. Sensor readings of
// the device are then attributed to those objects.
func (c *capture) associationEvent(ev *parsedEvent, id string, seq uint64) error {
	if ev.parent == nil {
		return fieldError("parentID", "an AssociationEvent names the device or asset")
	}
	device := ev.parent.URI
	children := ev.childTargets()
	if len(children) == 0 {
		return fieldError("childEPCs", "an AssociationEvent names at least one object")
	}
	at := epcis.FormatTimestamp(ev.eventTime)
	for _, t := range children {
		obj, err := c.sight(t, ev, id)
		if err != nil {
			return err
		}
		if err := requireHolder(obj, c.org); err != nil {
			return err
		}
		open := collections.Join(device, obj.Id)
		openSeq, err := c.OpenAssociations.Get(c.ctx, open)
		isOpen := err == nil
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return err
		}
		noteSeq := seq
		if isOpen {
			noteSeq = openSeq
		}
		if err := c.noteAssociation(device, noteSeq, obj.Id); err != nil {
			return err
		}
		switch ev.action {
		case "ADD":
			if isOpen {
				return types.ErrInvalidEvent.Wrapf("childEPCs: %s is already associated with %s", obj.Id, device)
			}
			a := types.Association{DeviceId: device, ObjectId: obj.Id, StartTime: at, EventId: id, EventSequence: seq}
			if err := c.Associations.Set(c.ctx, collections.Join3(device, seq, obj.Id), a); err != nil {
				return err
			}
			if err := c.OpenAssociations.Set(c.ctx, open, seq); err != nil {
				return err
			}
			if err := c.AssociationsByObject.Set(c.ctx, collections.Join3(obj.Id, device, seq)); err != nil {
				return err
			}
		case "DELETE":
			if !isOpen {
				return types.ErrInvalidEvent.Wrapf("childEPCs: %s is not associated with %s", obj.Id, device)
			}
			key := collections.Join3(device, openSeq, obj.Id)
			a, err := c.Associations.Get(c.ctx, key)
			if err != nil {
				return err
			}
			a.EndTime = at
			if err := c.Associations.Set(c.ctx, key, a); err != nil {
				return err
			}
			if err := c.OpenAssociations.Remove(c.ctx, open); err != nil {
				return err
			}
		}
		// The association is part of the object's history: it becomes the
		// object's last event, so that undoing it stays consistent.
		c.touch(&obj, ev, id)
		if err := c.putObject(obj); err != nil {
			return err
		}
	}
	return nil
}
