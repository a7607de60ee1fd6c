package keeper

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/device/types"
)

// AnchorBatch records a device-signed header committing to readings that
// stay off chain; the device's counter moves past the batch.
func (s msgServer) AnchorBatch(ctx context.Context, msg *types.MsgAnchorBatch) (*types.MsgAnchorBatchResponse, error) {
	params, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	h := &msg.Header
	if err := h.Validate(); err != nil {
		return nil, err
	}
	signerAddr, err := s.parseSigner(msg.Signer)
	if err != nil {
		return nil, err
	}
	member, err := s.membership.GetMember(ctx, signerAddr)
	if err != nil {
		return nil, types.ErrSubmitterNotAllowed.Wrapf("signer %s: %s", msg.Signer, err)
	}
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(params.GasPerReading, "device batch header")
	id, err := types.CanonicalAddress("header.device", h.Device)
	if err != nil {
		return nil, types.ErrInvalidBatch.Wrap(err.Error())
	}
	sub := &submission{k: s.Keeper, ctx: ctx, signer: msg.Signer, member: member, devices: map[string]*types.Device{}}
	d, err := sub.device(id)
	if err != nil {
		return nil, err
	}
	if err := sub.mayAct(d); err != nil {
		return nil, err
	}
	switch d.Status {
	case types.DEVICE_STATUS_ACTIVE:
	case types.DEVICE_STATUS_REVOKED:
		return nil, types.ErrDeviceRevoked.Wrapf("device %s was revoked at height %d", d.Id, d.RevokedHeight)
	default:
		return nil, types.ErrDeviceSuspended.Wrapf("device %s is suspended since height %d: %s", d.Id, d.SuspendedHeight, d.StatusReason)
	}
	if h.Count > params.MaxBatchCount || h.LastCounter-h.FirstCounter >= params.MaxBatchCount {
		return nil, types.ErrInvalidBatch.Wrapf("counters %d..%d (%d readings): a batch spans at most %d counters",
			h.FirstCounter, h.LastCounter, h.Count, params.MaxBatchCount)
	}
	if span := (h.LastTimeMs - h.FirstTimeMs) / 1000; span > params.MaxBatchSpanSeconds {
		return nil, types.ErrInvalidBatch.Wrapf("the batch spans %d s of device time; at most %d s", span, params.MaxBatchSpanSeconds)
	}
	if err := inWindow(params, blockTimeMs(ctx), h.LastTimeMs); err != nil {
		return nil, errorsmod.Wrap(err, "header.last_time_ms")
	}
	hash, err := h.StructHash()
	if err != nil {
		return nil, types.ErrInvalidBatch.Wrap(err.Error())
	}
	deviceAddr, err := types.ParseAddress("address", d.Address)
	if err != nil {
		return nil, err
	}
	if err := types.VerifyDevice(d.KeyType, d.PublicKey, deviceAddr, s.Domain(ctx).Digest(hash), h.Signature); err != nil {
		return nil, errorsmod.Wrap(err, "header.signature")
	}
	if h.FirstCounter <= d.LastCounter {
		prior, err := s.Anchors.Get(ctx, collections.Join(id, h.FirstCounter))
		if err == nil && bytes.Equal(prior.HeaderHash, hash[:]) {
			return nil, types.ErrCounterReplayed.Wrapf("this batch of device %s was anchored at height %d", id, prior.Height)
		} else if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return nil, err
		}
		return nil, types.ErrCounterNotIncreasing.Wrapf("first_counter %d is not above device %s's last counter %d", h.FirstCounter, id, d.LastCounter)
	}
	if h.FirstCounter-d.LastCounter > params.MaxCounterJump {
		return nil, types.ErrCounterJump.Wrapf("first_counter %d is %d past the last counter %d; at most %d allowed",
			h.FirstCounter, h.FirstCounter-d.LastCounter, d.LastCounter, params.MaxCounterJump)
	}
	height := blockHeight(ctx)
	h.Device = id // canonical; the signed hash does not depend on letter case
	if err := s.Anchors.Set(ctx, collections.Join(id, h.FirstCounter), types.Anchor{
		Header: *h, HeaderHash: hash[:], Height: height, SubmittedBy: msg.Signer,
	}); err != nil {
		return nil, err
	}
	d.LastCounter, d.LastAnchoredCounter = h.LastCounter, h.LastCounter
	if err := s.Devices.Set(ctx, id, *d); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventBatchAnchored{
		Device: id, FirstCounter: h.FirstCounter, LastCounter: h.LastCounter, Count: h.Count,
		MerkleRoot: fmt.Sprintf("%x", h.MerkleRoot), SubmittedBy: msg.Signer,
	}); err != nil {
		return nil, err
	}
	return &types.MsgAnchorBatchResponse{HeaderHash: hash[:]}, nil
}
