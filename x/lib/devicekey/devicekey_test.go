package devicekey_test

import (
	"crypto/elliptic"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/devicekey"
)

var curves = []types.KeyType{types.KEY_TYPE_SECP256K1, types.KEY_TYPE_P256}

func reading(device string) *types.Reading {
	return &types.Reading{Device: device, Counter: 7, DeviceTimeMs: 1_767_225_600_000, MeasurementType: "gs1:Temperature", Value: "4.5", Unit: "CEL"}
}

// highS turns a valid low-S signature into its high-S twin, which
// verifies mathematically and must still be refused.
func highS(t types.KeyType, sig []byte) []byte {
	n := crypto.S256().Params().N
	if t == types.KEY_TYPE_P256 {
		n = elliptic.P256().Params().N
	}
	out := append([]byte(nil), sig...)
	s := new(big.Int).SetBytes(sig[32:64])
	new(big.Int).Sub(n, s).FillBytes(out[32:64])
	if t == types.KEY_TYPE_SECP256K1 {
		out[64] ^= 1
	}
	return out
}

func TestSignAndVerifyBothCurves(t *testing.T) {
	for _, curve := range curves {
		t.Run(curve.String(), func(t *testing.T) {
			key, err := devicekey.Generate(curve)
			require.NoError(t, err)
			other, err := devicekey.Generate(curve)
			require.NoError(t, err)
			domain := types.NewDomain("tracechain-test-1")
			r := reading(key.ID())
			require.NoError(t, key.SignReading(domain, r))
			h, err := r.StructHash()
			require.NoError(t, err)
			pub := key.PublicKey()
			require.NoError(t, types.VerifyDevice(curve, pub.Uncompressed, pub.Address(), domain.Digest(h), r.Signature))

			cases := []struct {
				name string
				sig  []byte
				dom  types.Domain
				pub  types.PublicKey
				want error
			}{
				{"another chain", r.Signature, types.NewDomain("tracechain-other"), pub, types.ErrWrongSigner},
				{"another key", r.Signature, domain, other.PublicKey(), types.ErrWrongSigner},
				{"high S", highS(curve, r.Signature), domain, pub, types.ErrHighS},
				{"truncated", r.Signature[:40], domain, pub, types.ErrMalformedSignature},
				{"empty", nil, domain, pub, types.ErrMalformedSignature},
				{"zero r", append(make([]byte, 32), r.Signature[32:]...), domain, pub, types.ErrMalformedSignature},
			}
			for _, c := range cases {
				err := types.VerifyDevice(curve, c.pub.Uncompressed, c.pub.Address(), c.dom.Digest(h), c.sig)
				require.ErrorIs(t, err, c.want, c.name)
			}
			if curve == types.KEY_TYPE_SECP256K1 {
				bad := append([]byte(nil), r.Signature...)
				bad[64] = 5
				require.ErrorIs(t, types.VerifyDevice(curve, pub.Uncompressed, pub.Address(), domain.Digest(h), bad), types.ErrMalformedSignature)
				eth := append([]byte(nil), r.Signature...)
				eth[64] += 27 // ethers.js writes v as 27/28
				require.NoError(t, types.VerifyDevice(curve, pub.Uncompressed, pub.Address(), domain.Digest(h), eth))
			}
		})
	}
}

func TestKeyRoundTripsAndAccounts(t *testing.T) {
	for _, curve := range curves {
		key, err := devicekey.Generate(curve)
		require.NoError(t, err)
		again, err := devicekey.FromHex(curve, key.Hex())
		require.NoError(t, err)
		require.Equal(t, key.ID(), again.ID())

		pub := key.PublicKey()
		parsed, err := types.ParsePublicKey(curve, pub.Compressed())
		require.NoError(t, err)
		require.Equal(t, pub.Uncompressed, parsed.Uncompressed, "compressed form decompresses to the same point")
		parsed, err = types.ParsePublicKey(curve, pub.Uncompressed)
		require.NoError(t, err)
		require.Equal(t, pub.Address(), parsed.Address())

		acc, err := key.AccountKey()
		require.NoError(t, err)
		accPub, err := pub.AccountPubKey()
		require.NoError(t, err)
		require.True(t, acc.PubKey().Equals(accPub), "%s account key", curve)
		msg := []byte("a transaction's sign bytes")
		sig, err := acc.Sign(msg)
		require.NoError(t, err)
		require.True(t, accPub.VerifySignature(msg, sig), "%s: the device can sign its own transactions", curve)
	}
	// The secp256k1 device address is the Ethereum address of the key.
	key, err := devicekey.Generate(types.KEY_TYPE_SECP256K1)
	require.NoError(t, err)
	k, err := crypto.HexToECDSA(key.Hex())
	require.NoError(t, err)
	require.Equal(t, [20]byte(crypto.PubkeyToAddress(k.PublicKey)), key.Address())
}

func TestParsePublicKeyRefusals(t *testing.T) {
	notOnCurve := append([]byte{0x04}, make([]byte, 64)...)
	notOnCurve[1] = 1
	for _, c := range []struct {
		curve types.KeyType
		key   []byte
	}{
		{types.KEY_TYPE_SECP256K1, nil},
		{types.KEY_TYPE_SECP256K1, make([]byte, 20)},
		{types.KEY_TYPE_SECP256K1, notOnCurve},
		{types.KEY_TYPE_P256, notOnCurve},
		{types.KEY_TYPE_P256, append([]byte{0x05}, make([]byte, 32)...)},
		{types.KEY_TYPE_UNSPECIFIED, make([]byte, 33)},
	} {
		_, err := types.ParsePublicKey(c.curve, c.key)
		require.ErrorIs(t, err, types.ErrInvalidKey, "%s %x", c.curve, c.key)
	}
}

func TestMerkleProofsOfABatch(t *testing.T) {
	key, err := devicekey.Generate(types.KEY_TYPE_SECP256K1)
	require.NoError(t, err)
	for _, n := range []int{1, 2, 3, 7, 100} {
		leaves := make([]types.Hash, n)
		for i := range leaves {
			r := reading(key.ID())
			r.Counter = uint64(i + 1)
			leaves[i], err = r.StructHash()
			require.NoError(t, err)
		}
		root, proofs := types.MerkleProofs(leaves)
		require.Equal(t, root, types.MerkleRoot(leaves))
		for i, p := range proofs {
			require.NoError(t, types.VerifyInclusion(root, p, leaves[i]), "n=%d leaf %d", n, i)
			changed := leaves[i]
			changed[0] ^= 1
			require.Error(t, types.VerifyInclusion(root, p, changed), "n=%d changed leaf %d", n, i)
			if n > 1 {
				require.Error(t, types.VerifyInclusion(root, p, leaves[(i+1)%n]), "n=%d: leaf %d's proof proves no other leaf", n, i)
			}
		}
	}
}
