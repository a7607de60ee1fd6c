package keeper

import (
	"context"
	"errors"
	"regexp"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/gs1"
)

var (
	firmwareHashShape = regexp.MustCompile(`^[0-9a-f]{64}$`)
	modelShape        = regexp.MustCompile(`^[\x20-\x7e]{1,128}$`)
)

const maxReasonLength = 256

// validateDescription checks model and firmware hash.
func validateDescription(model, firmwareHash string) error {
	if !modelShape.MatchString(model) {
		return types.ErrInvalidDevice.Wrapf("model: %q must be 1 to 128 printable ASCII characters", model)
	}
	if !firmwareHashShape.MatchString(firmwareHash) {
		return types.ErrInvalidDevice.Wrapf("firmware_hash: %q is not a SHA-256 in 64 lowercase hex digits", firmwareHash)
	}
	return nil
}

// keyFree refuses a key whose address already names a device or a current key.
func (k Keeper) keyFree(ctx context.Context, address string) error {
	if has, err := k.Devices.Has(ctx, address); err != nil {
		return err
	} else if has {
		return types.ErrKeyInUse.Wrapf("key address %s is device %s", address, address)
	}
	if id, err := k.DevicesByAddress.Get(ctx, address); err == nil {
		return types.ErrKeyInUse.Wrapf("key address %s is the current key of device %s", address, id)
	} else if !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	return nil
}

func (s msgServer) RegisterDevice(ctx context.Context, msg *types.MsgRegisterDevice) (*types.MsgRegisterDeviceResponse, error) {
	if _, err := s.membership.GetOrganization(ctx, msg.OwnerOrgId); err != nil {
		return nil, err
	}
	if err := s.requireOrgAdmin(ctx, msg.Signer, msg.OwnerOrgId, false); err != nil {
		return nil, err
	}
	switch msg.Kind {
	case types.DEVICE_KIND_SENSOR, types.DEVICE_KIND_RFID_READER, types.DEVICE_KIND_GATEWAY:
	default:
		return nil, types.ErrInvalidDevice.Wrapf("kind: %s; want SENSOR, RFID_READER or GATEWAY", msg.Kind)
	}
	if err := validateDescription(msg.Model, msg.FirmwareHash); err != nil {
		return nil, err
	}
	giai := ""
	if msg.Giai != "" {
		id, err := gs1.Parse(msg.Giai)
		if err != nil || id.Kind != gs1.KindGIAI {
			return nil, types.ErrInvalidDevice.Wrapf("giai: %q is not a GS1 GIAI (urn:epc:id:giai:... or a Digital Link with /8004/)", msg.Giai)
		}
		giai = id.URI
		// A GIAI, like every GS1 key, is its company prefix holder's: an
		// organization names only its own assets, so that nobody squats
		// another's sensor identity or feeds readings to goods tied to it.
		holder, found, err := s.trace.PrefixHolder(ctx, id)
		if err != nil {
			return nil, err
		}
		if !found || holder != msg.OwnerOrgId {
			if !found {
				holder = "no organization"
			}
			return nil, types.ErrGIAINotOwned.Wrapf("giai: %s is under a company prefix held by %s, not by %s", giai, holder, msg.OwnerOrgId)
		}
		if other, err := s.DevicesByGIAI.Get(ctx, giai); err == nil {
			return nil, types.ErrInvalidDevice.Wrapf("giai: %s already names device %s", giai, other)
		} else if !errors.Is(err, collections.ErrNotFound) {
			return nil, err
		}
	}
	key, err := types.ParsePublicKey(msg.KeyType, msg.PublicKey)
	if err != nil {
		return nil, types.ErrInvalidKey.Wrapf("public_key: %s", err)
	}
	id := types.FormatAddress(key.Address())
	if err := s.keyFree(ctx, id); err != nil {
		return nil, types.ErrDeviceExists.Wrap(err.Error())
	}
	domain := s.Domain(ctx)
	challenge := domain.Digest(types.RegistrationHash(key.Address(), domain.ChainID, msg.OwnerOrgId))
	if err := key.Verify(challenge, msg.ProofOfPossession); err != nil {
		return nil, types.ErrInvalidProof.Wrapf("proof_of_possession: the key must sign DeviceRegistration{device %s, chainId %q, ownerOrg %q}: %s",
			id, domain.ChainID, msg.OwnerOrgId, err)
	}
	acc, accStr, err := s.accountOf(key)
	if err != nil {
		return nil, err
	}
	if err := s.membership.AdmitDeviceAccount(ctx, msg.OwnerOrgId, acc, msg.Signer); err != nil {
		return nil, types.ErrKeyInUse.Wrap(err.Error())
	}
	d := types.Device{
		Id: id, OwnerOrgId: msg.OwnerOrgId, Kind: msg.Kind, Model: msg.Model, FirmwareHash: msg.FirmwareHash, Giai: giai,
		KeyType: msg.KeyType, PublicKey: key.Uncompressed, Address: id, Account: accStr,
		Status: types.DEVICE_STATUS_ACTIVE, RegisteredHeight: blockHeight(ctx), RegisteredBy: msg.Signer,
	}
	if err := s.setDevice(ctx, d); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventDeviceRegistered{
		Device: id, OwnerOrgId: d.OwnerOrgId, Kind: d.Kind, KeyType: d.KeyType, Address: d.Address, Account: d.Account, RegisteredBy: msg.Signer,
	}); err != nil {
		return nil, err
	}
	return &types.MsgRegisterDeviceResponse{DeviceId: id, Account: accStr}, nil
}

