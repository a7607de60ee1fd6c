package keeper

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

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

// checkEvidence: every event is recorded, every anchor exists.
func (k Keeper) checkEvidence(ctx context.Context, p types.Params, e types.Evidence) error {
	if n := len(e.EventIds) + len(e.Anchors); n > int(p.MaxEvidence) {
		return types.ErrInvalidEvidence.Wrapf("%d references; at most %d", n, p.MaxEvidence)
	}
	if len(e.Note) > maxTextLength {
		return types.ErrInvalidEvidence.Wrapf("note: at most %d characters", maxTextLength)
	}
	for i, id := range e.EventIds {
		if _, err := k.trace.GetEvent(ctx, id); err != nil {
			return types.ErrInvalidEvidence.Wrapf("event_ids[%d]: %s", i, err)
		}
	}
	for i, a := range e.Anchors {
		device, counter, ok := strings.Cut(a, ":")
		n, err := strconv.ParseUint(counter, 10, 64)
		if !ok || err != nil {
			return types.ErrInvalidEvidence.Wrapf("anchors[%d]: %q is not DEVICE_ID:COUNTER", i, a)
		}
		if _, err := k.device.AnchorCovering(ctx, strings.ToLower(device), n); err != nil {
			return types.ErrInvalidEvidence.Wrapf("anchors[%d]: %s", i, err)
		}
	}
	return nil
}

// excursionsInWindow lists excursions of the linked objects from
// acceptance to now: the service window.
func (k Keeper) excursionsInWindow(ctx context.Context, o types.Order) ([]uint64, error) {
	var ids []uint64
	from, to := uint64(o.Accepted)*1000, uint64(now(ctx))*1000+1000
	for _, obj := range o.LinkedObjects {
		found, err := k.device.ExcursionsOf(ctx, obj, from, to)
		if err != nil {
			return nil, err
		}
		for _, e := range found {
			ids = append(ids, e.Id)
		}
	}
	return ids, nil
}

// escrowValue is the order's value for credit records (capped to uint64).
func escrowValue(o types.Order) uint64 {
	if o.Escrow.IsUint64() {
		return o.Escrow.Uint64()
	}
	return ^uint64(0)
}

func orderRef(o types.Order) []string { return []string{fmt.Sprintf("order %d", o.Id)} }
