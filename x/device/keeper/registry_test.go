package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/device/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

func TestRegisterDevice(t *testing.T) {
	for _, curve := range curves {
		t.Run(curve.String(), func(t *testing.T) {
			f := setup(t)
			d := register(t, f, curve, "urn:epc:id:giai:6903456.TRUCK7-T1")
			got := device(t, f, d.ID())
			require.Equal(t, types.DEVICE_STATUS_ACTIVE, got.Status)
			require.Equal(t, f.Logistics.ID, got.OwnerOrgId)
			require.Equal(t, d.ID(), got.Address)
			require.Equal(t, "https://id.gs1.org/8004/6903456TRUCK7-T1", got.Giai, "GIAI kept in the canonical form AssociationEvents use")
			require.Equal(t, f.Ctx.BlockHeight(), got.RegisteredHeight)

			// The device's own account acts for the firm, as a DEVICE.
			m, err := f.Membership.Keeper.Members.Get(f.Ctx, mustAcc(t, got.Account))
			require.NoError(t, err)
			require.Equal(t, membershiptypes.ACCOUNT_ROLE_DEVICE, m.Role)
			require.Equal(t, f.Logistics.ID, m.OrgId)

			// Found by its account, too.
			require.Equal(t, d.ID(), device(t, f, got.Account).Id)
		})
	}
}

func mustAcc(t *testing.T, s string) []byte {
	t.Helper()
	bz, err := keepertest.NewDevice(t).AddrCodec.StringToBytes(s)
	require.NoError(t, err)
	return bz
}

func TestRegisterDeviceRefusals(t *testing.T) {
	for _, curve := range curves {
		t.Run(curve.String(), func(t *testing.T) {
			f := setup(t)
			existing := register(t, f, curve, "urn:epc:id:giai:6903456.TRUCK7-T1")
			fresh := func() *devicetest.Device { return devicetest.New(t, curve, f.Domain) }
			other := fresh()
			cases := []struct {
				name   string
				mutate func(m *types.MsgRegisterDevice)
				want   error
				text   string
			}{
				{"an operator is not an admin", func(m *types.MsgRegisterDevice) { m.Signer = bech32(logisticsOp) }, membershiptypes.ErrRoleNotAllowed, "ADMIN"},
				{"another org's admin", func(m *types.MsgRegisterDevice) { m.Signer = f.Mill.Signer() }, types.ErrUnauthorized, "administers organization " + f.Mill.ID},
				{"unknown org", func(m *types.MsgRegisterDevice) { m.OwnerOrgId = "91350999MA2XY0099X" }, membershiptypes.ErrOrgNotFound, ""},
				{"no kind", func(m *types.MsgRegisterDevice) { m.Kind = types.DEVICE_KIND_UNSPECIFIED }, types.ErrInvalidDevice, "kind"},
				{"firmware hash", func(m *types.MsgRegisterDevice) { m.FirmwareHash = "abc" }, types.ErrInvalidDevice, "firmware_hash"},
				{"model", func(m *types.MsgRegisterDevice) { m.Model = "" }, types.ErrInvalidDevice, "model"},
				{"giai not a GIAI", func(m *types.MsgRegisterDevice) { m.Giai = "urn:epc:id:sscc:6903456.0000000011" }, types.ErrInvalidDevice, "giai"},
				{"giai taken", func(m *types.MsgRegisterDevice) { m.Giai = "urn:epc:id:giai:6903456.TRUCK7-T1" }, types.ErrInvalidDevice, "already names device"},
				// A competitor squats the mill's sensor identity.
				{"giai under another org's prefix", func(m *types.MsgRegisterDevice) { m.Giai = "urn:epc:id:giai:6902345.COLDROOM-1" }, types.ErrGIAINotOwned, "held by " + f.Mill.ID},
				{"giai under nobody's prefix", func(m *types.MsgRegisterDevice) { m.Giai = "urn:epc:id:giai:7000001.X1" }, types.ErrGIAINotOwned, "no organization"},
				{"key garbage", func(m *types.MsgRegisterDevice) { m.PublicKey = []byte{1, 2, 3} }, types.ErrInvalidKey, "public_key"},
				{"key type missing", func(m *types.MsgRegisterDevice) { m.KeyType = types.KEY_TYPE_UNSPECIFIED }, types.ErrInvalidKey, "public_key"},
				{"proof by the wrong key", func(m *types.MsgRegisterDevice) {
					pop, err := other.Key.ProofOfPossession(f.Domain, f.Logistics.ID)
					require.NoError(t, err)
					m.ProofOfPossession = pop
				}, types.ErrInvalidProof, "proof_of_possession"},
				{"proof for another chain", func(m *types.MsgRegisterDevice) {
					d := fresh()
					d.Domain = types.NewDomain("tracechain-other")
					*m = *d.RegisterMsg(t, f.Logistics.Signer(), f.Logistics.ID, types.DEVICE_KIND_SENSOR, "")
				}, types.ErrInvalidProof, "tracechain-test-1"},
				{"proof for another org", func(m *types.MsgRegisterDevice) {
					d := fresh()
					msg := d.RegisterMsg(t, f.Logistics.Signer(), f.Mill.ID, types.DEVICE_KIND_SENSOR, "")
					msg.OwnerOrgId = f.Logistics.ID
					*m = *msg
				}, types.ErrInvalidProof, ""},
				{"already registered", func(m *types.MsgRegisterDevice) {
					*m = *existing.RegisterMsg(t, f.Logistics.Signer(), f.Logistics.ID, types.DEVICE_KIND_SENSOR, "")
				}, types.ErrDeviceExists, existing.ID()},
			}
			for _, c := range cases {
				msg := fresh().RegisterMsg(t, f.Logistics.Signer(), f.Logistics.ID, types.DEVICE_KIND_SENSOR, "")
				c.mutate(msg)
				before, err := f.Keeper.ExportGenesis(f.Ctx)
				require.NoError(t, err)
				cache, _ := f.Ctx.CacheContext()
				_, err = f.Msg.RegisterDevice(cache, msg)
				require.ErrorIs(t, err, c.want, c.name)
				require.ErrorContains(t, err, c.text, c.name)
				after, err := f.Keeper.ExportGenesis(f.Ctx)
				require.NoError(t, err)
				require.Equal(t, before, after, c.name)
			}
		})
	}
}

