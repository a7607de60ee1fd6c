package keeper

import (
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

// Business steps with custody meaning.
var (
	shippingSteps  = map[string]bool{"shipping": true}
	receivingSteps = map[string]bool{"receiving": true, "arriving": true, "accepting": true}
	// movingSteps move goods without a change of custody; recalled and
	// decommissioned goods may not take them.
	movingSteps = map[string]bool{
		"departing": true, "transporting": true, "loading": true, "unloading": true, "staging_outbound": true,
		"retail_selling": true, "dispensing": true, "picking": true, "stocking": true, "storing": true,
	}
)

// target is one object an ObjectEvent names: an instance or a lot quantity.
type target struct {
	id  gs1.Identifier
	qty *quantityEntry
}

func (ev *parsedEvent) targets() []target {
	out := make([]target, 0, len(ev.epcs)+len(ev.quantities))
	for _, id := range ev.epcs {
		out = append(out, target{id: id})
	}
	for i := range ev.quantities {
		out = append(out, target{id: ev.quantities[i].id, qty: &ev.quantities[i]})
	}
	return out
}

func (c *capture) objectEvent(ev *parsedEvent, id string) error {
	targets := ev.targets()
	if len(targets) == 0 {
		if ev.action == "OBSERVE" {
			return nil // an observation of a place (sensor data at a read point) changes no object
		}
		return fieldError("epcList", "an ObjectEvent that commissions or decommissions names at least one EPC or quantity")
	}
	switch ev.action {
	case "ADD":
		for _, t := range targets {
			if err := c.commission(t.id, t.qty, ev, id, nil, ""); err != nil {
				return err
			}
		}
		return nil
	case "DELETE":
		return c.decommission(targets, ev, id)
	}
	switch {
	case shippingSteps[ev.bizStepTerm]:
		return c.ship(targets, ev, id)
	case receivingSteps[ev.bizStepTerm]:
		return c.receive(targets, ev, id)
	}
	return c.observe(targets, ev, id, movingSteps[ev.bizStepTerm])
}

// sight returns the object an event names. The first sighting of an object
// by the organization holding its company prefix commissions it, as if an
// ObjectEvent ADD had come first: goods already in circulation when an
// organization joins can be recorded. Anyone else naming an object the
// chain does not know is refused.
func (c *capture) sight(t target, ev *parsedEvent, eventID string) (types.TraceObject, error) {
	obj, err := c.Objects.Get(c.ctx, t.id.URI)
	if !errors.Is(err, collections.ErrNotFound) {
		return obj, err
	}
	holder, found, err := c.prefixOwner(c.ctx, t.id)
	if err != nil {
		return obj, err
	}
	if !found || holder != c.org {
		if !found {
			holder = "no organization"
		}
		return obj, types.ErrObjectNotFound.Wrapf("%s is not commissioned on TraceChain; its company prefix is held by %s, which may commission it", t.id.URI, holder)
	}
	if err := c.commission(t.id, t.qty, ev, eventID, nil, ""); err != nil {
		return obj, err
	}
	return c.getObject(c.ctx, t.id.URI)
}

// commission creates an object under the recorder's company prefix, held
// by the recorder and owned by it, or by owner when not empty (goods made
// from another's goods are that owner's).
func (c *capture) commission(gid gs1.Identifier, qty *quantityEntry, ev *parsedEvent, eventID string, derivedFrom []string, owner string) error {
	if err := c.requirePrefixOf(c.ctx, gid, c.org); err != nil {
		return err
	}
	// A regulator's restriction stops new lots, items and units.
	if err := c.credit.RequireUnrestricted(c.ctx, c.org); err != nil {
		return err
	}
	if has, err := c.Objects.Has(c.ctx, gid.URI); err != nil {
		return err
	} else if has {
		return types.ErrObjectExists.Wrapf("%s", gid.URI)
	}
	h := blockHeight(c.ctx)
	ownerOrg := c.org
	if owner != "" {
		ownerOrg = owner
	}
	obj := types.TraceObject{
		Id: gid.URI, Kind: kindOf(gid), Gtin: gtinOf(gid), OwnerOrgId: ownerOrg, CustodianOrgId: c.org,
		Location: ev.bizLocation, Disposition: ev.disposition, Status: types.OBJECT_STATUS_ACTIVE,
		DerivedFrom: derivedFrom, CommissionEventId: eventID, LastEventId: eventID, CreatedHeight: h, UpdatedHeight: h,
	}
	if qty != nil {
		obj.Uom = qty.uom
		if qty.hasAmount {
			obj.Quantity = formatAmount(qty.amount)
		}
	}
	if err := c.putObject(obj); err != nil {
		return err
	}
	return c.emit(c.ctx, &types.EventObjectCommissioned{ObjectId: obj.Id, Kind: obj.Kind, OwnerOrgId: ownerOrg, EventId: eventID})
}

// decommission ends objects; a lot with an amount only loses that amount.
// Recalled goods may be decommissioned: destroying them is the point.
func (c *capture) decommission(targets []target, ev *parsedEvent, id string) error {
	for _, t := range targets {
		obj, err := c.getObject(c.ctx, t.id.URI)
		if err != nil {
			return err
		}
		if err := requireHolder(obj, c.org); err != nil {
			return err
		}
		if obj.Status != types.OBJECT_STATUS_ACTIVE {
			return types.ErrObjectDecommissioned.Wrapf("%s is already %s", obj.Id, obj.Status)
		}
		if obj.ContainerId != "" {
			return types.ErrAlreadyPacked.Wrapf("%s is packed in %s; unpack it first", obj.Id, obj.ContainerId)
		}
		status := types.OBJECT_STATUS_DECOMMISSIONED
		if t.qty != nil && t.qty.hasAmount {
			left, err := c.deduct(&obj, *t.qty)
			if err != nil {
				return err
			}
			if left {
				status = types.OBJECT_STATUS_ACTIVE
			}
		}
		obj.Status = status
		c.touch(&obj, ev, id)
		if err := c.putObject(obj); err != nil {
			return err
		}
		if status == types.OBJECT_STATUS_DECOMMISSIONED {
			if err := c.emit(c.ctx, &types.EventObjectDecommissioned{ObjectId: obj.Id, EventId: id}); err != nil {
				return err
			}
		}
	}
	return nil
}

// deduct takes an amount from a lot; it reports whether any is left.
func (c *capture) deduct(obj *types.TraceObject, q quantityEntry) (bool, error) {
	if q.uom != "" && obj.Uom != "" && q.uom != obj.Uom {
		return false, types.ErrUnitMismatch.Wrapf("%s is counted in %s, the event uses %s", obj.Id, obj.Uom, q.uom)
	}
	if obj.Quantity == "" {
		return false, types.ErrInsufficientQuantity.Wrapf("%s has no recorded quantity to take %s from", obj.Id, formatAmount(q.amount))
	}
	have, err := parseStoredAmount(obj.Quantity)
	if err != nil {
		return false, err
	}
	if q.amount.GT(have) {
		return false, types.ErrInsufficientQuantity.Wrapf("%s has %s %s left; the event takes %s", obj.Id, obj.Quantity, obj.Uom, formatAmount(q.amount))
	}
	rest := have.Sub(q.amount)
	obj.Quantity = formatAmount(rest)
	return rest.IsPositive(), nil
}

// destination resolves who takes possession and who becomes owner.
func (c *capture) destination(ev *parsedEvent) (possessor, owner string, err error) {
	for _, d := range ev.destinations {
		org, found, err := c.prefixOwner(c.ctx, d.id)
		if err != nil {
			return "", "", err
		}
		if !found {
			return "", "", types.ErrUnknownParty.Wrapf("destinationList: %s belongs to no consortium organization", d.id.URI)
		}
		switch d.typ {
		case "owning_party":
			owner = org
		default: // possessing_party, location
			if possessor == "" || d.typ == "possessing_party" {
				possessor = org
			}
		}
	}
	if possessor == "" {
		possessor = owner
	}
	return possessor, owner, nil
}

// ship starts shipments: the receiving organization must then record the
// receipt before custody (and, if named, ownership) moves. A shipment that
// names no receiver marks the goods in transit and moves nothing.
func (c *capture) ship(targets []target, ev *parsedEvent, id string) error {
	to, owner, err := c.destination(ev)
	if err != nil {
		return err
	}
	for _, t := range targets {
		obj, err := c.sight(t, ev, id)
		if err != nil {
			return err
		}
		all, err := c.requireShippable(obj)
		if err != nil {
			return err
		}
		if err := c.requireMayTransfer(all, owner); err != nil {
			return err
		}
		if err := requireWholeLot(obj, t.qty); err != nil {
			return err
		}
		if ev.disposition == "" {
			obj.Disposition = "in_transit"
		}
		c.touch(&obj, ev, id)
		if err := c.putObject(obj); err != nil {
			return err
		}
		if to == "" {
			// Shipped without naming a receiver: the goods are on their
			// way, but no organization may take custody until the shipper
			// records a shipment that names one.
			continue
		}
		if err := c.putShipment(types.Shipment{
			ObjectId: obj.Id, FromOrgId: c.org, ToOrgId: to, NewOwnerOrgId: owner, EventId: id, Height: blockHeight(c.ctx),
		}); err != nil {
			return err
		}
		if err := c.emit(c.ctx, &types.EventObjectShipped{ObjectId: obj.Id, FromOrgId: c.org, ToOrgId: to, EventId: id}); err != nil {
			return err
		}
	}
	return nil
}

// requireWholeLot: a lot moves whole. An event naming a different amount
// would otherwise be recorded as if it had moved only part; the lot is
// split first with a TransformationEvent.
func requireWholeLot(obj types.TraceObject, q *quantityEntry) error {
	if q == nil || !q.hasAmount {
		return nil
	}
	if q.uom != "" && obj.Uom != "" && q.uom != obj.Uom {
		return types.ErrUnitMismatch.Wrapf("%s is counted in %s, the event uses %s", obj.Id, obj.Uom, q.uom)
	}
	have, err := parseStoredAmount(obj.Quantity)
	if obj.Quantity == "" || err != nil || !have.Equal(q.amount) {
		return types.ErrInvalidEvent.Wrapf("quantityList: the event moves %s of %s, which holds %q %s; a lot moves whole, split it with a TransformationEvent first",
			formatAmount(q.amount), obj.Id, obj.Quantity, obj.Uom)
	}
	return nil
}

// requireShippable: the holder ships whole units of goods that may move,
// with everything packed inside them, which it returns.
func (c *capture) requireShippable(obj types.TraceObject) ([]types.TraceObject, error) {
	if err := requireHolder(obj, c.org); err != nil {
		return nil, err
	}
	if obj.ContainerId != "" {
		return nil, types.ErrAlreadyPacked.Wrapf("%s is packed in %s; ship the logistic unit, or unpack it first", obj.Id, obj.ContainerId)
	}
	all, err := c.withContents(c.ctx, obj, c.params.MaxContainmentDepth)
	if err != nil {
		return nil, err
	}
	sdkContext(c.ctx).GasMeter().ConsumeGas(c.params.GasPerIdentifier*uint64(len(all)-1), "trace: contents")
	for _, o := range all {
		if err := c.requireMovable(c.ctx, o); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// requireMayTransfer: ownership changes only by the owner's act. Naming a
// new owning party for goods (a sale, or a shipment that hands ownership
// over on receipt) needs the recorder to own each of them and everything
// packed in them; a custodian moves goods on, naming no owner or their
// present one, and a unit's contents keep their owners unless the seller
// owns them too.
func (c *capture) requireMayTransfer(all []types.TraceObject, newOwner string) error {
	if newOwner == "" {
		return nil
	}
	for _, o := range all {
		if o.OwnerOrgId != c.org && o.OwnerOrgId != newOwner {
			return types.ErrNotOwner.Wrapf("destinationList: owning_party %s: %s is owned by %s, you act for %s; only its owner names a new owner",
				newOwner, o.Id, o.OwnerOrgId, c.org)
		}
	}
	return nil
}

// receive completes shipments to the recorder's organization. Goods
// recalled while in transit may still be received, so that somebody holds
// them; they cannot be shipped on. An organization receiving goods it
// already holds (moved between its own sites with no receiver named)
// records where they are; custody does not change.
func (c *capture) receive(targets []target, ev *parsedEvent, id string) error {
	for _, t := range targets {
		sh, pending, err := c.pendingShipment(t.id.URI)
		if err != nil {
			return err
		}
		obj, err := c.Objects.Get(c.ctx, t.id.URI)
		switch {
		case errors.Is(err, collections.ErrNotFound):
			return types.ErrNoMatchingShipment.Wrapf("%s: no shipment to %s is pending (the chain has never seen it)", t.id.URI, c.org)
		case err != nil:
			return err
		case pending && sh.ToOrgId != c.org:
			return types.ErrNoMatchingShipment.Wrapf("%s was shipped to %s, not to %s", t.id.URI, sh.ToOrgId, c.org)
		case !pending && obj.CustodianOrgId != c.org:
			return types.ErrNoMatchingShipment.Wrapf("%s: no shipment to %s is pending; it is held by %s", t.id.URI, c.org, obj.CustodianOrgId)
		}
		if err := requireWholeLot(obj, t.qty); err != nil {
			return err
		}
		if err := c.takeCustody(obj, sh, pending, ev, id); err != nil {
			return err
		}
	}
	return nil
}

func (c *capture) pendingShipment(objectID string) (types.Shipment, bool, error) {
	sh, err := c.Shipments.Get(c.ctx, objectID)
	if errors.Is(err, collections.ErrNotFound) {
		return sh, false, nil
	}
	return sh, err == nil, err
}

// takeCustody moves an object and its contents to the recorder, and to the
// new owner the shipment named; without a pending shipment only location
// and disposition change.
func (c *capture) takeCustody(obj types.TraceObject, sh types.Shipment, pending bool, ev *parsedEvent, id string) error {
	all, err := c.withContents(c.ctx, obj, c.params.MaxContainmentDepth)
	if err != nil {
		return err
	}
	for i := range all {
		// Without a shipment the recorder holds the unit already; what is
		// packed in it keeps its custodian (an owner may pack its goods held
		// by another on its own unit, which moves nothing).
		if pending {
			all[i].CustodianOrgId = c.org
		}
		// The shipper named the new owner of what it owned; goods packed
		// since that belong to others keep their owners.
		if pending && sh.NewOwnerOrgId != "" && all[i].OwnerOrgId == sh.FromOrgId {
			all[i].OwnerOrgId = sh.NewOwnerOrgId
		}
		if i == 0 {
			if ev.disposition == "" {
				all[i].Disposition = "in_progress"
			}
			c.touch(&all[i], ev, id)
		} else if ev.bizLocation != "" {
			all[i].Location = ev.bizLocation
		}
		if err := c.putObject(all[i]); err != nil {
			return err
		}
		if !pending {
			continue
		}
		if err := c.emit(c.ctx, &types.EventObjectReceived{ObjectId: all[i].Id, CustodianOrgId: c.org, OwnerOrgId: all[i].OwnerOrgId, EventId: id}); err != nil {
			return err
		}
	}
	if !pending {
		return nil
	}
	return c.removeShipment(obj.Id)
}

// observe records a step that changes no custody. Moving steps need the
// holder and goods that may move; other observations may also come from
// regulators and certifiers, and then change nothing.
func (c *capture) observe(targets []target, ev *parsedEvent, id string, moving bool) error {
	for _, t := range targets {
		obj, err := c.sight(t, ev, id)
		if err != nil {
			return err
		}
		holder := requireHolder(obj, c.org)
		if holder != nil && (moving || !c.isObserver()) {
			return holder
		}
		if moving {
			if err := c.requireMovable(c.ctx, obj); err != nil {
				return err
			}
		}
		if holder == nil {
			c.touch(&obj, ev, id)
			if err := c.putObject(obj); err != nil {
				return err
			}
		}
	}
	return nil
}