func (s msgServer) RotateDeviceKey(ctx context.Context, msg *types.MsgRotateDeviceKey) (*types.MsgRotateDeviceKeyResponse, error) {
	d, err := s.resolveDevice(ctx, msg.Device)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgAdmin(ctx, msg.Signer, d.OwnerOrgId, false); err != nil {
		return nil, err
	}
	if d.Status == types.DEVICE_STATUS_REVOKED {
		return nil, types.ErrDeviceRevoked.Wrapf("device %s was revoked at height %d; register a new device", d.Id, d.RevokedHeight)
	}
	newKey, err := types.ParsePublicKey(msg.KeyType, msg.NewPublicKey)
	if err != nil {
		return nil, types.ErrInvalidKey.Wrapf("new_public_key: %s", err)
	}
	newAddr := types.FormatAddress(newKey.Address())
	if err := s.keyFree(ctx, newAddr); err != nil {
		return nil, err
	}
	oldKey, err := types.ParsePublicKey(d.KeyType, d.PublicKey)
	if err != nil {
		return nil, err
	}
	deviceAddr, err := types.ParseAddress("device", d.Id)
	if err != nil {
		return nil, err
	}
	digest := s.Domain(ctx).Digest(types.KeyRotationHash(deviceAddr, d.KeyVersion, newKey.Compressed()))
	if err := oldKey.Verify(digest, msg.OldKeySignature); err != nil {
		return nil, types.ErrInvalidProof.Wrapf("old_key_signature: the current key must sign KeyRotation{device %s, keyVersion %d, newPublicKey}: %s", d.Id, d.KeyVersion, err)
	}
	if err := newKey.Verify(digest, msg.NewKeySignature); err != nil {
		return nil, types.ErrInvalidProof.Wrapf("new_key_signature: the new key must sign KeyRotation{device %s, keyVersion %d, newPublicKey}: %s", d.Id, d.KeyVersion, err)
	}
	// The old key and its account stop acting for the device.
	oldAcc, err := s.addressCodec.StringToBytes(d.Account)
	if err != nil {
		return nil, err
	}
	if err := s.membership.DismissDeviceAccount(ctx, oldAcc, msg.Signer); err != nil {
		return nil, err
	}
	if err := s.DevicesByAccount.Remove(ctx, oldAcc); err != nil {
		return nil, err
	}
	if err := s.DevicesByAddress.Remove(ctx, d.Address); err != nil {
		return nil, err
	}
	acc, accStr, err := s.accountOf(newKey)
	if err != nil {
		return nil, err
	}
	if err := s.membership.AdmitDeviceAccount(ctx, d.OwnerOrgId, acc, msg.Signer); err != nil {
		return nil, types.ErrKeyInUse.Wrap(err.Error())
	}
	previous := d.Address
	d.KeyType, d.PublicKey, d.Address, d.Account = msg.KeyType, newKey.Uncompressed, newAddr, accStr
	d.KeyVersion++
	d.KeyRotatedHeight = blockHeight(ctx)
	// A new key ends the suspicion of a clone: the admin may reactivate it.
	d.CloneSuspected = false
	if err := s.setDevice(ctx, d); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventDeviceKeyRotated{
		Device: d.Id, KeyVersion: d.KeyVersion, PreviousAddress: previous, Address: newAddr, Account: accStr, RotatedBy: msg.Signer,
	}); err != nil {
		return nil, err
	}
	return &types.MsgRotateDeviceKeyResponse{Address: newAddr, Account: accStr}, nil
}

