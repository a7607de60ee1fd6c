package types

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256r1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
)

// Half of each curve's order, big-endian on 32 bytes: a signature's s must
// not exceed it (low-S), so that no one can turn a valid signature into a
// second valid one.
var (
	secp256k1HalfN = fixed32(new(big.Int).Rsh(crypto.S256().Params().N, 1))
	secp256k1N     = fixed32(crypto.S256().Params().N)
	p256HalfN      = fixed32(new(big.Int).Rsh(elliptic.P256().Params().N, 1))
	p256N          = fixed32(elliptic.P256().Params().N)
	zero32         = make([]byte, 32)
)

func fixed32(n *big.Int) []byte { return n.FillBytes(make([]byte, 32)) }

// PublicKey is a device key on one of the two curves, kept as the SEC1
// uncompressed point (65 bytes): P-256 verification needs the point, and
// secp256k1 addresses are derived from it.
type PublicKey struct {
	Type         KeyType
	Uncompressed []byte
}

// ParsePublicKey reads a SEC1 key, compressed (33 bytes) or uncompressed
// (65 bytes), and checks that it is a point of the curve.
func ParsePublicKey(t KeyType, b []byte) (PublicKey, error) {
	switch t {
	case KEY_TYPE_SECP256K1:
		var pub *ecdsa.PublicKey
		var err error
		switch len(b) {
		case 33:
			pub, err = crypto.DecompressPubkey(b)
		case 65:
			pub, err = crypto.UnmarshalPubkey(b)
		default:
			return PublicKey{}, ErrInvalidKey.Wrapf("secp256k1 key of %d bytes; want 33 (compressed) or 65 (uncompressed)", len(b))
		}
		if err != nil {
			return PublicKey{}, ErrInvalidKey.Wrapf("secp256k1: %v", err)
		}
		return PublicKey{Type: t, Uncompressed: crypto.FromECDSAPub(pub)}, nil
	case KEY_TYPE_P256:
		switch len(b) {
		case 33:
			x, y := elliptic.UnmarshalCompressed(elliptic.P256(), b)
			if x == nil {
				return PublicKey{}, ErrInvalidKey.Wrap("P-256: not a compressed point of the curve")
			}
			return PublicKey{Type: t, Uncompressed: elliptic.Marshal(elliptic.P256(), x, y)}, nil //nolint:staticcheck // SEC1 encoding of a checked point
		case 65:
			if _, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), b); err != nil {
				return PublicKey{}, ErrInvalidKey.Wrapf("P-256: %v", err)
			}
			return PublicKey{Type: t, Uncompressed: bytes.Clone(b)}, nil
		default:
			return PublicKey{}, ErrInvalidKey.Wrapf("P-256 key of %d bytes; want 33 (compressed) or 65 (uncompressed)", len(b))
		}
	default:
		return PublicKey{}, ErrInvalidKey.Wrapf("key_type %s: want KEY_TYPE_SECP256K1 or KEY_TYPE_P256", t)
	}
}

// Address is the Ethereum-style address of the key: the last 20 bytes of
// keccak256 of the point's X ‖ Y. The same rule names P-256 devices.
func (k PublicKey) Address() [20]byte {
	var a [20]byte
	h := keccak(k.Uncompressed[1:])
	copy(a[:], h[12:])
	return a
}

// Compressed is the 33-byte SEC1 form.
func (k PublicKey) Compressed() []byte {
	x := k.Uncompressed[1:33]
	prefix := byte(0x02)
	if k.Uncompressed[64]&1 == 1 {
		prefix = 0x03
	}
	return append([]byte{prefix}, x...)
}

// AccountPubKey is the key as a chain account key (secp256k1 or
// secp256r1), so that the device can sign its own transactions.
func (k PublicKey) AccountPubKey() (cryptotypes.PubKey, error) {
	switch k.Type {
	case KEY_TYPE_SECP256K1:
		return &secp256k1.PubKey{Key: k.Compressed()}, nil
	case KEY_TYPE_P256:
		// secp256r1.PubKey wraps an unexported type: build it from its
		// protobuf encoding (field 1, the compressed point).
		var pk secp256r1.PubKey
		bz := append([]byte{0x0a, 33}, k.Compressed()...)
		if err := pk.Unmarshal(bz); err != nil {
			return nil, ErrInvalidKey.Wrapf("P-256 account key: %v", err)
		}
		return &pk, nil
	default:
		return nil, ErrInvalidKey.Wrapf("key_type %s", k.Type)
	}
}

