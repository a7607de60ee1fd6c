package keeper

import (
	"errors"
	"slices"
	"time"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/lib/epcis"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/trace/types"
)

// event checks, hashes, applies and records one event; it returns its ID.
func (c *capture) event(raw *epcis.Node) (string, error) {
	node := raw.Clone()
	epcis.ExpandAgriBizStep(node)
	ev, err := parseEvent(node, c.context)
	if err != nil {
		return "", err
	}
	objects := ev.objectIDs()
	identifiers := len(objects) + ev.untrackedClasses + len(ev.sources) + len(ev.destinations) + ev.otherParties
	if identifiers > int(c.params.MaxIdentifiersPerEvent) {
		return "", types.ErrTooLarge.Wrapf("the event names %d identifiers, at most %d", identifiers, c.params.MaxIdentifiersPerEvent)
	}
	gas := c.params.GasPerEvent + c.params.GasPerIdentifier*uint64(identifiers)
	sdkContext(c.ctx).GasMeter().ConsumeGas(gas, "trace: capture event")

	if limit := c.blockTime.Add(time.Duration(c.params.EventTimeSkewSeconds) * time.Second); ev.eventTime.After(limit) {
		return "", types.ErrEventInFuture.Wrapf("eventTime: %s is after block time %s plus %ds",
			epcis.FormatTimestamp(ev.eventTime), epcis.FormatTimestamp(c.blockTime), c.params.EventTimeSkewSeconds)
	}
	pre, err := epcis.PreHash(node, c.context)
	if err != nil {
		return "", types.ErrInvalidEvent.Wrap(err.Error())
	}
	id := epcis.HashID(pre)
	if ev.errorDeclaration != nil {
		return id, c.declareError(id, ev)
	}
	if has, err := c.Events.Has(c.ctx, id); err != nil {
		return "", err
	} else if has {
		return "", types.ErrDuplicateEvent.Wrapf("eventID %s", id)
	}
	seq, err := c.EventSequence.Next(c.ctx)
	if err != nil {
		return "", err
	}
	c.journal = newJournal(id)
	if err := c.apply(ev, id, seq); err != nil {
		return "", err
	}
	if err := c.saveJournal(); err != nil {
		return "", err
	}
	return id, c.record(node, ev, id, seq, objects)
}

// apply enforces the custody rules of the event type and changes state.
func (c *capture) apply(ev *parsedEvent, id string, seq uint64) error {
	switch ev.eventType {
	case "ObjectEvent":
		return c.objectEvent(ev, id)
	case "AggregationEvent":
		return c.aggregationEvent(ev, id)
	case "TransformationEvent":
		return c.transformationEvent(ev, id)
	case "TransactionEvent":
		return c.transactionEvent(ev, id)
	case "AssociationEvent":
		return c.associationEvent(ev, id, seq)
	}
	return types.ErrInvalidEvent.Wrapf("type: %s", ev.eventType)
}

// record stores the event with its chain-assigned eventID and recordTime,
// and indexes it under every object it names.
func (c *capture) record(node *epcis.Node, ev *parsedEvent, id string, seq uint64, objects []string) error {
	bz, err := epcis.RecordedJSON(node, id, c.blockTime)
	if err != nil {
		return err
	}
	recordTime := epcis.FormatTimestamp(c.blockTime)
	rec := types.EventRecord{
		EventId: id, Sequence: seq, Type: ev.eventType, Action: ev.action, BizStep: ev.bizStep,
		EventTime: epcis.FormatTimestamp(ev.eventTime), RecordTime: recordTime, Height: blockHeight(c.ctx),
		RecorderOrgId: c.org, Recorder: c.signer, Json: bz, Context: c.contextJSON, ObjectIds: objects,
	}
	// The submitter's own eventID (a urn:uuid, or a hash its software
	// computed otherwise) is kept for cross-reference with its systems; the
	// chain's eventID is always the hash of the content.
	if ev.declaredID != "" && ev.declaredID != id {
		rec.DeclaredEventId = ev.declaredID
	}
	if err := c.Events.Set(c.ctx, id, rec); err != nil {
		return err
	}
	if err := c.EventsBySequence.Set(c.ctx, seq, id); err != nil {
		return err
	}
	for _, o := range objects {
		if err := c.ObjectEvents.Set(c.ctx, collections.Join(o, seq)); err != nil {
			return err
		}
	}
	return c.emit(c.ctx, &types.EventCaptured{EventId: id, Type: ev.eventType, BizStep: ev.bizStep, RecorderOrgId: c.org, ObjectIds: objects})
}

// declareError marks a recorded event as erroneous: an EPCIS error
// declaration repeats the event (hence its ID) with errorDeclaration added.
// If nothing has changed the event's objects since, and none is recalled,
// its effects are undone, so that corrective events can state what really
// happened; otherwise it stays applied and flagged.
func (c *capture) declareError(id string, ev *parsedEvent) error {
	rec, err := c.Events.Get(c.ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ErrEventNotFound.Wrapf("errorDeclaration: no recorded event has ID %s; a declaration repeats the erroneous event", id)
	} else if err != nil {
		return err
	}
	if rec.RecorderOrgId != c.org {
		return types.ErrNotRecorder.Wrapf("event %s was recorded by %s; you act for %s", id, rec.RecorderOrgId, c.org)
	}
	if rec.ErrorDeclaration != nil {
		return types.ErrAlreadyDeclared.Wrapf("event %s", id)
	}
	reverted, err := c.revert(id)
	if err != nil {
		return err
	}
	decl := *ev.errorDeclaration
	decl.DeclaredByOrgId, decl.Height, decl.Reverted = c.org, blockHeight(c.ctx), reverted
	rec.ErrorDeclaration = &decl
	if rec.Json, err = epcis.DeclaredJSON(rec.Json, ev.node); err != nil {
		return err
	}
	if err := c.Events.Set(c.ctx, id, rec); err != nil {
		return err
	}
	return c.emit(c.ctx, &types.EventErrorDeclared{EventId: id, Reason: decl.Reason, CorrectiveEventIds: decl.CorrectiveEventIds, Reverted: reverted})
}

// touch updates what an event says about where an object is and how.
func (c *capture) touch(obj *types.TraceObject, ev *parsedEvent, id string) {
	if ev.bizLocation != "" {
		obj.Location = ev.bizLocation
	}
	if ev.disposition != "" {
		obj.Disposition = ev.disposition
	}
	obj.LastEventId, obj.UpdatedHeight = id, blockHeight(c.ctx)
}

// isObserver: regulators and certifiers may record observations of goods
// they neither own nor hold (inspections, sampling).
func (c *capture) isObserver() bool {
	return slices.Contains(c.orgRoles, membershiptypes.ORG_ROLE_REGULATOR) || slices.Contains(c.orgRoles, membershiptypes.ORG_ROLE_CERTIFIER)
}
