// Package devicetest holds fake hardware signers for tests: a device key,
// its counter, and helpers that build signed readings, batches and the
// registry messages an org admin would send for it.
package devicetest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/devicekey"
)

// FirmwareHash is a plausible firmware image hash.
var FirmwareHash = func() string {
	h := sha256.Sum256([]byte("tracechain sensor firmware 1.4.2"))
	return hex.EncodeToString(h[:])
}()

// Device is a fake signing device.
type Device struct {
	Key     *devicekey.PrivateKey
	Domain  types.Domain
	Counter uint64
}

// New makes a device with a fresh key on the curve.
func New(t testing.TB, curve types.KeyType, domain types.Domain) *Device {
	t.Helper()
	k, err := devicekey.Generate(curve)
	require.NoError(t, err)
	return &Device{Key: k, Domain: domain}
}

// ID is the device ID the chain gives it.
func (d *Device) ID() string { return d.Key.ID() }

// RegisterMsg is the admin's registration of the device, with its proof of
// possession for ownerOrg.
func (d *Device) RegisterMsg(t testing.TB, admin, ownerOrg string, kind types.DeviceKind, giai string) *types.MsgRegisterDevice {
	t.Helper()
	pop, err := d.Key.ProofOfPossession(d.Domain, ownerOrg)
	require.NoError(t, err)
	return &types.MsgRegisterDevice{
		Signer: admin, OwnerOrgId: ownerOrg, Kind: kind, Model: "TL-200", FirmwareHash: FirmwareHash, Giai: giai,
		KeyType: d.Key.Type, PublicKey: d.Key.PublicKey().Compressed(), ProofOfPossession: pop,
	}
}

// Temperature is the next reading of the device: value in °C at timeMs, signed.
func (d *Device) Temperature(t testing.TB, timeMs int64, value string) types.Reading {
	t.Helper()
	r := d.nextTemperature(timeMs, value)
	d.Sign(t, &r)
	return r
}

func (d *Device) nextTemperature(timeMs int64, value string) types.Reading {
	d.Counter++
	return types.Reading{
		Device: d.ID(), Counter: d.Counter, DeviceTimeMs: uint64(timeMs), MeasurementType: types.TemperatureType, Value: value, Unit: "CEL",
	}
}

// RFID is the next reading of the device: a read of tags at timeMs, signed.
func (d *Device) RFID(t testing.TB, timeMs int64, epcs ...string) types.Reading {
	t.Helper()
	d.Counter++
	r := types.Reading{Device: d.ID(), Counter: d.Counter, DeviceTimeMs: uint64(timeMs), MeasurementType: types.RFIDRead, Epcs: epcs}
	d.Sign(t, &r)
	return r
}

// Sign (re)signs a reading with the device key.
func (d *Device) Sign(t testing.TB, r *types.Reading) {
	t.Helper()
	require.NoError(t, d.Key.SignReading(d.Domain, r))
}

// Batch builds n readings, their Merkle leaves, and the signed batch
// header over them. The header's signature covers every reading through
// the root, so the readings themselves are left unsigned.
func (d *Device) Batch(t testing.TB, n int, firstTimeMs int64) ([]types.Reading, []types.Hash, types.BatchHeader) {
	t.Helper()
	readings := make([]types.Reading, n)
	leaves := make([]types.Hash, n)
	for i := range readings {
		readings[i] = d.nextTemperature(firstTimeMs+int64(i)*1000, "4.5")
		h, err := readings[i].StructHash()
		require.NoError(t, err)
		leaves[i] = h
	}
	h := types.BatchHeader{
		Device: d.ID(), FirstCounter: readings[0].Counter, LastCounter: readings[n-1].Counter, Count: uint64(n),
		FirstTimeMs: readings[0].DeviceTimeMs, LastTimeMs: readings[n-1].DeviceTimeMs, MerkleRoot: types.MerkleRoot(leaves),
	}
	require.NoError(t, d.Key.SignBatch(d.Domain, &h))
	return readings, leaves, h
}
