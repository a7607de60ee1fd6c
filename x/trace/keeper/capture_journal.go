package keeper

import (
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/trace/types"
)

// Every change an event makes goes through these writers, which note the
// prior value first (once per key) in the event's undo journal. An error
// declaration replays the journal backwards to undo the event.
//
// An object's previous last event can no longer be undone once another
// event changes the object, so its journal is dropped then: journals are
// kept only for events still at the frontier, which bounds their storage.

// journal is one event's undo record in progress.
type journal struct {
	undo types.EventUndo
	seen map[string]bool
}

func newJournal(eventID string) *journal {
	return &journal{undo: types.EventUndo{EventId: eventID}, seen: map[string]bool{}}
}

func (j *journal) first(key string) bool {
	if j.seen[key] {
		return false
	}
	j.seen[key] = true
	return true
}

func (j *journal) empty() bool {
	u := j.undo
	return len(u.Objects)+len(u.Shipments)+len(u.Contents)+len(u.Edges)+len(u.Associations) == 0
}

// putObject writes an object, noting its prior state.
func (c *capture) putObject(obj types.TraceObject) error {
	if c.journal.first("o/" + obj.Id) {
		prior, err := c.Objects.Get(c.ctx, obj.Id)
		switch {
		case errors.Is(err, collections.ErrNotFound):
			c.journal.undo.Objects = append(c.journal.undo.Objects, types.PriorObject{Id: obj.Id})
		case err != nil:
			return err
		default:
			c.journal.undo.Objects = append(c.journal.undo.Objects, types.PriorObject{Id: obj.Id, Object: &prior})
			if prior.LastEventId != "" && prior.LastEventId != c.journal.undo.EventId {
				if err := c.EventUndos.Remove(c.ctx, prior.LastEventId); err != nil {
					return err
				}
			}
		}
	}
	obj.LastEventId = c.journal.undo.EventId
	return c.Objects.Set(c.ctx, obj.Id, obj)
}

func (c *capture) noteShipment(objectID string) error {
	if !c.journal.first("s/" + objectID) {
		return nil
	}
	sh, pending, err := c.pendingShipment(objectID)
	if err != nil {
		return err
	}
	p := types.PriorShipment{ObjectId: objectID}
	if pending {
		p.Shipment = &sh
	}
	c.journal.undo.Shipments = append(c.journal.undo.Shipments, p)
	return nil
}

// putShipment starts a shipment, noting any prior one.
func (c *capture) putShipment(sh types.Shipment) error {
	if err := c.noteShipment(sh.ObjectId); err != nil {
		return err
	}
	return c.Shipments.Set(c.ctx, sh.ObjectId, sh)
}

// removeShipment completes a shipment, noting it.
func (c *capture) removeShipment(objectID string) error {
	if err := c.noteShipment(objectID); err != nil {
		return err
	}
	return c.Shipments.Remove(c.ctx, objectID)
}

// setContent packs (held) or unpacks an object, noting the prior state.
func (c *capture) setContent(container, object string, held bool) error {
	key := collections.Join(container, object)
	if c.journal.first("c/" + container + "\x00" + object) {
		was, err := c.Contents.Has(c.ctx, key)
		if err != nil {
			return err
		}
		c.journal.undo.Contents = append(c.journal.undo.Contents, types.PriorContent{ContainerId: container, ObjectId: object, Held: was})
	}
	if held {
		return c.Contents.Set(c.ctx, key)
	}
	return c.Contents.Remove(c.ctx, key)
}

// edge adds a genealogy edge, noting it if it is new.
func (c *capture) edge(from, to string, kind types.EdgeKind) error {
	has, err := c.Edges.Has(c.ctx, collections.Join(from, to))
	if err != nil || has {
		return err
	}
	e := types.Edge{From: from, To: to, Kind: kind, EventId: c.journal.undo.EventId}
	c.journal.undo.Edges = append(c.journal.undo.Edges, e)
	return c.addEdge(c.ctx, from, to, kind, e.EventId)
}

// noteAssociation records an association and its open marker before change.
func (c *capture) noteAssociation(device string, seq uint64, object string) error {
	if !c.journal.first("a/" + device + "\x00" + object) {
		return nil
	}
	p := types.PriorAssociation{DeviceId: device, EventSequence: seq, ObjectId: object}
	a, err := c.Associations.Get(c.ctx, collections.Join3(device, seq, object))
	switch {
	case err == nil:
		p.Association = &a
	case !errors.Is(err, collections.ErrNotFound):
		return err
	}
	openSeq, err := c.OpenAssociations.Get(c.ctx, collections.Join(device, object))
	switch {
	case err == nil:
		p.Open, p.OpenSequence = true, openSeq
	case !errors.Is(err, collections.ErrNotFound):
		return err
	}
	c.journal.undo.Associations = append(c.journal.undo.Associations, p)
	return nil
}

// saveJournal keeps the event's undo record, if it changed anything.
func (c *capture) saveJournal() error {
	if c.journal.empty() {
		return nil
	}
	return c.EventUndos.Set(c.ctx, c.journal.undo.EventId, c.journal.undo)
}
