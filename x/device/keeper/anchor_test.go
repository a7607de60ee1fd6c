package keeper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/device/types"
)

// TestAnchorTenThousandReadings: one transaction anchors 10,000 readings;
// each verifies against the on-chain root with its proof, and a changed
// reading does not.
func TestAnchorTenThousandReadings(t *testing.T) {
	for _, curve := range curves {
		t.Run(curve.String(), func(t *testing.T) {
			f := setup(t)
			d := register(t, f, curve, "")
			const n = 10_000
			start := nowMs(f) - n*1000
			readings, leaves, header := d.Batch(t, n, start)
			resp, err := f.Anchor(device(t, f, d.ID()).Account, header)
			require.NoError(t, err)
			require.Len(t, resp.HeaderHash, 32)
			require.EqualValues(t, n, device(t, f, d.ID()).LastCounter)

			anchor, err := f.Query.Anchor(f.Ctx, &types.QueryAnchorRequest{Device: d.ID(), Counter: 4321})
			require.NoError(t, err)
			root := anchor.Anchor.Header.MerkleRoot
			_, proofs := types.MerkleProofs(leaves)
			for i := range readings {
				h, err := readings[i].StructHash()
				require.NoError(t, err)
				require.NoError(t, types.VerifyInclusion(root, proofs[i], h), "reading %d", i)
			}
			changed := readings[1234]
			changed.Value = "4.6"
			h, err := changed.StructHash()
			require.NoError(t, err)
			require.Error(t, types.VerifyInclusion(root, proofs[1234], h), "a changed reading fails")

			// Its counters are used: neither a reading nor the batch again.
			_, err = f.Anchor(device(t, f, d.ID()).Account, header)
			require.ErrorIs(t, err, types.ErrCounterReplayed)
			late := readings[5]
			d.Sign(t, &late)
			late.DeviceTimeMs = uint64(nowMs(f))
			d.Sign(t, &late)
			_, err = f.Submit(bech32(logisticsGateway), late)
			require.ErrorIs(t, err, types.ErrCounterReplayed)
			require.ErrorContains(t, err, fmt.Sprintf("lies in the batch of counters 1..%d", n))
			_, err = f.Query.Anchor(f.Ctx, &types.QueryAnchorRequest{Device: d.ID(), Counter: n + 1})
			require.Error(t, err)
		})
	}
}

func TestAnchorRefusals(t *testing.T) {
	f := setup(t)
	d := register(t, f, types.KEY_TYPE_SECP256K1, "")
	gw := bech32(logisticsGateway)
	_, _, good := d.Batch(t, 10, nowMs(f)-20_000)
	resign := func(h types.BatchHeader) types.BatchHeader {
		require.NoError(t, d.Key.SignBatch(f.Domain, &h))
		return h
	}
	cases := []struct {
		name   string
		signer string
		header types.BatchHeader
		want   error
	}{
		{"count above the counter range", gw, resign(func() types.BatchHeader { h := good; h.Count = 11; return h }()), types.ErrInvalidBatch},
		{"root of the wrong size", gw, func() types.BatchHeader { h := good; h.MerkleRoot = h.MerkleRoot[:31]; return h }(), types.ErrInvalidBatch},
		{"root changed after signing", gw, func() types.BatchHeader {
			h := good
			h.MerkleRoot = append([]byte(nil), good.MerkleRoot...)
			h.MerkleRoot[0] ^= 1
			return h
		}(), types.ErrWrongSigner},
		{"in the future", gw, resign(func() types.BatchHeader { h := good; h.LastTimeMs = uint64(nowMs(f) + 3_600_000); return h }()), types.ErrTimeOutsideWindow},
		{"another org's gateway", bech32(millGateway), good, types.ErrSubmitterNotAllowed},
		{"high S", gw, func() types.BatchHeader {
			h := good
			h.Signature = highS(types.KEY_TYPE_SECP256K1, h.Signature)
			return h
		}(), types.ErrHighS},
	}
	for _, c := range cases {
		_, err := f.Anchor(c.signer, c.header)
		require.ErrorIs(t, err, c.want, c.name)
	}
	_, err := f.Anchor(gw, good)
	require.NoError(t, err)
}
