package keeper_test

import (
	"crypto/elliptic"
	"fmt"
	"math/big"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/device/types"
)

// highS rewrites a signature into its high-S twin: valid mathematically,
// refused because it would let anyone mint a second valid signature.
func highS(curve types.KeyType, sig []byte) []byte {
	n := crypto.S256().Params().N
	if curve == types.KEY_TYPE_P256 {
		n = elliptic.P256().Params().N
	}
	out := append([]byte(nil), sig...)
	new(big.Int).Sub(n, new(big.Int).SetBytes(sig[32:64])).FillBytes(out[32:64])
	if curve == types.KEY_TYPE_SECP256K1 {
		out[64] ^= 1
	}
	return out
}

func TestSubmitReadings(t *testing.T) {
	for _, curve := range curves {
		t.Run(curve.String(), func(t *testing.T) {
			f := setup(t)
			d := register(t, f, curve, "")
			own := device(t, f, d.ID()).Account
			now := nowMs(f)
			// By the device's own account, then through the firm's gateway.
			resp, err := f.Submit(own, d.Temperature(t, now-1000, "4.25"), d.RFID(t, now, "urn:epc:id:sscc:6902345.0000000011"))
			require.NoError(t, err)
			require.EqualValues(t, 2, resp.Accepted)
			require.Empty(t, resp.Refused)
			resp, err = f.Submit(bech32(logisticsGateway), d.Temperature(t, now, "-18.5"))
			require.NoError(t, err)
			require.EqualValues(t, 1, resp.Accepted)

			got := device(t, f, d.ID())
			require.EqualValues(t, 3, got.LastCounter)
			rs, err := f.Query.Readings(f.Ctx, &types.QueryReadingsRequest{Device: d.ID()})
			require.NoError(t, err)
			require.Len(t, rs.Readings, 3)
			require.Equal(t, "-18.5", rs.Readings[2].Reading.Value)
			require.Equal(t, bech32(logisticsGateway), rs.Readings[2].SubmittedBy)
			from, err := f.Query.Readings(f.Ctx, &types.QueryReadingsRequest{Device: d.ID(), FromCounter: 2})
			require.NoError(t, err)
			require.Len(t, from.Readings, 2)
			require.EqualValues(t, 2, from.Readings[0].Reading.Counter)
			one, err := f.Query.Reading(f.Ctx, &types.QueryReadingRequest{Device: d.ID(), Counter: 2})
			require.NoError(t, err)
			require.Equal(t, []string{"urn:epc:id:sscc:6902345.0000000011"}, one.Reading.Reading.Epcs)
		})
	}
}

