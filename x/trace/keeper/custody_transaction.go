package keeper

import (
	"github.com/tracechain/tracechain/x/trace/types"
)

// transactionEvent ties goods to a business transaction. A destination
// owning_party sells them: ownership moves now, or on receipt when a
// possessing_party is also named (then it is a shipment).
func (c *capture) transactionEvent(ev *parsedEvent, id string) error {
	if !ev.hasBizTransactions {
		return fieldError("bizTransactionList", "a TransactionEvent names at least one business transaction")
	}
	targets := ev.targets()
	if ev.parent != nil {
		targets = append(targets, target{id: *ev.parent})
	}
	if ev.action == "DELETE" || len(ev.destinations) == 0 {
		return c.observe(targets, ev, id, false)
	}
	_, owner, err := c.destination(ev)
	if err != nil {
		return err
	}
	hasPossessor := false
	for _, d := range ev.destinations {
		hasPossessor = hasPossessor || d.typ == "possessing_party"
	}
	if hasPossessor {
		return c.ship(targets, ev, id)
	}
	if owner == "" {
		// Only locations named: where the goods go, not who owns them.
		return c.observe(targets, ev, id, false)
	}
	for _, t := range targets {
		if err := c.sell(t, owner, ev, id); err != nil {
			return err
		}
	}
	return nil
}

// sell moves ownership of an object, and of everything packed in it, now;
// custody stays where it is. Only the owner sells, and a unit is sold only
// with contents the seller owns.
func (c *capture) sell(t target, owner string, ev *parsedEvent, id string) error {
	obj, err := c.sight(t, ev, id)
	if err != nil {
		return err
	}
	if obj.OwnerOrgId != c.org {
		return types.ErrNotOwner.Wrapf("only the owner sells: %s is owned by %s, you act for %s", obj.Id, obj.OwnerOrgId, c.org)
	}
	if obj.ContainerId != "" {
		return types.ErrAlreadyPacked.Wrapf("%s is packed in %s; sell the logistic unit, or unpack it first", obj.Id, obj.ContainerId)
	}
	if err := requireWholeLot(obj, t.qty); err != nil {
		return err
	}
	all, err := c.withContents(c.ctx, obj, c.params.MaxContainmentDepth)
	if err != nil {
		return err
	}
	for i := range all {
		if err := c.requireMovable(c.ctx, all[i]); err != nil {
			return err
		}
	}
	if err := c.requireMayTransfer(all, owner); err != nil {
		return err
	}
	for i := range all {
		previous := all[i].OwnerOrgId
		all[i].OwnerOrgId = owner
		if i == 0 {
			c.touch(&all[i], ev, id)
		}
		if err := c.putObject(all[i]); err != nil {
			return err
		}
		if err := c.emit(c.ctx, &types.EventOwnershipTransferred{ObjectId: all[i].Id, PreviousOwner: previous, NewOwnerOrgId: owner, EventId: id}); err != nil {
			return err
		}
	}
	return nil
}