func TestDeviceStatusChanges(t *testing.T) {
	f := setup(t)
	d := register(t, f, types.KEY_TYPE_SECP256K1, "")
	set := func(signer string, s types.DeviceStatus, reason string) error {
		_, err := f.Msg.SetDeviceStatus(f.Ctx, &types.MsgSetDeviceStatus{Signer: signer, Device: d.ID(), Status: s, Reason: reason})
		return err
	}
	require.ErrorIs(t, set(f.Mill.Signer(), types.DEVICE_STATUS_SUSPENDED, "x"), types.ErrUnauthorized)
	require.ErrorIs(t, set(f.Logistics.Signer(), types.DEVICE_STATUS_SUSPENDED, ""), types.ErrInvalidStatusChange, "a suspension says why")
	require.ErrorIs(t, set(f.Logistics.Signer(), types.DEVICE_STATUS_ACTIVE, ""), types.ErrInvalidStatusChange, "already active")
	require.NoError(t, set(f.Authority, types.DEVICE_STATUS_SUSPENDED, "sent for calibration"))
	got := device(t, f, d.ID())
	require.Equal(t, types.DEVICE_STATUS_SUSPENDED, got.Status)
	require.Equal(t, f.Ctx.BlockHeight(), got.SuspendedHeight)
	require.NoError(t, set(f.Logistics.Signer(), types.DEVICE_STATUS_ACTIVE, ""))

	f.Commit()
	require.NoError(t, set(f.Logistics.Signer(), types.DEVICE_STATUS_REVOKED, "decommissioned"))
	got = device(t, f, d.ID())
	require.Equal(t, types.DEVICE_STATUS_REVOKED, got.Status)
	require.Equal(t, f.Ctx.BlockHeight(), got.RevokedHeight)
	has, err := f.Membership.Keeper.Members.Has(f.Ctx, mustAcc(t, got.Account))
	require.NoError(t, err)
	require.False(t, has, "a revoked device's account no longer acts for the firm")
	require.ErrorIs(t, set(f.Logistics.Signer(), types.DEVICE_STATUS_ACTIVE, ""), types.ErrDeviceRevoked, "revocation is final")

	_, err = f.Msg.UpdateDevice(f.Ctx, &types.MsgUpdateDevice{Signer: f.Logistics.Signer(), Device: d.ID(), Model: "TL-300", FirmwareHash: devicetest.FirmwareHash})
	require.ErrorIs(t, err, types.ErrDeviceRevoked)
}

