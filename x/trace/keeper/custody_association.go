package keeper

import (
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/trace/types"
)

// associationEvent binds a device (parentID) to objects for a time window:
// ADD opens the window at eventTime, DELETE closes it. Sensor readings of
// the device are then attributed to those objects. A device's GIAI, like
// every GS1 key, belongs to the holder of its company prefix: only that
// organization ties the device to goods, and only to goods it holds, so
// that nobody can point another's sensor at goods to blame it for their
// excursions or hide them. A tie counts only while its organization still
// owns or holds the goods (StorageTargets): handing them over ends what
// its device says about them.
func (c *capture) associationEvent(ev *parsedEvent, id string, seq uint64) error {
	if ev.parent == nil {
		return fieldError("parentID", "an AssociationEvent names the device or asset")
	}
	if err := c.requirePrefixOf(c.ctx, *ev.parent, c.org); err != nil {
		return errorsmod.Wrap(err, "parentID: only the organization holding a device's or asset's company prefix ties it to goods")
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
		// Tying needs the goods; untying does not: the device's organization
		// may always end a tie it made, wherever the goods have gone since.
		if ev.action == "ADD" {
			if err := requireHolder(obj, c.org); err != nil {
				return err
			}
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
			a := types.Association{DeviceId: device, ObjectId: obj.Id, StartTime: at, EventId: id, EventSequence: seq, OrgId: c.org}
			if err := c.putAssociation(c.ctx, a); err != nil {
				return err
			}
		case "DELETE":
			if !isOpen {
				return types.ErrInvalidEvent.Wrapf("childEPCs: %s is not associated with %s", obj.Id, device)
			}
			a, err := c.Associations.Get(c.ctx, collections.Join3(device, openSeq, obj.Id))
			if err != nil {
				return err
			}
			a.EndTime = at
			if err := c.putAssociation(c.ctx, a); err != nil {
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