// TestSubmitReadingsRefusals: every way a reading is refused, on both
// curves; a refused message changes nothing.
func TestSubmitReadingsRefusals(t *testing.T) {
	for _, curve := range curves {
		t.Run(curve.String(), func(t *testing.T) {
			f := setup(t)
			d := register(t, f, curve, "")
			suspended := register(t, f, curve, "")
			revoked := register(t, f, curve, "")
			for _, x := range []struct {
				dev    *devicetest.Device
				status types.DeviceStatus
			}{{suspended, types.DEVICE_STATUS_SUSPENDED}, {revoked, types.DEVICE_STATUS_REVOKED}} {
				_, err := f.Msg.SetDeviceStatus(f.Ctx, &types.MsgSetDeviceStatus{Signer: f.Logistics.Signer(), Device: x.dev.ID(), Status: x.status, Reason: "test"})
				require.NoError(t, err)
			}
			unregistered := devicetest.New(t, curve, f.Domain)
			gw := bech32(logisticsGateway)
			now := nowMs(f)
			first := d.Temperature(t, now, "4.0")
			_, err := f.Submit(gw, first)
			require.NoError(t, err)
			params := types.DefaultParams()

			reading := func() types.Reading {
				r := first
				r.Counter = d.Counter + 1
				r.Value = "5.0"
				return r
			}
			signed := func(mutate func(r *types.Reading)) types.Reading {
				r := reading()
				mutate(&r)
				d.Sign(t, &r)
				return r
			}
			cases := []struct {
				name     string
				signer   string
				readings []types.Reading
				want     error
				text     string
			}{
				{"unregistered device", gw, []types.Reading{unregistered.Temperature(t, now, "1")}, types.ErrDeviceNotFound, unregistered.ID()},
				{"suspended device", gw, []types.Reading{suspended.Temperature(t, now, "1")}, types.ErrDeviceSuspended, "test"},
				{"revoked device", gw, []types.Reading{revoked.Temperature(t, now, "1")}, types.ErrDeviceRevoked, "revoked at height"},
				{"signed for another chain", gw, []types.Reading{func() types.Reading {
					r := reading()
					other := *d
					other.Domain = types.NewDomain("tracechain-other")
					other.Sign(t, &r)
					return r
				}()}, types.ErrWrongSigner, "another chain"},
				{"replayed counter", gw, []types.Reading{first}, types.ErrCounterReplayed, "counter 1"},
				{"counter zero", gw, []types.Reading{signed(func(r *types.Reading) { r.Counter = 0 })}, types.ErrInvalidReading, "counter"},
				{"counter jumps too far", gw, []types.Reading{signed(func(r *types.Reading) { r.Counter = 2 + params.MaxCounterJump })}, types.ErrCounterJump, "at most"},
				{"high S", gw, []types.Reading{func() types.Reading { r := reading(); d.Sign(t, &r); r.Signature = highS(curve, r.Signature); return r }()}, types.ErrHighS, ""},
				{"malformed signature", gw, []types.Reading{func() types.Reading { r := reading(); r.Signature = []byte{1, 2, 3}; return r }()}, types.ErrMalformedSignature, "bytes"},
				{"missing signature", gw, []types.Reading{func() types.Reading { r := reading(); r.Signature = nil; return r }()}, types.ErrMalformedSignature, "signature"},
				{"content changed after signing", gw, []types.Reading{func() types.Reading { r := reading(); d.Sign(t, &r); r.Value = "4.9"; return r }()}, types.ErrWrongSigner, ""},
				{"time too far behind", gw, []types.Reading{signed(func(r *types.Reading) { r.DeviceTimeMs = uint64(now - int64(params.MaxReadingAgeSeconds+1)*1000) })}, types.ErrTimeOutsideWindow, "behind block time"},
				{"time ahead", gw, []types.Reading{signed(func(r *types.Reading) { r.DeviceTimeMs = uint64(now + int64(params.MaxClockSkewSeconds+1)*1000) })}, types.ErrTimeOutsideWindow, "ahead of block time"},
				{"another org's gateway", bech32(millGateway), []types.Reading{signed(func(*types.Reading) {})}, types.ErrSubmitterNotAllowed, "gateway of organization " + keepertest.MillOrg},
				{"an operator is no gateway", bech32(logisticsOp), []types.Reading{signed(func(*types.Reading) {})}, types.ErrSubmitterNotAllowed, "neither"},
				{"another device's account", device(t, f, suspended.ID()).Account, []types.Reading{signed(func(*types.Reading) {})}, types.ErrSubmitterNotAllowed, "own account"},
				{"not a member", bech32(keepertest.AccAddr(0x77)), []types.Reading{signed(func(*types.Reading) {})}, types.ErrSubmitterNotAllowed, ""},
				{"value not a decimal", gw, []types.Reading{signed(func(r *types.Reading) { r.Value = "1e3" })}, types.ErrInvalidReading, "value"},
				{"unknown measurement", gw, []types.Reading{signed(func(r *types.Reading) { r.MeasurementType = "gs1:Temp" })}, types.ErrInvalidReading, "measurement_type"},
				{"bad unit", gw, []types.Reading{signed(func(r *types.Reading) { r.Unit = "celsius" })}, types.ErrInvalidReading, "unit"},
				{"bad EPC", gw, []types.Reading{signed(func(r *types.Reading) { r.Epcs = []string{"urn:epc:id:sscc:123"} })}, types.ErrInvalidReading, "epcs[0]"},
				{"bad geo", gw, []types.Reading{signed(func(r *types.Reading) { r.Geo = "91,0" })}, types.ErrInvalidReading, "geo"},
				{"none", gw, nil, types.ErrInvalidReading, "none"},
				{"a good reading does not carry a bad one", gw, []types.Reading{
					signed(func(*types.Reading) {}), signed(func(r *types.Reading) { r.Counter = d.Counter + 2; r.Value = "x" }),
				}, types.ErrInvalidReading, "readings[1]"},
			}
			for _, c := range cases {
				before, err := f.Keeper.ExportGenesis(f.Ctx)
				require.NoError(t, err)
				_, err = f.Submit(c.signer, c.readings...)
				require.ErrorIs(t, err, c.want, c.name)
				require.ErrorContains(t, err, c.text, c.name)
				after, err := f.Keeper.ExportGenesis(f.Ctx)
				require.NoError(t, err)
				require.Equal(t, before, after, "%s: a refused message changes nothing", c.name)
			}

			// Too many readings in one message.
			many := make([]types.Reading, params.MaxReadingsPerMsg+1)
			_, err = f.Submit(gw, many...)
			require.ErrorIs(t, err, types.ErrTooManyReadings)

			// Below the counter window, a skipped counter is gone for good.
			r := signed(func(r *types.Reading) { r.Counter = 5 + params.CounterWindow })
			_, err = f.Submit(gw, r)
			require.NoError(t, err)
			_, err = f.Submit(gw, signed(func(r *types.Reading) { r.Counter = 5 }))
			require.ErrorIs(t, err, types.ErrCounterNotIncreasing)
			require.ErrorContains(t, err, fmt.Sprintf("late readings are accepted within %d counters", params.CounterWindow))
		})
	}
}

