package keeper

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	credittypes "github.com/tracechain/tracechain/x/credit/types"
	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/service/types"
)

func (k Keeper) getOrder(ctx context.Context, id uint64) (types.Order, error) {
	o, err := k.Orders.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return o, types.ErrOrderNotFound.Wrapf("order %d", id)
	}
	return o, err
}

// requireState refuses a transition from any other state.
func requireState(o types.Order, action string, allowed ...types.OrderState) error {
	for _, s := range allowed {
		if o.State == s {
			return nil
		}
	}
	names := make([]string, len(allowed))
	for i, s := range allowed {
		names[i] = s.String()
	}
	return types.ErrWrongState.Wrapf("order %d is %s; %s needs %s", o.Id, o.State, action, strings.Join(names, " or "))
}

// schedule replaces the order's pending deadline (0: none).
func (k Keeper) schedule(ctx context.Context, o *types.Order, at int64) error {
	if o.Deadline != 0 {
		if err := k.Deadlines.Remove(ctx, collections.Join(o.Deadline, o.Id)); err != nil {
			return err
		}
	}
	o.Deadline = at
	if at == 0 {
		return nil
	}
	return k.Deadlines.Set(ctx, collections.Join(at, o.Id))
}

// transition records a new state, pays out escrow and emits the event.
func (k Keeper) transition(ctx context.Context, o *types.Order, to types.OrderState, toProvider, toConsumer sdkmath.Int, by, note string) error {
	if toProvider.IsNil() {
		toProvider = sdkmath.ZeroInt()
	}
	if toConsumer.IsNil() {
		toConsumer = sdkmath.ZeroInt()
	}
	if err := k.pay(ctx, o.Payee, toProvider); err != nil {
		return err
	}
	if err := k.pay(ctx, o.Payer, toConsumer); err != nil {
		return err
	}
	previous := o.State
	o.State = to
	if !o.Open() {
		o.Closed = now(ctx)
		if err := k.schedule(ctx, o, 0); err != nil {
			return err
		}
	}
	if err := k.Orders.Set(ctx, o.Id, *o); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventOrderStateChanged{
		OrderId: o.Id, Previous: previous, State: to, ProviderOrgId: o.ProviderOrgId, ConsumerOrgId: o.ConsumerOrgId,
		ToProvider: toProvider.String(), ToConsumer: toConsumer.String(), By: by, Note: note,
	})
}

// checkEvidence: every event is recorded and every anchor exists, and all
// of it concerns the order and comes from the party citing it — evidence
// one could cite for any order, or that somebody else made, proves nothing
// about this one:
//   - an event must have been recorded by the citing party's organization,
//     or be a receipt of the goods (receiving, arriving, accepting) by
//     whoever received them; it must not have been declared erroneous, must
//     name one of the order's linked objects (or a unit they were packed
//     in, or something a linked unit holds) and must have happened in the
//     service window, from acceptance to now;
//   - an anchored batch must come from a device of the citing party's
//     organization, tied to such an object while its readings were taken,
//     inside the window.
//
// An order with no linked objects has nothing evidence can name: the
// party's own events and batches inside the window are its evidence.
func (k Keeper) checkEvidence(ctx context.Context, p types.Params, o types.Order, e types.Evidence, party string) error {
	if n := len(e.EventIds) + len(e.Anchors); n > int(p.MaxEvidence) {
		return types.ErrInvalidEvidence.Wrapf("%d references; at most %d", n, p.MaxEvidence)
	}
	if len(e.Note) > maxTextLength {
		return types.ErrInvalidEvidence.Wrapf("note: at most %d characters", maxTextLength)
	}
	from, to := o.Accepted, now(ctx)
	objects, err := k.trace.ObjectsAround(ctx, o.LinkedObjects)
	if err != nil {
		return err
	}
	for i, id := range e.EventIds {
		ev, err := k.trace.GetEvent(ctx, id)
		if err != nil {
			return types.ErrInvalidEvidence.Wrapf("event_ids[%d]: %s", i, err)
		}
		if ev.ErrorDeclaration != nil {
			return types.ErrInvalidEvidence.Wrapf("event_ids[%d]: event %s was declared erroneous", i, id)
		}
		if ev.RecorderOrgId != party && !receipts[epcis.BizStepTerm(ev.BizStep)] {
			return types.ErrInvalidEvidence.Wrapf("event_ids[%d]: recorded by %s; evidence is the citing party's (%s) own events, or receipts of the goods", i, ev.RecorderOrgId, party)
		}
		at, err := time.Parse(time.RFC3339Nano, ev.EventTime)
		if err != nil || at.Unix() < from || at.Unix() > to {
			return types.ErrInvalidEvidence.Wrapf("event_ids[%d]: event time %s is outside the service window (accepted %s, now %s)",
				i, ev.EventTime, unixText(from), unixText(to))
		}
		if len(o.LinkedObjects) > 0 && !namesAny(ev.ObjectIds, objects) {
			return types.ErrInvalidEvidence.Wrapf("event_ids[%d]: the event names none of the order's objects (%s) or the units they were packed in",
				i, strings.Join(o.LinkedObjects, ", "))
		}
		if len(o.LinkedObjects) == 0 && ev.RecorderOrgId != party {
			return types.ErrInvalidEvidence.Wrapf("event_ids[%d]: recorded by %s; an order without linked objects cites only the party's own events", i, ev.RecorderOrgId)
		}
	}
	for i, a := range e.Anchors {
		device, counter, ok := strings.Cut(a, ":")
		n, err := strconv.ParseUint(counter, 10, 64)
		if !ok || err != nil {
			return types.ErrInvalidEvidence.Wrapf("anchors[%d]: %q is not DEVICE_ID:COUNTER", i, a)
		}
		anchor, err := k.device.AnchorCovering(ctx, strings.ToLower(device), n)
		if err != nil {
			return types.ErrInvalidEvidence.Wrapf("anchors[%d]: %s", i, err)
		}
		h := anchor.Header
		if int64(h.LastTimeMs/1000) < from || int64(h.FirstTimeMs/1000) > to {
			return types.ErrInvalidEvidence.Wrapf("anchors[%d]: the batch's readings (%d..%d ms) lie outside the service window (accepted %s, now %s)",
				i, h.FirstTimeMs, h.LastTimeMs, unixText(from), unixText(to))
		}
		d, err := k.device.GetDevice(ctx, h.Device)
		if err != nil {
			return types.ErrInvalidEvidence.Wrapf("anchors[%d]: %s", i, err)
		}
		if d.OwnerOrgId != party {
			return types.ErrInvalidEvidence.Wrapf("anchors[%d]: device %s belongs to %s; evidence is the citing party's (%s) own devices", i, d.Id, d.OwnerOrgId, party)
		}
		if len(o.LinkedObjects) == 0 {
			continue
		}
		tied := false
		if d.Giai != "" {
			if tied, err = k.trace.DeviceTiedDuring(ctx, d.Giai, objects, h.FirstTimeMs, h.LastTimeMs); err != nil {
				return err
			}
		}
		if !tied {
			return types.ErrInvalidEvidence.Wrapf("anchors[%d]: device %s was not tied to any of the order's objects while the batch's readings were taken", i, d.Id)
		}
	}
	return nil
}

