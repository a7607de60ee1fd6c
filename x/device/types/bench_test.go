package types_test

import (
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/devicekey"
)

// benchReading is a typical sensor reading: a temperature about a lot.
func benchReading(b *testing.B, curve types.KeyType) (*devicekey.PrivateKey, types.Domain, *types.Reading) {
	b.Helper()
	key, err := devicekey.Generate(curve)
	if err != nil {
		b.Fatal(err)
	}
	domain := types.NewDomain("tracechain-bench-1")
	r := &types.Reading{
		Device: key.ID(), Counter: 123_456, DeviceTimeMs: 1_772_366_400_000, MeasurementType: types.TemperatureType,
		Value: "4.25", Unit: "CEL", Subject: "urn:epc:class:lgtin:6902345.054321.FL-A",
	}
	if err := key.SignReading(domain, r); err != nil {
		b.Fatal(err)
	}
	return key, domain, r
}

// benchVerify is the chain's whole verification of one reading: EIP-712
// struct hash, digest, signature check against the device's key.
func benchVerify(b *testing.B, curve types.KeyType) {
	key, domain, r := benchReading(b, curve)
	pub := key.PublicKey()
	addr := pub.Address()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h, err := r.StructHash()
		if err != nil {
			b.Fatal(err)
		}
		if err := types.VerifyDevice(curve, pub.Uncompressed, addr, domain.Digest(h), r.Signature); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyReadingSecp256k1(b *testing.B) { benchVerify(b, types.KEY_TYPE_SECP256K1) }
func BenchmarkVerifyReadingP256(b *testing.B)      { benchVerify(b, types.KEY_TYPE_P256) }

// BenchmarkEcrecoverRaw is go-ethereum's bare public-key recovery of the
// same signature: the floor the verification path is measured against.
func BenchmarkEcrecoverRaw(b *testing.B) {
	_, domain, r := benchReading(b, types.KEY_TYPE_SECP256K1)
	h, err := r.StructHash()
	if err != nil {
		b.Fatal(err)
	}
	digest := domain.Digest(h)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := crypto.Ecrecover(digest[:], r.Signature); err != nil {
			b.Fatal(err)
		}
	}
}
