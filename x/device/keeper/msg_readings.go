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
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// submission is the state of one MsgSubmitReadings while it is checked:
// the devices it touches are loaded once and written back once.
type submission struct {
	k       Keeper
	ctx     context.Context
	params  types.Params
	domain  types.Domain
	signer  string
	member  membershiptypes.Member
	nowMs   int64
	height  int64
	devices map[string]*types.Device
	order   []string // devices in order of first appearance, for events
	ranges  map[string]*types.EventReadingsAccepted
	cloned  map[string]bool          // devices suspended by a clone in this message
	runs    map[string][]*pendingRun // readings accepted so far, by device
	resp    types.MsgSubmitReadingsResponse
}

// SubmitReadings records readings of one or many devices. Any reading that
// fails a check fails the whole message, with an error naming the reading
// and the rule, and nothing is written — except a clone: a validly signed
// reading that reuses a counter with other content. That is evidence
// against the device, so the device is suspended, the evidence kept, and
// the reading (with the device's further readings in the message) reported
// refused while the rest of the message stands.
func (s msgServer) SubmitReadings(ctx context.Context, msg *types.MsgSubmitReadings) (*types.MsgSubmitReadingsResponse, error) {
	params, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if len(msg.Readings) == 0 {
		return nil, types.ErrInvalidReading.Wrap("readings: none")
	}
	if len(msg.Readings) > int(params.MaxReadingsPerMsg) {
		return nil, types.ErrTooManyReadings.Wrapf("%d readings; at most %d per message", len(msg.Readings), params.MaxReadingsPerMsg)
	}
	signerAddr, err := s.parseSigner(msg.Signer)
	if err != nil {
		return nil, err
	}
	member, err := s.membership.GetMember(ctx, signerAddr)
	if err != nil {
		return nil, types.ErrSubmitterNotAllowed.Wrapf("signer %s: %s", msg.Signer, err)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	sdkCtx.GasMeter().ConsumeGas(params.GasPerReading*uint64(len(msg.Readings)), "device readings")
	sub := &submission{
		k: s.Keeper, ctx: ctx, params: params, domain: s.Domain(ctx), signer: msg.Signer, member: member,
		nowMs: blockTimeMs(ctx), height: sdkCtx.BlockHeight(),
		devices: map[string]*types.Device{}, ranges: map[string]*types.EventReadingsAccepted{}, cloned: map[string]bool{},
		runs: map[string][]*pendingRun{},
	}
	for i := range msg.Readings {
		if err := sub.accept(i, &msg.Readings[i]); err != nil {
			return nil, err
		}
	}
	return sub.finish()
}

// device loads a reading's device once per message.
func (sub *submission) device(id string) (*types.Device, error) {
	if d, ok := sub.devices[id]; ok {
		return d, nil
	}
	d, err := sub.k.Devices.Get(sub.ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, types.ErrDeviceNotFound.Wrapf("device %s is not registered", id)
	} else if err != nil {
		return nil, err
	}
	sub.devices[id] = &d
	sub.order = append(sub.order, id)
	return &d, nil
}

// mayAct: the device's own account, or a GATEWAY of the device's organization.
func (sub *submission) mayAct(d *types.Device) error {
	if sub.signer == d.Account {
		return nil
	}
	if sub.member.Role == membershiptypes.ACCOUNT_ROLE_GATEWAY && sub.member.OrgId == d.OwnerOrgId {
		return nil
	}
	if sub.member.Role == membershiptypes.ACCOUNT_ROLE_GATEWAY {
		return types.ErrSubmitterNotAllowed.Wrapf("signer %s is a gateway of organization %s; device %s belongs to %s",
			sub.signer, sub.member.OrgId, d.Id, d.OwnerOrgId)
	}
	return types.ErrSubmitterNotAllowed.Wrapf("signer %s is neither device %s's own account (%s) nor a GATEWAY of %s",
		sub.signer, d.Id, d.Account, d.OwnerOrgId)
}

// inWindow checks a device time against block time.
func inWindow(p types.Params, nowMs int64, deviceMs uint64) error {
	earliest := nowMs - int64(p.MaxReadingAgeSeconds)*1000
	latest := nowMs + int64(p.MaxClockSkewSeconds)*1000
	if deviceMs > uint64(latest) {
		return types.ErrTimeOutsideWindow.Wrapf("device time %d ms is %d ms ahead of block time %d ms (at most %d s allowed)",
			deviceMs, int64(deviceMs)-nowMs, nowMs, p.MaxClockSkewSeconds)
	}
	if earliest > 0 && deviceMs < uint64(earliest) {
		return types.ErrTimeOutsideWindow.Wrapf("device time %d ms is %d s behind block time %d ms (at most %d s allowed)",
			deviceMs, (nowMs-int64(deviceMs))/1000, nowMs, p.MaxReadingAgeSeconds)
	}
	return nil
}

// accept checks and records reading i.
func (sub *submission) accept(i int, r *types.Reading) error {
	at := func(err error) error {
		return errorsmod.Wrapf(err, "readings[%d] (device %s, counter %d)", i, r.Device, r.Counter)
	}
	if err := r.Validate(); err != nil {
		return at(err)
	}
	id, err := types.CanonicalAddress("device", r.Device)
	if err != nil {
		return at(types.ErrInvalidReading.Wrap(err.Error()))
	}
	d, err := sub.device(id)
	if err != nil {
		return at(err)
	}
	if err := sub.mayAct(d); err != nil {
		return at(err)
	}
	switch d.Status {
	case types.DEVICE_STATUS_ACTIVE:
	case types.DEVICE_STATUS_REVOKED:
		return at(types.ErrDeviceRevoked.Wrapf("device %s was revoked at height %d", d.Id, d.RevokedHeight))
	default:
		if sub.cloned[d.Id] {
			sub.refuse(i, d, r, "device suspended: a clone was detected earlier in this message")
			return nil
		}
		return at(types.ErrDeviceSuspended.Wrapf("device %s is suspended since height %d: %s", d.Id, d.SuspendedHeight, d.StatusReason))
	}
	if err := inWindow(sub.params, sub.nowMs, r.DeviceTimeMs); err != nil {
		return at(err)
	}
	hash, err := r.StructHash()
	if err != nil {
		return at(types.ErrInvalidReading.Wrap(err.Error()))
	}
	deviceAddr, err := types.ParseAddress("address", d.Address)
	if err != nil {
		return at(err)
	}
	if err := sub.k.verifyDevice(d.KeyType, d.PublicKey, deviceAddr, sub.domain.Digest(hash), r.Signature); err != nil {
		return at(err)
	}
	if r.Counter <= d.LastCounter {
		if late, err := sub.lateCounter(i, d, r, hash, at); !late {
			return err
		}
	} else if r.Counter-d.LastCounter > sub.params.MaxCounterJump {
		return at(types.ErrCounterJump.Wrapf("counter %d is %d past the last counter %d; at most %d allowed",
			r.Counter, r.Counter-d.LastCounter, d.LastCounter, sub.params.MaxCounterJump))
	}
	// Stored under the canonical device ID; the hash does not depend on
	// the letter case of an address, so the signature still holds.
	r.Device = id
	sub.record(id, r, hash)
	d.LastCounter = max(d.LastCounter, r.Counter)
	sub.resp.Accepted++
	rg, ok := sub.ranges[id]
	if !ok {
		rg = &types.EventReadingsAccepted{Device: id, FirstCounter: r.Counter, LastCounter: r.Counter, SubmittedBy: sub.signer}
		sub.ranges[id] = rg
	}
	rg.FirstCounter, rg.LastCounter = min(rg.FirstCounter, r.Counter), max(rg.LastCounter, r.Counter)
	rg.Count++
	ids, err := sub.k.recordExcursions(sub.ctx, sub.params, d, r, sub.height)
	if err != nil {
		return at(err)
	}
	sub.resp.ExcursionIds = append(sub.resp.ExcursionIds, ids...)
	return nil
}

// lateCounter handles a validly signed reading at or below the device's
// last counter. It is late, and recorded (late is true), if its counter is
// within the counter window and no reading or anchored batch holds it yet:
// readings overtake one another between a device and a block (buffering
// gateways, unordered transactions, several nodes). Otherwise the same
// reading again is a replay, and other content under a counter already
// used is a clone (the device is suspended; err is nil, the message
// stands with the reading refused).
func (sub *submission) lateCounter(i int, d *types.Device, r *types.Reading, hash types.Hash, at func(error) error) (late bool, err error) {
	prior, found, err := sub.held(d.Id, r.Counter)
	if err != nil {
		return false, err
	}
	if !found {
		if d.LastCounter-r.Counter >= sub.params.CounterWindow {
			return false, at(types.ErrCounterNotIncreasing.Wrapf("counter %d is %d below device %s's last counter %d; late readings are accepted within %d counters",
				r.Counter, d.LastCounter-r.Counter, d.Id, d.LastCounter, sub.params.CounterWindow))
		}
		if r.Counter > d.LastAnchoredCounter {
			return true, nil
		}
		switch a, err := sub.k.AnchorCovering(sub.ctx, d.Id, r.Counter); {
		case err == nil:
			return false, at(types.ErrCounterReplayed.Wrapf("counter %d of device %s lies in the batch of counters %d..%d anchored at height %d",
				r.Counter, d.Id, a.Header.FirstCounter, a.Header.LastCounter, a.Height))
		case !errors.Is(err, types.ErrAnchorNotFound):
			return false, err
		}
		return true, nil
	}
	if bytes.Equal(prior.StructHash, hash[:]) {
		return false, at(types.ErrCounterReplayed.Wrapf("counter %d of device %s was recorded at height %d", r.Counter, d.Id, prior.Height))
	}
	evidence := types.CloneEvidence{
		Device: d.Id, Counter: r.Counter, AcceptedHash: prior.StructHash, ConflictingHash: hash[:], Conflicting: *r, Height: sub.height,
	}
	if err := sub.k.Clones.Set(sub.ctx, collections.Join(d.Id, r.Counter), evidence); err != nil {
		return false, err
	}
	previous := d.Status
	d.Status, d.CloneSuspected, d.SuspendedHeight = types.DEVICE_STATUS_SUSPENDED, true, sub.height
	d.StatusReason = fmt.Sprintf("clone detected: two readings signed with counter %d", r.Counter)
	sub.cloned[d.Id] = true
	if err := sub.k.emit(sub.ctx, &types.EventCloneDetected{
		Device: d.Id, Counter: r.Counter, AcceptedHash: fmt.Sprintf("%x", prior.StructHash), ConflictingHash: fmt.Sprintf("%x", hash[:]),
		SubmittedBy: sub.signer,
	}); err != nil {
		return false, err
	}
	if err := sub.k.emit(sub.ctx, &types.EventDeviceStatusChanged{
		Device: d.Id, Previous: previous, Status: d.Status, Reason: d.StatusReason, ChangedBy: types.ModuleName,
	}); err != nil {
		return false, err
	}
	sub.refuse(i, d, r, d.StatusReason+"; the device is suspended")
	return false, nil
}

// record adds an accepted reading to its device's runs: to the run it
// extends, or as a new run.
func (sub *submission) record(id string, r *types.Reading, hash types.Hash) {
	runs := sub.runs[id]
	if n := len(runs); n > 0 && runs[n-1].next() == r.Counter {
		runs[n-1].run.Readings = append(runs[n-1].run.Readings, runReading(*r, hash[:]))
		return
	}
	sub.runs[id] = append(runs, &pendingRun{
		first: r.Counter,
		run:   types.ReadingRun{Height: sub.height, SubmittedBy: sub.signer, Readings: []types.RunReading{runReading(*r, hash[:])}},
	})
}

// held is the reading a device's counter already holds: accepted earlier
// in this message, or on chain.
func (sub *submission) held(id string, counter uint64) (types.StoredReading, bool, error) {
	for _, p := range sub.runs[id] {
		if r, found := readingOfRun(id, p.first, &p.run, counter); found {
			return r, true, nil
		}
	}
	return sub.k.ReadingAt(sub.ctx, id, counter)
}

func (sub *submission) refuse(i int, d *types.Device, r *types.Reading, reason string) {
	sub.resp.Refused = append(sub.resp.Refused, types.ReadingRefusal{Index: uint32(i), Device: d.Id, Counter: r.Counter, Reason: reason})
}

// finish writes the touched devices back and emits one event per device.
func (sub *submission) finish() (*types.MsgSubmitReadingsResponse, error) {
	for _, id := range sub.order {
		for _, p := range sub.runs[id] {
			if err := sub.k.ReadingRuns.Set(sub.ctx, collections.Join(id, p.first), p.run); err != nil {
				return nil, err
			}
		}
		if err := sub.k.Devices.Set(sub.ctx, id, *sub.devices[id]); err != nil {
			return nil, err
		}
		if rg, ok := sub.ranges[id]; ok {
			if err := sub.k.emit(sub.ctx, rg); err != nil {
				return nil, err
			}
		}
	}
	return &sub.resp, nil
}
