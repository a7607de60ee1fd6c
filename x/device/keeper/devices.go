package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/device/types"
)

// resolveDevice finds a device by its ID, the address of its current key
// or its chain account.
func (k Keeper) resolveDevice(ctx context.Context, ref string) (types.Device, error) {
	if ref == "" {
		return types.Device{}, types.ErrInvalidDevice.Wrap("device: missing (a device ID, key address or account)")
	}
	if addr, err := types.CanonicalAddress("device", ref); err == nil {
		if d, err := k.Devices.Get(ctx, addr); err == nil {
			return d, nil
		} else if !errors.Is(err, collections.ErrNotFound) {
			return d, err
		}
		id, err := k.DevicesByAddress.Get(ctx, addr)
		if errors.Is(err, collections.ErrNotFound) {
			return types.Device{}, types.ErrDeviceNotFound.Wrapf("device %s is not registered", addr)
		} else if err != nil {
			return types.Device{}, err
		}
		return k.Devices.Get(ctx, id)
	}
	acc, err := k.addressCodec.StringToBytes(ref)
	if err != nil {
		return types.Device{}, types.ErrInvalidDevice.Wrapf("device: %q is neither a 0x device address nor an account", ref)
	}
	id, err := k.DevicesByAccount.Get(ctx, acc)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Device{}, types.ErrDeviceNotFound.Wrapf("no device has account %s", ref)
	} else if err != nil {
		return types.Device{}, err
	}
	return k.Devices.Get(ctx, id)
}

// GetDevice finds a device by its ID, key address or account: x/service
// reads which goods an anchoring device measured.
func (k Keeper) GetDevice(ctx context.Context, ref string) (types.Device, error) {
	return k.resolveDevice(ctx, ref)
}

// setDevice writes a device and its indexes (the caller removes stale
// index entries when a key changes).
func (k Keeper) setDevice(ctx context.Context, d types.Device) error {
	if err := k.Devices.Set(ctx, d.Id, d); err != nil {
		return err
	}
	if err := k.DevicesByAddress.Set(ctx, d.Address, d.Id); err != nil {
		return err
	}
	acc, err := k.addressCodec.StringToBytes(d.Account)
	if err != nil {
		return err
	}
	if err := k.DevicesByAccount.Set(ctx, acc, d.Id); err != nil {
		return err
	}
	if d.Giai != "" {
		if err := k.DevicesByGIAI.Set(ctx, d.Giai, d.Id); err != nil {
			return err
		}
	}
	return k.DevicesByOrg.Set(ctx, collections.Join(d.OwnerOrgId, d.Id))
}

// accountOf is the chain account of a device key.
func (k Keeper) accountOf(key types.PublicKey) (sdk.AccAddress, string, error) {
	pub, err := key.AccountPubKey()
	if err != nil {
		return nil, "", err
	}
	addr := sdk.AccAddress(pub.Address())
	s, err := k.addressCodec.BytesToString(addr)
	return addr, s, err
}