// receipts are the business steps by which a receiver attests it got goods.
var receipts = map[string]bool{"receiving": true, "arriving": true, "accepting": true}

func namesAny(ids []string, set map[string]bool) bool {
	for _, id := range ids {
		if set[id] {
			return true
		}
	}
	return false
}

func unixText(t int64) string { return time.Unix(t, 0).UTC().Format(time.RFC3339) }

// recordFulfilment writes how the provider fulfilled the order, once it
// is settled in the provider's favour: confirmed, released when the
// confirm window lapsed, or resolved with the provider winning the
// dispute. An order whose dispute the provider lost leaves no timeliness
// record (its dispute record says how it went).
func (k Keeper) recordFulfilment(ctx context.Context, o types.Order) error {
	kind := credittypes.RECORD_KIND_ORDER_ON_TIME
	if o.DaysLate > 0 {
		kind = credittypes.RECORD_KIND_ORDER_LATE
	}
	_, err := k.credit.AddModuleRecord(ctx, types.ModuleName, credittypes.ModuleRecord{
		Subject: o.ProviderOrgId, Counterparty: o.ConsumerOrgId, Kind: kind, Value: escrowValue(o), DaysLate: o.DaysLate, Evidence: orderRef(o),
	})
	return err
}

// excursionsInWindow lists excursions from acceptance to now (the service
// window) of the order's goods: the linked objects and what linked units
// hold (excursions are recorded on the lots and items, not on the pallet
// a sensor was tied to).
func (k Keeper) excursionsInWindow(ctx context.Context, o types.Order) ([]uint64, error) {
	objects, err := k.trace.ObjectsAround(ctx, o.LinkedObjects)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(objects))
	for id := range objects {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	from, to := uint64(o.Accepted)*1000, uint64(now(ctx))*1000+1000
	seen := map[uint64]bool{}
	var out []uint64
	for _, obj := range ids {
		found, err := k.device.ExcursionsOf(ctx, obj, from, to)
		if err != nil {
			return nil, err
		}
		for _, e := range found {
			if !seen[e.Id] {
				seen[e.Id] = true
				out = append(out, e.Id)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// escrowValue is the order's value for credit records (capped to uint64).
func escrowValue(o types.Order) uint64 {
	if o.Escrow.IsUint64() {
		return o.Escrow.Uint64()
	}
	return ^uint64(0)
}

func orderRef(o types.Order) []string { return []string{fmt.Sprintf("order %d", o.Id)} }