// TestLateReadingsWithinTheWindow: a reading that arrives after readings
// with higher counters (buffered, or overtaken between device and block)
// is recorded once if its counter is free and within the window; again it
// is a replay, with other content a clone, inside an anchored batch or
// below the window it is refused; with a window of 0 counters must rise.
func TestLateReadingsWithinTheWindow(t *testing.T) {
	f := setup(t)
	d := register(t, f, types.KEY_TYPE_SECP256K1, "")
	gw := bech32(logisticsGateway)
	now := nowMs(f)
	// The device registered last (d changes below).
	at := func(counter uint64, value string) types.Reading { return signedAt(t, d, now, counter, value) }
	_, err := f.Submit(gw, at(5, "4.0"))
	require.NoError(t, err)

	// Counters 3 and 4 arrive late, out of order, in one message with 6.
	f.Ctx = f.Ctx.WithEventManager(sdk.NewEventManager())
	res, err := f.Submit(gw, at(6, "4.3"), at(4, "4.2"), at(3, "4.1"))
	require.NoError(t, err)
	require.Equal(t, uint32(3), res.Accepted)
	dev := device(t, f, d.ID())
	require.Equal(t, uint64(6), dev.LastCounter, "the last counter stays the highest")
	for _, c := range []uint64{3, 4, 5, 6} {
		_, err := f.Query.Reading(f.Ctx, &types.QueryReadingRequest{Device: d.ID(), Counter: c})
		require.NoError(t, err, "counter %d recorded", c)
	}
	var accepted *types.EventReadingsAccepted
	for _, ev := range f.Ctx.EventManager().Events() {
		if ev.Type == "tracechain.device.v1.EventReadingsAccepted" {
			msg, err := sdk.ParseTypedEvent(abci.Event(ev))
			require.NoError(t, err)
			accepted = msg.(*types.EventReadingsAccepted)
		}
	}
	require.NotNil(t, accepted)
	require.Equal(t, [3]uint64{3, 6, 3}, [3]uint64{accepted.FirstCounter, accepted.LastCounter, uint64(accepted.Count)})

	// The same late reading again is a replay; other content is a clone.
	_, err = f.Submit(gw, at(4, "4.2"))
	require.ErrorIs(t, err, types.ErrCounterReplayed)
	res, err = f.Submit(gw, at(3, "9.9"))
	require.NoError(t, err)
	require.Len(t, res.Refused, 1)
	require.Equal(t, types.DEVICE_STATUS_SUSPENDED, device(t, f, d.ID()).Status)

	// Around anchored batches: a late counter between two batches is free,
	// one inside a batch is not.
	d = register(t, f, types.KEY_TYPE_SECP256K1, "")
	_, _, first5 := d.Batch(t, 5, now-60_000) // counters 1..5
	_, err = f.Anchor(gw, first5)
	require.NoError(t, err)
	_, err = f.Submit(gw, at(8, "4.0"))
	require.NoError(t, err)
	_, err = f.Submit(gw, at(7, "4.0"))
	require.NoError(t, err, "above every anchored counter")
	d.Counter = 9
	_, _, next3 := d.Batch(t, 3, now-30_000) // counters 10..12
	_, err = f.Anchor(gw, next3)
	require.NoError(t, err)
	_, err = f.Submit(gw, at(6, "4.0"))
	require.NoError(t, err, "between two anchored batches")
	_, err = f.Submit(gw, at(11, "4.0"))
	require.ErrorIs(t, err, types.ErrCounterReplayed)
	require.ErrorContains(t, err, "lies in the batch of counters 10..12")
	_, err = f.Submit(gw, at(3, "4.0"))
	require.ErrorContains(t, err, "lies in the batch of counters 1..5")

	// A window of 10 counters, on a fresh device.
	params, err := f.Keeper.Params.Get(f.Ctx)
	require.NoError(t, err)
	params.CounterWindow = 10
	require.NoError(t, f.Keeper.Params.Set(f.Ctx, params))
	d = register(t, f, types.KEY_TYPE_SECP256K1, "")
	_, err = f.Submit(gw, at(100, "4.0"))
	require.NoError(t, err)
	_, err = f.Submit(gw, at(90, "4.0"))
	require.ErrorIs(t, err, types.ErrCounterNotIncreasing)
	require.ErrorContains(t, err, "counter 90 is 10 below")
	_, err = f.Submit(gw, at(91, "4.0"))
	require.NoError(t, err)

	// A window of 0: counters must rise, as a device with no late path wants.
	params.CounterWindow = 0
	require.NoError(t, f.Keeper.Params.Set(f.Ctx, params))
	_, err = f.Submit(gw, at(99, "4.0"))
	require.ErrorIs(t, err, types.ErrCounterNotIncreasing)
}

