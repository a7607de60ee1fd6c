package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/x/device/types"
)

// TestPreverifiedSignatures: readings whose signatures were verified at
// admission are accepted by the block with the cache used up; the cache
// vouches only for the exact key, digest and signature it verified — a
// reading whose device key changed after admission, or whose signature
// does not hold, fails in the block as it would without it; readings of
// unknown devices or malformed ones are left alone.
func TestPreverifiedSignatures(t *testing.T) {
	for _, curve := range curves {
		t.Run(curve.String(), func(t *testing.T) {
			f := setup(t)
			d := register(t, f, curve, "")
			gw := bech32(logisticsGateway)
			now := nowMs(f)
			msg := func(rs ...types.Reading) *types.MsgSubmitReadings {
				return &types.MsgSubmitReadings{Signer: gw, Readings: rs}
			}

			rs := []types.Reading{d.Temperature(t, now, "4.0"), d.Temperature(t, now, "4.1"), d.Temperature(t, now, "4.2")}
			f.Keeper.PreverifyReadings(f.Ctx, msg(rs...))
			require.Equal(t, 3, f.Keeper.PreverifiedSignatures())
			res, err := f.Submit(gw, rs...)
			require.NoError(t, err)
			require.EqualValues(t, 3, res.Accepted)
			require.Zero(t, f.Keeper.PreverifiedSignatures(), "each verification is used once")

			// A signature that does not hold is not remembered, and the
			// block refuses it with the usual error.
			forged := d.Temperature(t, now, "4.3")
			forged.Value = "-40"
			f.Keeper.PreverifyReadings(f.Ctx, msg(forged))
			require.Zero(t, f.Keeper.PreverifiedSignatures())
			_, err = f.Submit(gw, forged)
			require.ErrorIs(t, err, types.ErrWrongSigner)

			// Verified at admission under the device's key, which is then
			// replaced before the block: the block checks against the new
			// key and refuses.
			late := d.Temperature(t, now, "4.4")
			f.Keeper.PreverifyReadings(f.Ctx, msg(late))
			require.Equal(t, 1, f.Keeper.PreverifiedSignatures())
			other := devicetest.New(t, curve, f.Domain)
			dev := device(t, f, d.ID())
			dev.PublicKey = other.Key.PublicKey().Compressed()
			require.NoError(t, f.Keeper.Devices.Set(f.Ctx, dev.Id, dev))
			_, err = f.Submit(gw, late)
			require.Error(t, err, "the cache vouches for the old key only")
			require.Equal(t, 1, f.Keeper.PreverifiedSignatures(), "the old key's entry is not used")

			// Unknown devices and malformed readings: nothing remembered, nothing refused here.
			stranger := devicetest.New(t, curve, f.Domain)
			bad := d.Temperature(t, now, "4.5")
			bad.Unit = ""
			f.Keeper.PreverifyReadings(f.Ctx, msg(stranger.Temperature(t, now, "1"), bad))
			require.Equal(t, 1, f.Keeper.PreverifiedSignatures())
		})
	}
}
