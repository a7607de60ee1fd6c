package keeper

import (
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

// childTargets are the objects an AggregationEvent or AssociationEvent
// names under its parent.
func (ev *parsedEvent) childTargets() []target {
	out := make([]target, 0, len(ev.children)+len(ev.childQuantities))
	for _, id := range ev.children {
		out = append(out, target{id: id})
	}
	for i := range ev.childQuantities {
		out = append(out, target{id: ev.childQuantities[i].id, qty: &ev.childQuantities[i]})
	}
	return out
}

func (c *capture) aggregationEvent(ev *parsedEvent, id string) error {
	if ev.parent == nil {
		return fieldError("parentID", "an AggregationEvent names the logistic unit it packs into or unpacks")
	}
	switch ev.action {
	case "ADD":
		return c.pack(*ev.parent, ev.childTargets(), ev, id)
	case "DELETE":
		return c.unpack(*ev.parent, ev.childTargets(), ev, id)
	}
	return c.observe([]target{{id: *ev.parent}}, ev, id, false)
}

// pack puts children into the parent unit, creating the unit if it is new.
func (c *capture) pack(parentID gs1.Identifier, children []target, ev *parsedEvent, id string) error {
	if len(children) == 0 {
		return fieldError("childEPCs", "packing names at least one child")
	}
	parent, err := c.Objects.Get(c.ctx, parentID.URI)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		if err := c.commission(parentID, nil, ev, id, nil, ""); err != nil {
			return err
		}
		if parent, err = c.getObject(c.ctx, parentID.URI); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		if err := requireHolder(parent, c.org); err != nil {
			return err
		}
		if err := c.requireMovable(c.ctx, parent); err != nil {
			return err
		}
	}
	for _, t := range children {
		child, err := c.sight(t, ev, id)
		if err != nil {
			return err
		}
		if err := requireHolder(child, c.org); err != nil {
			return err
		}
		if err := c.requireMovable(c.ctx, child); err != nil {
			return err
		}
		if child.ContainerId != "" {
			return types.ErrAlreadyPacked.Wrapf("%s is already packed in %s", child.Id, child.ContainerId)
		}
		if err := c.requireNoCycle(parent, child.Id); err != nil {
			return err
		}
		if err := c.requireNestingWithinLimit(parent, child); err != nil {
			return err
		}
		child.ContainerId = parent.Id
		c.touch(&child, ev, id)
		if err := c.putObject(child); err != nil {
			return err
		}
		if err := c.setContent(parent.Id, child.Id, true); err != nil {
			return err
		}
		if err := c.edge(child.Id, parent.Id, types.EDGE_KIND_AGGREGATED); err != nil {
			return err
		}
	}
	c.touch(&parent, ev, id)
	return c.putObject(parent)
}

// requireNoCycle refuses packing a unit into itself or into its contents.
func (c *capture) requireNoCycle(parent types.TraceObject, child string) error {
	cur := parent
	for depth := uint32(0); ; depth++ {
		if cur.Id == child {
			return types.ErrContainmentCycle.Wrapf("%s would contain itself", child)
		}
		if cur.ContainerId == "" || depth > c.params.MaxContainmentDepth {
			return nil
		}
		next, err := c.getObject(c.ctx, cur.ContainerId)
		if err != nil {
			return err
		}
		cur = next
	}
}

// requireNestingWithinLimit keeps every stack of logistic units within
// max_containment_depth levels, the depth to which contents move with the
// unit that holds them: anything deeper would be left behind on shipment.
func (c *capture) requireNestingWithinLimit(parent, child types.TraceObject) error {
	limit := int(c.params.MaxContainmentDepth)
	above := 0
	for cur := parent; cur.ContainerId != "" && above <= limit; above++ {
		next, err := c.getObject(c.ctx, cur.ContainerId)
		if err != nil {
			return err
		}
		cur = next
	}
	below := 0
	for level := []string{child.Id}; len(level) > 0 && above+1+below <= limit; below++ {
		var next []string
		for _, id := range level {
			ids, err := c.contentsOf(c.ctx, id)
			if err != nil {
				return err
			}
			next = append(next, ids...)
		}
		if len(next) == 0 {
			break
		}
		level = next
	}
	if depth := above + 1 + below; depth > limit {
		return types.ErrTooLarge.Wrapf("packing %s into %s would stack logistic units %d levels deep, at most %d", child.Id, parent.Id, depth, limit)
	}
	return nil
}

// unpack takes the named children (or all) out of the parent unit.
func (c *capture) unpack(parentID gs1.Identifier, children []target, ev *parsedEvent, id string) error {
	parent, err := c.getObject(c.ctx, parentID.URI)
	if err != nil {
		return err
	}
	if err := requireHolder(parent, c.org); err != nil {
		return err
	}
	ids := make([]string, 0, len(children))
	for _, t := range children {
		ids = append(ids, t.id.URI)
	}
	if len(ids) == 0 {
		if ids, err = c.contentsOf(c.ctx, parent.Id); err != nil {
			return err
		}
	}
	for _, childID := range ids {
		child, err := c.getObject(c.ctx, childID)
		if err != nil {
			return err
		}
		if child.ContainerId != parent.Id {
			return types.ErrNotInContainer.Wrapf("%s is not in %s", childID, parent.Id)
		}
		// The recall reaches the units its goods were packed in when it
		// began: unpacking them first would leave the unit unmarked.
		if err := c.requireRecallSettled(c.ctx, child); err != nil {
			return err
		}
		child.ContainerId = ""
		c.touch(&child, ev, id)
		if err := c.putObject(child); err != nil {
			return err
		}
		if err := c.setContent(parent.Id, childID, false); err != nil {
			return err
		}
	}
	c.touch(&parent, ev, id)
	return c.putObject(parent)
}
