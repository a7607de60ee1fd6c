package keeper

import (
	"context"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	credittypes "github.com/tracechain/tracechain/x/credit/types"
	"github.com/tracechain/tracechain/x/lib/gs1"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/service/types"
)

func (s msgServer) CreateOrder(ctx context.Context, msg *types.MsgCreateOrder) (*types.MsgCreateOrderResponse, error) {
	p, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	org, err := s.member(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	off, err := s.getOffering(ctx, msg.OfferingId)
	if err != nil {
		return nil, err
	}
	if !off.Active {
		return nil, types.ErrOfferingInactive.Wrapf("offering %d", off.Id)
	}
	if off.ProviderOrgId == org.Id {
		return nil, types.ErrOwnOffering.Wrapf("offering %d is %s's own", off.Id, org.Id)
	}
	if err := s.credit.RequireUnrestricted(ctx, off.ProviderOrgId); err != nil {
		return nil, err
	}
	if msg.Quantity == 0 {
		return nil, types.ErrInvalidOrder.Wrap("quantity: at least 1")
	}
	if len(msg.LinkedObjects) > int(p.MaxLinkedObjects) {
		return nil, types.ErrInvalidOrder.Wrapf("linked_objects: %d; at most %d", len(msg.LinkedObjects), p.MaxLinkedObjects)
	}
	linked := make([]string, 0, len(msg.LinkedObjects))
	for i, raw := range msg.LinkedObjects {
		id, err := gs1.Parse(raw)
		if err != nil {
			return nil, types.ErrInvalidOrder.Wrapf("linked_objects[%d]: %s", i, err)
		}
		if has, err := s.trace.HasObject(ctx, id.URI); err != nil {
			return nil, err
		} else if !has {
			return nil, types.ErrInvalidOrder.Wrapf("linked_objects[%d]: %s is not commissioned", i, id.URI)
		}
		linked = append(linked, id.URI)
	}
	escrow := off.UnitPrice.Mul(sdkmath.NewIntFromUint64(msg.Quantity))
	payer, err := s.addressCodec.StringToBytes(msg.Signer)
	if err != nil {
		return nil, err
	}
	coins, err := s.coins(ctx, escrow)
	if err != nil {
		return nil, err
	}
	if err := s.bank.SendCoinsFromAccountToModule(ctx, payer, types.EscrowAccount, coins); err != nil {
		return nil, types.ErrInsufficientFunds.Wrapf("escrow of %s from %s: %s", coins, msg.Signer, err)
	}
	id, err := s.OrderSequence.Next(ctx)
	if err != nil {
		return nil, err
	}
	t := now(ctx)
	o := types.Order{
		Id: id, OfferingId: off.Id, ProviderOrgId: off.ProviderOrgId, ConsumerOrgId: org.Id, Quantity: msg.Quantity,
		Escrow: escrow, Payer: msg.Signer, LinkedObjects: linked, State: types.ORDER_STATE_CREATED,
		Created: t, DeliverBy: t + int64(off.Sla.DeliverWithinSeconds),
	}
	// Unaccepted or undelivered, the order expires after its grace.
	if err := s.schedule(ctx, &o, o.DeliverBy+int64(p.LateGraceSeconds)); err != nil {
		return nil, err
	}
	for _, party := range []string{o.ProviderOrgId, o.ConsumerOrgId} {
		if err := s.OrdersByOrg.Set(ctx, collections.Join(party, id)); err != nil {
			return nil, err
		}
	}
	o.State = types.ORDER_STATE_UNSPECIFIED
	if err := s.transition(ctx, &o, types.ORDER_STATE_CREATED, sdkmath.ZeroInt(), sdkmath.ZeroInt(), msg.Signer, "escrowed "+coins.String()); err != nil {
		return nil, err
	}
	return &types.MsgCreateOrderResponse{OrderId: id}, nil
}

// party checks the signer acts for the order's provider (or consumer).
func (s msgServer) party(ctx context.Context, o types.Order, signer string, provider bool) error {
	org, err := s.member(ctx, signer)
	if err != nil {
		return err
	}
	want, role := o.ConsumerOrgId, "consumer"
	if provider {
		want, role = o.ProviderOrgId, "provider"
	}
	if org.Id != want {
		return types.ErrNotParty.Wrapf("order %d's %s is %s; signer acts for %s", o.Id, role, want, org.Id)
	}
	return nil
}

func (s msgServer) CancelOrder(ctx context.Context, msg *types.MsgCancelOrder) (*types.MsgCancelOrderResponse, error) {
	o, err := s.getOrder(ctx, msg.OrderId)
	if err != nil {
		return nil, err
	}
	if err := s.party(ctx, o, msg.Signer, false); err != nil {
		return nil, err
	}
	if err := requireState(o, "cancel", types.ORDER_STATE_CREATED); err != nil {
		return nil, err
	}
	return &types.MsgCancelOrderResponse{}, s.transition(ctx, &o, types.ORDER_STATE_CANCELLED, sdkmath.ZeroInt(), o.Escrow, msg.Signer, "cancelled before acceptance; escrow refunded")
}

func (s msgServer) AcceptOrder(ctx context.Context, msg *types.MsgAcceptOrder) (*types.MsgAcceptOrderResponse, error) {
	o, err := s.getOrder(ctx, msg.OrderId)
	if err != nil {
		return nil, err
	}
	if err := s.party(ctx, o, msg.Signer, true); err != nil {
		return nil, err
	}
	if err := requireState(o, "accept", types.ORDER_STATE_CREATED); err != nil {
		return nil, err
	}
	if now(ctx) > o.DeliverBy {
		return nil, types.ErrDeadlinePassed.Wrapf("order %d was to be delivered by %d", o.Id, o.DeliverBy)
	}
	// A restricted organization accepts no new orders.
	if err := s.credit.RequireUnrestricted(ctx, o.ProviderOrgId); err != nil {
		return nil, err
	}
	o.Payee, o.Accepted = msg.Signer, now(ctx)
	return &types.MsgAcceptOrderResponse{}, s.transition(ctx, &o, types.ORDER_STATE_ACCEPTED, sdkmath.ZeroInt(), sdkmath.ZeroInt(), msg.Signer, "")
}

func (s msgServer) DeliverOrder(ctx context.Context, msg *types.MsgDeliverOrder) (*types.MsgDeliverOrderResponse, error) {
	p, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.getOrder(ctx, msg.OrderId)
	if err != nil {
		return nil, err
	}
	if err := s.party(ctx, o, msg.Signer, true); err != nil {
		return nil, err
	}
	if err := requireState(o, "deliver", types.ORDER_STATE_ACCEPTED); err != nil {
		return nil, err
	}
	t := now(ctx)
	if t > o.DeliverBy+int64(p.LateGraceSeconds) {
		return nil, types.ErrDeadlinePassed.Wrapf("order %d expired at %d", o.Id, o.DeliverBy+int64(p.LateGraceSeconds))
	}
	if len(msg.Evidence.EventIds)+len(msg.Evidence.Anchors) == 0 {
		return nil, types.ErrInvalidEvidence.Wrap("a delivery cites at least one trace event or device anchor")
	}
	if err := s.checkEvidence(ctx, p, o, msg.Evidence, o.ProviderOrgId); err != nil {
		return nil, err
	}
	if t > o.DeliverBy {
		o.DaysLate = uint32((t - o.DeliverBy + 86_399) / 86_400)
	}
	excursions, err := s.excursionsInWindow(ctx, o)
	if err != nil {
		return nil, err
	}
	ev := msg.Evidence
	o.Delivery, o.Delivered, o.ExcursionIds, o.ConfirmBy = &ev, t, excursions, t+int64(p.ConfirmWindowSeconds)
	if err := s.schedule(ctx, &o, o.ConfirmBy); err != nil {
		return nil, err
	}
	note := ""
	if len(excursions) > 0 {
		note = "excursions on linked objects: automatic release blocked"
	}
	if err := s.transition(ctx, &o, types.ORDER_STATE_DELIVERED, sdkmath.ZeroInt(), sdkmath.ZeroInt(), msg.Signer, note); err != nil {
		return nil, err
	}
	return &types.MsgDeliverOrderResponse{ExcursionIds: excursions}, nil
}

func (s msgServer) ConfirmOrder(ctx context.Context, msg *types.MsgConfirmOrder) (*types.MsgConfirmOrderResponse, error) {
	o, err := s.getOrder(ctx, msg.OrderId)
	if err != nil {
		return nil, err
	}
	if err := s.party(ctx, o, msg.Signer, false); err != nil {
		return nil, err
	}
	if err := requireState(o, "confirm", types.ORDER_STATE_DELIVERED); err != nil {
		return nil, err
	}
	if err := s.recordFulfilment(ctx, o); err != nil {
		return nil, err
	}
	return &types.MsgConfirmOrderResponse{}, s.transition(ctx, &o, types.ORDER_STATE_COMPLETED, o.Escrow, sdkmath.ZeroInt(), msg.Signer, "confirmed by the consumer; escrow released")
}

func (s msgServer) DisputeOrder(ctx context.Context, msg *types.MsgDisputeOrder) (*types.MsgDisputeOrderResponse, error) {
	p, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.getOrder(ctx, msg.OrderId)
	if err != nil {
		return nil, err
	}
	if err := s.party(ctx, o, msg.Signer, false); err != nil {
		return nil, err
	}
	if err := requireState(o, "dispute", types.ORDER_STATE_DELIVERED); err != nil {
		return nil, err
	}
	if now(ctx) > o.ConfirmBy {
		return nil, types.ErrDeadlinePassed.Wrapf("order %d could be disputed until %d", o.Id, o.ConfirmBy)
	}
	if msg.Reason == "" || len(msg.Reason) > maxTextLength {
		return nil, types.ErrInvalidOrder.Wrapf("reason: required, at most %d characters", maxTextLength)
	}
	if err := s.checkEvidence(ctx, p, o, msg.Evidence, o.ConsumerOrgId); err != nil {
		return nil, err
	}
	ev := msg.Evidence
	o.DisputeReason, o.DisputeEvidence, o.DisputedBy = msg.Reason, &ev, msg.Signer
	if err := s.schedule(ctx, &o, 0); err != nil {
		return nil, err
	}
	return &types.MsgDisputeOrderResponse{}, s.transition(ctx, &o, types.ORDER_STATE_DISPUTED, sdkmath.ZeroInt(), sdkmath.ZeroInt(), msg.Signer, msg.Reason)
}

func (s msgServer) ResolveDispute(ctx context.Context, msg *types.MsgResolveDispute) (*types.MsgResolveDisputeResponse, error) {
	o, err := s.getOrder(ctx, msg.OrderId)
	if err != nil {
		return nil, err
	}
	org, err := s.member(ctx, msg.Signer, membershiptypes.ORG_ROLE_ARBITER)
	if err != nil {
		return nil, err
	}
	if org.Id == o.ProviderOrgId || org.Id == o.ConsumerOrgId {
		return nil, types.ErrNotParty.Wrapf("arbiter %s is a party to order %d", org.Id, o.Id)
	}
	if err := requireState(o, "resolve", types.ORDER_STATE_DISPUTED); err != nil {
		return nil, err
	}
	if msg.ProviderAmount.IsNil() || msg.ProviderAmount.IsNegative() || msg.ProviderAmount.GT(o.Escrow) {
		return nil, types.ErrInvalidResolution.Wrapf("provider_amount must lie between 0 and the escrow %s", o.Escrow)
	}
	if len(msg.Note) > maxTextLength {
		return nil, types.ErrInvalidResolution.Wrapf("note: at most %d characters", maxTextLength)
	}
	consumerAmount := o.Escrow.Sub(msg.ProviderAmount)
	o.Resolution = &types.Resolution{
		ArbiterOrgId: org.Id, Arbiter: msg.Signer, ProviderAmount: msg.ProviderAmount, ConsumerAmount: consumerAmount,
		Note: msg.Note, Time: now(ctx),
	}
	// The side that gets the larger share won the dispute; an even split
	// is nobody's win, and leaves no record either way.
	if !consumerAmount.Equal(msg.ProviderAmount) {
		winner, loser := o.ProviderOrgId, o.ConsumerOrgId
		if consumerAmount.GT(msg.ProviderAmount) {
			winner, loser = loser, winner
		}
		for _, r := range []credittypes.ModuleRecord{
			{Subject: winner, Counterparty: loser, Kind: credittypes.RECORD_KIND_DISPUTE_WON, Value: escrowValue(o), Evidence: orderRef(o), Note: msg.Note},
			{Subject: loser, Counterparty: winner, Kind: credittypes.RECORD_KIND_DISPUTE_LOST, Value: escrowValue(o), Evidence: orderRef(o), Note: msg.Note},
		} {
			if _, err := s.credit.AddModuleRecord(ctx, types.ModuleName, r); err != nil {
				return nil, err
			}
		}
		if winner == o.ProviderOrgId {
			if err := s.recordFulfilment(ctx, o); err != nil {
				return nil, err
			}
		}
	}
	return &types.MsgResolveDisputeResponse{}, s.transition(ctx, &o, types.ORDER_STATE_RESOLVED, msg.ProviderAmount, consumerAmount, msg.Signer, msg.Note)
}