// Verify checks sig over digest against the key. secp256k1 signatures are
// recovered and compared by address, the way Ethereum tools check them;
// P-256 signatures are verified against the point.
func (k PublicKey) Verify(digest Hash, sig []byte) error {
	switch k.Type {
	case KEY_TYPE_SECP256K1:
		return verifySecp256k1(k.Uncompressed, k.Address(), digest, sig)
	case KEY_TYPE_P256:
		return verifyP256(k.Uncompressed, digest, sig)
	default:
		return ErrInvalidKey.Wrapf("key_type %s", k.Type)
	}
}

// VerifyDevice checks a signature of a registered device (its stored
// uncompressed point and address): by recovery for secp256k1, by
// verification against the point for P-256.
func VerifyDevice(keyType KeyType, publicKey []byte, address [20]byte, digest Hash, sig []byte) error {
	switch keyType {
	case KEY_TYPE_SECP256K1:
		return verifySecp256k1(publicKey, address, digest, sig)
	case KEY_TYPE_P256:
		return verifyP256(publicKey, digest, sig)
	default:
		return ErrInvalidKey.Wrapf("key_type %s", keyType)
	}
}

// checkScalars refuses r or s outside [1, n) and s above n/2.
func checkScalars(r, s, n, halfN []byte) error {
	if bytes.Equal(r, zero32) || bytes.Compare(r, n) >= 0 || bytes.Equal(s, zero32) || bytes.Compare(s, n) >= 0 {
		return ErrMalformedSignature.Wrap("r and s must lie in [1, n)")
	}
	if bytes.Compare(s, halfN) > 0 {
		return ErrHighS
	}
	return nil
}

// verifySecp256k1 recovers the signer's key and compares it with the
// device's point (no address hashing on the way: the comparison is the
// same, one keccak cheaper).
func verifySecp256k1(uncompressed []byte, address [20]byte, digest Hash, sig []byte) error {
	if len(sig) != 65 {
		return ErrMalformedSignature.Wrapf("secp256k1 signature of %d bytes; want 65 (r ‖ s ‖ v)", len(sig))
	}
	if err := checkScalars(sig[:32], sig[32:64], secp256k1N, secp256k1HalfN); err != nil {
		return err
	}
	v := sig[64]
	if v >= 27 {
		v -= 27
	}
	if v > 1 {
		return ErrMalformedSignature.Wrapf("recovery id v = %d; want 0, 1, 27 or 28", sig[64])
	}
	var rsv [65]byte
	copy(rsv[:64], sig[:64])
	rsv[64] = v
	pub, err := crypto.Ecrecover(digest[:], rsv[:])
	if err != nil {
		return ErrMalformedSignature.Wrapf("recovery failed: %v", err)
	}
	if !bytes.Equal(pub, uncompressed) {
		h := keccak(pub[1:])
		return ErrWrongSigner.Wrapf("signed by %s, not %s (another key, or typed data of another chain or content)",
			FormatAddress([20]byte(h[12:])), FormatAddress(address))
	}
	return nil
}

func verifyP256(uncompressed []byte, digest Hash, sig []byte) error {
	if len(sig) != 64 {
		return ErrMalformedSignature.Wrapf("P-256 signature of %d bytes; want 64 (r ‖ s)", len(sig))
	}
	if err := checkScalars(sig[:32], sig[32:], p256N, p256HalfN); err != nil {
		return err
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), uncompressed)
	if err != nil {
		return ErrInvalidKey.Wrapf("stored P-256 key: %v", err)
	}
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	if !ecdsa.Verify(pub, digest[:], r, s) {
		return ErrWrongSigner.Wrap("the P-256 signature does not verify against the device key (another key, or typed data of another chain or content)")
	}
	return nil
}

// String describes a key for errors and logs.
func (k PublicKey) String() string {
	return fmt.Sprintf("%s %x", k.Type, k.Compressed())
}

// RecoverAddress returns the address of the secp256k1 key that made sig
// over digest (low-S and recovery id checked), for verifiers that know a
// device only by its address.
func RecoverAddress(digest Hash, sig []byte) ([20]byte, error) {
	if len(sig) != 65 {
		return [20]byte{}, ErrMalformedSignature.Wrapf("secp256k1 signature of %d bytes; want 65 (r ‖ s ‖ v)", len(sig))
	}
	if err := checkScalars(sig[:32], sig[32:64], secp256k1N, secp256k1HalfN); err != nil {
		return [20]byte{}, err
	}
	v := sig[64]
	if v >= 27 {
		v -= 27
	}
	if v > 1 {
		return [20]byte{}, ErrMalformedSignature.Wrapf("recovery id v = %d; want 0, 1, 27 or 28", sig[64])
	}
	rsv := append(append([]byte(nil), sig[:64]...), v)
	pub, err := crypto.Ecrecover(digest[:], rsv)
	if err != nil {
		return [20]byte{}, ErrMalformedSignature.Wrapf("recovery failed: %v", err)
	}
	h := keccak(pub[1:])
	return [20]byte(h[12:]), nil
}
