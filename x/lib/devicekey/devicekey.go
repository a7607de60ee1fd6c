// Package devicekey is the device side of x/device: a device's private key
// on secp256k1 or P-256, and the signatures the chain checks — readings,
// batch headers, proofs of possession and key rotations. tracesigner and
// the tests use it; the chain itself never holds a private key. It is in
// the library tier: it imports x/device/types (the value types and the
// EIP-712 hashing the chain checks) but no keeper and not the app, so a
// gateway links none of the chain (TestLibraryTierIsChainFree).
package devicekey

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256r1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"

	"github.com/tracechain/tracechain/x/device/types"
)

// PrivateKey is a device's signing key.
type PrivateKey struct {
	Type types.KeyType
	key  *ecdsa.PrivateKey
}

// Generate makes a new key on the curve.
func Generate(t types.KeyType) (*PrivateKey, error) {
	switch t {
	case types.KEY_TYPE_SECP256K1:
		k, err := crypto.GenerateKey()
		if err != nil {
			return nil, err
		}
		return &PrivateKey{Type: t, key: k}, nil
	case types.KEY_TYPE_P256:
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		return &PrivateKey{Type: t, key: k}, nil
	default:
		return nil, fmt.Errorf("key type %s: want secp256k1 or p256", t)
	}
}

// ParseKeyType reads "secp256k1" or "p256" (or the enum names).
func ParseKeyType(s string) (types.KeyType, error) {
	switch strings.ToLower(strings.TrimPrefix(strings.ToUpper(s), "KEY_TYPE_")) {
	case "secp256k1":
		return types.KEY_TYPE_SECP256K1, nil
	case "p256", "p-256", "secp256r1":
		return types.KEY_TYPE_P256, nil
	}
	return 0, fmt.Errorf("curve %q: want secp256k1 or p256", s)
}

// FromHex reads a 32-byte private scalar in hex.
func FromHex(t types.KeyType, s string) (*PrivateKey, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("private key: want 64 hex digits")
	}
	switch t {
	case types.KEY_TYPE_SECP256K1:
		k, err := crypto.ToECDSA(b)
		if err != nil {
			return nil, fmt.Errorf("private key: %w", err)
		}
		return &PrivateKey{Type: t, key: k}, nil
	case types.KEY_TYPE_P256:
		k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), b)
		if err != nil {
			return nil, fmt.Errorf("private key: %w", err)
		}
		return &PrivateKey{Type: t, key: k}, nil
	default:
		return nil, fmt.Errorf("key type %s: want secp256k1 or p256", t)
	}
}

// Hex is the private scalar in hex (keep it secret).
func (k *PrivateKey) Hex() string {
	return hex.EncodeToString(k.scalar())
}

// scalar is the 32-byte private scalar.
func (k *PrivateKey) scalar() []byte {
	if k.Type == types.KEY_TYPE_P256 {
		b, err := k.key.Bytes()
		if err != nil {
			panic(err) // a P-256 key always encodes
		}
		return b
	}
	return crypto.FromECDSA(k.key)
}

// PublicKey is the public half, as the chain keeps it.
func (k *PrivateKey) PublicKey() types.PublicKey {
	return types.PublicKey{Type: k.Type, Uncompressed: elliptic.Marshal(k.key.Curve, k.key.X, k.key.Y)} //nolint:staticcheck // SEC1 encoding
}

// Address is the device's Ethereum-style address; the key it was
// registered with gives the device ID.
func (k *PrivateKey) Address() [20]byte { return k.PublicKey().Address() }

// ID is the address in canonical form.
func (k *PrivateKey) ID() string { return types.FormatAddress(k.Address()) }

// SignDigest signs a 32-byte digest: secp256k1 as r ‖ s ‖ v (v 0 or 1),
// P-256 as r ‖ s; s is always in the lower half of the order.
func (k *PrivateKey) SignDigest(d types.Hash) ([]byte, error) {
	if k.Type == types.KEY_TYPE_SECP256K1 {
		return crypto.Sign(d[:], k.key)
	}
	r, s, err := ecdsa.Sign(rand.Reader, k.key, d[:])
	if err != nil {
		return nil, err
	}
	n := k.key.Curve.Params().N
	if s.Cmp(new(big.Int).Rsh(n, 1)) > 0 {
		s.Sub(n, s)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return sig, nil
}

// SignReading fills in the reading's signature.
func (k *PrivateKey) SignReading(domain types.Domain, r *types.Reading) error {
	h, err := r.StructHash()
	if err != nil {
		return err
	}
	r.Signature, err = k.SignDigest(domain.Digest(h))
	return err
}

// SignBatch fills in the batch header's signature.
func (k *PrivateKey) SignBatch(domain types.Domain, b *types.BatchHeader) error {
	h, err := b.StructHash()
	if err != nil {
		return err
	}
	b.Signature, err = k.SignDigest(domain.Digest(h))
	return err
}

// ProofOfPossession signs the registration challenge: this key, this
// chain, this owner organization.
func (k *PrivateKey) ProofOfPossession(domain types.Domain, ownerOrg string) ([]byte, error) {
	return k.SignDigest(domain.Digest(types.RegistrationHash(k.Address(), domain.ChainID, ownerOrg)))
}

// SignRotation signs the move of device (at keyVersion) to newKey; the old
// and the new key both call it.
func (k *PrivateKey) SignRotation(domain types.Domain, device [20]byte, keyVersion uint64, newKey types.PublicKey) ([]byte, error) {
	return k.SignDigest(domain.Digest(types.KeyRotationHash(device, keyVersion, newKey.Compressed())))
}

// AccountKey is the key as a chain account key, to sign the device's own
// transactions.
func (k *PrivateKey) AccountKey() (cryptotypes.PrivKey, error) {
	scalar := k.scalar()
	switch k.Type {
	case types.KEY_TYPE_SECP256K1:
		return &secp256k1.PrivKey{Key: scalar}, nil
	case types.KEY_TYPE_P256:
		var sk secp256r1.PrivKey
		if err := sk.Unmarshal(append([]byte{0x0a, 32}, scalar...)); err != nil {
			return nil, err
		}
		return &sk, nil
	default:
		return nil, fmt.Errorf("key type %s", k.Type)
	}
}
