package keeper

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"cosmossdk.io/collections"

	credittypes "github.com/tracechain/tracechain/x/credit/types"
	"github.com/tracechain/tracechain/x/lib/gs1"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/trace/types"
)

const maxReasonLength = 512

// RecallLot recalls an object at once and queues everything derived from
// it; EndBlock marks the descendants, a bounded number per block. The
// owner, the organization holding the object's GS1 company prefix (the
// brand owner who commissioned it, even after selling it) or a regulator
// may recall.
func (s msgServer) RecallLot(ctx context.Context, msg *types.MsgRecallLot) (*types.MsgRecallLotResponse, error) {
	info, err := s.member(ctx, msg.Signer, membershiptypes.Requirement{OrgRoles: recorderOrgs, AccountRoles: businessAccount})
	if err != nil {
		return nil, err
	}
	org := info.Organization
	gid, err := gs1.Parse(msg.ObjectId)
	if err != nil {
		return nil, types.ErrInvalidIdentifier.Wrapf("object_id: %s", err)
	}
	if err := validateLabel("reason", msg.Reason, maxReasonLength, true); err != nil {
		return nil, types.ErrInvalidEvent.Wrap(err.Error())
	}
	obj, err := s.getObject(ctx, gid.URI)
	if err != nil {
		return nil, err
	}
	if obj.RecallId != 0 {
		return nil, types.ErrAlreadyRecalled.Wrapf("%s is under recall %d", obj.Id, obj.RecallId)
	}
	brandOwner, _, err := s.prefixOwner(ctx, gid)
	if err != nil {
		return nil, err
	}
	if obj.OwnerOrgId != org.Id && brandOwner != org.Id && !slices.Contains(org.Roles, membershiptypes.ORG_ROLE_REGULATOR) {
		return nil, types.ErrNotRecallInitiator.Wrapf("%s is owned by %s and its prefix held by %s; %s is neither nor a regulator",
			obj.Id, obj.OwnerOrgId, brandOwner, org.Id)
	}
	id, err := s.RecallSequence.Next(ctx)
	if err != nil {
		return nil, err
	}
	recall := types.Recall{
		Id: id, RootObjectId: obj.Id, InitiatorOrgId: org.Id, Initiator: msg.Signer, Reason: msg.Reason,
		State: types.RECALL_STATE_PROPAGATING, Height: blockHeight(ctx),
	}
	if err := s.markRecalled(ctx, &recall, obj); err != nil {
		return nil, err
	}
	if err := s.Recalls.Set(ctx, id, recall); err != nil {
		return nil, err
	}
	if err := s.ActiveRecalls.Set(ctx, id); err != nil {
		return nil, err
	}
	if err := s.recordRecallOrigin(ctx, recall, obj, brandOwner, slices.Contains(org.Roles, membershiptypes.ORG_ROLE_REGULATOR)); err != nil {
		return nil, err
	}
	return &types.MsgRecallLotResponse{RecallId: id}, s.emit(ctx, &types.EventRecallStarted{
		RecallId: id, RootObjectId: obj.Id, InitiatorOrgId: org.Id, Reason: msg.Reason,
	})
}

// AcknowledgeRecall records that a holder of recalled goods has acted.
func (s msgServer) AcknowledgeRecall(ctx context.Context, msg *types.MsgAcknowledgeRecall) (*types.MsgAcknowledgeRecallResponse, error) {
	info, err := s.member(ctx, msg.Signer, membershiptypes.Requirement{AccountRoles: businessAccount})
	if err != nil {
		return nil, err
	}
	org := info.Organization.Id
	recall, err := s.Recalls.Get(ctx, msg.RecallId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, types.ErrRecallNotFound.Wrapf("recall_id %d", msg.RecallId)
	} else if err != nil {
		return nil, err
	}
	if err := validateLabel("note", msg.Note, maxReasonLength, false); err != nil {
		return nil, types.ErrInvalidEvent.Wrap(err.Error())
	}
	key := collections.Join(recall.Id, org)
	if holds, err := s.RecallHolders.Has(ctx, key); err != nil {
		return nil, err
	} else if !holds {
		return nil, types.ErrNotRecallHolder.Wrapf("%s holds no goods of recall %d (so far %d holders are known)", org, recall.Id, recall.HolderCount)
	}
	if acked, err := s.RecallAcks.Has(ctx, key); err != nil {
		return nil, err
	} else if acked {
		return nil, types.ErrAlreadyAcknowledged.Wrapf("%s acknowledged recall %d already", org, recall.Id)
	}
	ack := types.RecallAcknowledgement{RecallId: recall.Id, OrgId: org, By: msg.Signer, Note: msg.Note, Height: blockHeight(ctx)}
	if err := s.RecallAcks.Set(ctx, key, ack); err != nil {
		return nil, err
	}
	recall.AcknowledgedCount++
	if err := s.Recalls.Set(ctx, recall.Id, recall); err != nil {
		return nil, err
	}
	return &types.MsgAcknowledgeRecallResponse{}, s.emit(ctx, &types.EventRecallAcknowledged{RecallId: recall.Id, OrgId: org, By: msg.Signer})
}

// recordRecallOrigin writes a credit record against the organization the
// recalled lot came from: its brand owner (the holder of its company
// prefix), or its owner when the prefix is nobody's — when a regulator or
// that organization itself started the recall. An owner further down the
// chain may withdraw goods it bought, but that is no finding against
// their maker: otherwise any buyer could smear a brand with a recall.
func (k Keeper) recordRecallOrigin(ctx context.Context, recall types.Recall, obj types.TraceObject, brandOwner string, byRegulator bool) error {
	subject := brandOwner
	if subject == "" {
		subject = obj.OwnerOrgId
	}
	if !byRegulator && recall.InitiatorOrgId != subject {
		return nil
	}
	_, err := k.credit.AddModuleRecord(ctx, types.ModuleName, credittypes.ModuleRecord{
		Subject: subject, Counterparty: recall.InitiatorOrgId, Kind: credittypes.RECORD_KIND_RECALL_ORIGIN, Weight: 1,
		Evidence: []string{fmt.Sprintf("recall %d", recall.Id), obj.Id}, Note: recall.Reason,
	})
	return err
}