// TestRevocationAppliesFromItsHeight: readings accepted before stay; from
// the revocation's height on, nothing is accepted.
func TestRevocationAppliesFromItsHeight(t *testing.T) {
	f := setup(t)
	d := register(t, f, types.KEY_TYPE_SECP256K1, "")
	_, err := f.Submit(bech32(logisticsGateway), d.Temperature(t, nowMs(f), "3"))
	require.NoError(t, err)
	f.Commit()
	_, err = f.Msg.SetDeviceStatus(f.Ctx, &types.MsgSetDeviceStatus{Signer: f.Logistics.Signer(), Device: d.ID(), Status: types.DEVICE_STATUS_REVOKED, Reason: "stolen"})
	require.NoError(t, err)
	_, err = f.Submit(bech32(logisticsGateway), d.Temperature(t, nowMs(f), "3"))
	require.ErrorIs(t, err, types.ErrDeviceRevoked)
	_, err = f.Query.Reading(f.Ctx, &types.QueryReadingRequest{Device: d.ID(), Counter: 1})
	require.NoError(t, err, "the reading accepted before revocation stays")
}

// TestCloneDetection: the same counter with other content, validly signed,
// proves the key is in two devices. The device is suspended and the
// evidence kept, while what it signed before stays valid.
func TestCloneDetection(t *testing.T) {
	for _, curve := range curves {
		t.Run(curve.String(), func(t *testing.T) {
			f := setup(t)
			d := register(t, f, curve, "")
			bystander := register(t, f, curve, "")
			gw := bech32(logisticsGateway)
			now := nowMs(f)
			original := d.Temperature(t, now, "4.0")
			_, err := f.Submit(gw, original)
			require.NoError(t, err)

			clone := original
			clone.Value = "9.0"
			d.Sign(t, &clone)
			after := d.Temperature(t, now, "4.1")
			resp, err := f.Submit(gw, bystander.Temperature(t, now, "2.0"), clone, after)
			require.NoError(t, err, "clone evidence is kept, so the message stands")
			require.EqualValues(t, 1, resp.Accepted, "the bystander's reading")
			require.Len(t, resp.Refused, 2)
			require.EqualValues(t, 1, resp.Refused[0].Index)
			require.Contains(t, resp.Refused[0].Reason, "clone detected")
			require.EqualValues(t, 2, resp.Refused[1].Index)

			got := device(t, f, d.ID())
			require.Equal(t, types.DEVICE_STATUS_SUSPENDED, got.Status)
			require.True(t, got.CloneSuspected)
			clones, err := f.Query.Clones(f.Ctx, &types.QueryClonesRequest{Device: d.ID()})
			require.NoError(t, err)
			require.Len(t, clones.Clones, 1)
			require.Equal(t, "9.0", clones.Clones[0].Conflicting.Value)
			kept, err := f.Query.Reading(f.Ctx, &types.QueryReadingRequest{Device: d.ID(), Counter: original.Counter})
			require.NoError(t, err)
			require.Equal(t, "4.0", kept.Reading.Reading.Value, "readings accepted before stay valid")

			_, err = f.Submit(gw, d.Temperature(t, now, "4.2"))
			require.ErrorIs(t, err, types.ErrDeviceSuspended)
			_, err = f.Msg.SetDeviceStatus(f.Ctx, &types.MsgSetDeviceStatus{Signer: f.Logistics.Signer(), Device: d.ID(), Status: types.DEVICE_STATUS_ACTIVE})
			require.ErrorIs(t, err, types.ErrCloneSuspected, "only a new key clears a clone")
		})
	}
}