func TestUpdateDevice(t *testing.T) {
	f := setup(t)
	d := register(t, f, types.KEY_TYPE_P256, "")
	newHash := "00" + devicetest.FirmwareHash[2:]
	_, err := f.Msg.UpdateDevice(f.Ctx, &types.MsgUpdateDevice{Signer: f.Logistics.Signer(), Device: d.ID(), Model: "TL-300", FirmwareHash: newHash})
	require.NoError(t, err)
	got := device(t, f, d.ID())
	require.Equal(t, "TL-300", got.Model)
	require.Equal(t, newHash, got.FirmwareHash)
	_, err = f.Msg.UpdateDevice(f.Ctx, &types.MsgUpdateDevice{Signer: f.Logistics.Signer(), Device: d.ID(), Model: "TL-300", FirmwareHash: "XYZ"})
	require.ErrorIs(t, err, types.ErrInvalidDevice)
}

func TestRotateDeviceKey(t *testing.T) {
	for _, from := range curves {
		for _, to := range curves {
			t.Run(from.String()+"→"+to.String(), func(t *testing.T) {
				f := setup(t)
				d := register(t, f, from, "")
				r := d.Temperature(t, nowMs(f), "4.0")
				_, err := f.Submit(device(t, f, d.ID()).Account, r)
				require.NoError(t, err)

				next := devicetest.New(t, to, f.Domain)
				devAddr, err := types.ParseAddress("device", d.ID())
				require.NoError(t, err)
				oldSig, err := d.Key.SignRotation(f.Domain, devAddr, 0, next.Key.PublicKey())
				require.NoError(t, err)
				newSig, err := next.Key.SignRotation(f.Domain, devAddr, 0, next.Key.PublicKey())
				require.NoError(t, err)
				msg := &types.MsgRotateDeviceKey{
					Signer: f.Logistics.Signer(), Device: d.ID(), KeyType: to, NewPublicKey: next.Key.PublicKey().Compressed(),
					OldKeySignature: oldSig, NewKeySignature: newSig,
				}
				bad := *msg
				bad.OldKeySignature = newSig
				_, err = f.Msg.RotateDeviceKey(f.Ctx, &bad)
				require.ErrorIs(t, err, types.ErrInvalidProof)
				require.ErrorContains(t, err, "old_key_signature")
				bad = *msg
				bad.NewKeySignature = oldSig
				_, err = f.Msg.RotateDeviceKey(f.Ctx, &bad)
				require.ErrorContains(t, err, "new_key_signature")

				resp, err := f.Msg.RotateDeviceKey(f.Ctx, msg)
				require.NoError(t, err)
				got := device(t, f, d.ID())
				require.Equal(t, next.ID(), got.Address)
				require.Equal(t, resp.Account, got.Account)
				require.EqualValues(t, 1, got.KeyVersion)
				require.Equal(t, got.Id, device(t, f, next.ID()).Id, "found by the new key's address")

				_, err = f.Msg.RotateDeviceKey(f.Ctx, msg)
				require.Error(t, err, "a rotation cannot be replayed")

				// The old key no longer speaks for the device; the new one does,
				// continuing the device's counter, under the device's ID.
				stale := d.Temperature(t, nowMs(f), "4.1")
				_, err = f.Submit(f.Logistics.Signer(), stale)
				require.Error(t, err)
				_, err = f.Submit(bech32(logisticsGateway), stale)
				if from == to {
					require.ErrorIs(t, err, types.ErrWrongSigner)
				} else {
					require.ErrorIs(t, err, types.ErrMalformedSignature, "a signature of the old curve does not even parse")
				}
				fresh := types.Reading{Device: d.ID(), Counter: d.Counter, DeviceTimeMs: uint64(nowMs(f)), MeasurementType: types.TemperatureType, Value: "4.1", Unit: "CEL"}
				require.NoError(t, next.Key.SignReading(f.Domain, &fresh))
				_, err = f.Submit(got.Account, fresh)
				require.NoError(t, err, "the device's new account submits")
			})
		}
	}
}