func (s msgServer) SetDeviceStatus(ctx context.Context, msg *types.MsgSetDeviceStatus) (*types.MsgSetDeviceStatusResponse, error) {
	d, err := s.resolveDevice(ctx, msg.Device)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgAdmin(ctx, msg.Signer, d.OwnerOrgId, true); err != nil {
		return nil, err
	}
	if len(msg.Reason) > maxReasonLength {
		return nil, types.ErrInvalidStatusChange.Wrapf("reason: %d characters; at most %d", len(msg.Reason), maxReasonLength)
	}
	switch {
	case d.Status == types.DEVICE_STATUS_REVOKED:
		return nil, types.ErrDeviceRevoked.Wrapf("device %s was revoked at height %d; revocation is final", d.Id, d.RevokedHeight)
	case msg.Status == d.Status:
		return nil, types.ErrInvalidStatusChange.Wrapf("device %s is already %s", d.Id, d.Status)
	case msg.Status == types.DEVICE_STATUS_ACTIVE && d.CloneSuspected:
		return nil, types.ErrCloneSuspected.Wrapf("device %s signed two readings with one counter", d.Id)
	case msg.Status != types.DEVICE_STATUS_ACTIVE && msg.Reason == "":
		return nil, types.ErrInvalidStatusChange.Wrapf("reason: say why device %s is %s", d.Id, msg.Status)
	}
	previous := d.Status
	switch msg.Status {
	case types.DEVICE_STATUS_ACTIVE:
	case types.DEVICE_STATUS_SUSPENDED:
		d.SuspendedHeight = blockHeight(ctx)
	case types.DEVICE_STATUS_REVOKED:
		// From this height on nothing the key signs is accepted, and its
		// account no longer acts for the organization.
		d.RevokedHeight = blockHeight(ctx)
		acc, err := s.addressCodec.StringToBytes(d.Account)
		if err != nil {
			return nil, err
		}
		if err := s.membership.DismissDeviceAccount(ctx, acc, msg.Signer); err != nil {
			return nil, err
		}
	default:
		return nil, types.ErrInvalidStatusChange.Wrapf("status: %s; want ACTIVE, SUSPENDED or REVOKED", msg.Status)
	}
	d.Status, d.StatusReason = msg.Status, msg.Reason
	if err := s.Devices.Set(ctx, d.Id, d); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventDeviceStatusChanged{
		Device: d.Id, Previous: previous, Status: d.Status, Reason: msg.Reason, ChangedBy: msg.Signer,
	}); err != nil {
		return nil, err
	}
	return &types.MsgSetDeviceStatusResponse{}, nil
}

func (s msgServer) UpdateDevice(ctx context.Context, msg *types.MsgUpdateDevice) (*types.MsgUpdateDeviceResponse, error) {
	d, err := s.resolveDevice(ctx, msg.Device)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgAdmin(ctx, msg.Signer, d.OwnerOrgId, false); err != nil {
		return nil, err
	}
	if d.Status == types.DEVICE_STATUS_REVOKED {
		return nil, types.ErrDeviceRevoked.Wrapf("device %s was revoked at height %d", d.Id, d.RevokedHeight)
	}
	if err := validateDescription(msg.Model, msg.FirmwareHash); err != nil {
		return nil, err
	}
	d.Model, d.FirmwareHash = msg.Model, msg.FirmwareHash
	if err := s.Devices.Set(ctx, d.Id, d); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventDeviceUpdated{Device: d.Id, Model: d.Model, FirmwareHash: d.FirmwareHash, UpdatedBy: msg.Signer}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateDeviceResponse{}, nil
}
