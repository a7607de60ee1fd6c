package types_test

import (
	"strconv"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/x/device/types"
)

func u64(t *testing.T, s string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(s, 10, 64)
	require.NoError(t, err)
	return n
}

// TestEthersVectors: the chain's hashing gives ethers.js's struct hashes,
// domain separator and digests, and ethers.js's signatures (v = 27/28)
// verify, as do its proofs of possession and batch signatures.
func TestEthersVectors(t *testing.T) {
	v := devicetest.LoadEthersVectors(t, "testdata/ethers-vectors.json")
	domain := types.NewDomain(v.ChainID)
	sep, salt := domain.Separator(), domain.Salt()
	require.Equal(t, v.DomainSeparator, hexutil.Encode(sep[:]))
	require.Equal(t, v.Salt, hexutil.Encode(salt[:]))
	total := 0
	for _, d := range v.Devices {
		key, err := types.ParsePublicKey(types.KEY_TYPE_SECP256K1, hexutil.MustDecode(d.PublicKey))
		require.NoError(t, err)
		addr, err := types.ParseAddress("address", d.Address)
		require.NoError(t, err)
		require.Equal(t, addr, key.Address())

		pop := hexutil.MustDecode(d.ProofOfPossession)
		require.NoError(t, key.Verify(domain.Digest(types.RegistrationHash(addr, v.ChainID, v.OwnerOrg)), pop), "ethers proof of possession")

		for _, er := range d.Readings {
			r := types.Reading{
				Device: er.Device, Counter: u64(t, er.Counter), DeviceTimeMs: u64(t, er.DeviceTime), MeasurementType: er.MeasurementType,
				Value: er.Value, Unit: er.Unit, Epcs: er.Epcs, Geo: er.Geo, Subject: er.Subject, Signature: hexutil.MustDecode(er.Signature),
			}
			require.NoError(t, r.Validate())
			h, err := r.StructHash()
			require.NoError(t, err)
			require.Equal(t, er.StructHash, hexutil.Encode(h[:]), "struct hash of counter %d", r.Counter)
			digest := domain.Digest(h)
			require.Equal(t, er.Digest, hexutil.Encode(digest[:]))
			require.NoError(t, types.VerifyDevice(types.KEY_TYPE_SECP256K1, key.Uncompressed, addr, digest, r.Signature))
			total++
		}
		b := types.BatchHeader{
			Device: d.Address, FirstCounter: u64(t, d.Batch.FirstCounter), LastCounter: u64(t, d.Batch.LastCounter), Count: u64(t, d.Batch.Count),
			FirstTimeMs: u64(t, d.Batch.FirstTime), LastTimeMs: u64(t, d.Batch.LastTime), MerkleRoot: hexutil.MustDecode(d.Batch.MerkleRoot),
			Signature: hexutil.MustDecode(d.Batch.Signature),
		}
		h, err := b.StructHash()
		require.NoError(t, err)
		require.Equal(t, d.Batch.StructHash, hexutil.Encode(h[:]))
		require.NoError(t, key.Verify(domain.Digest(h), b.Signature))
	}
	require.GreaterOrEqual(t, total, 8)
}
