package types_test

import (
	"testing"

	"github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/devicekey"
)

// fuzzKeys are fixed device keys the fuzzers verify against.
func fuzzKeys(f *testing.F) []*devicekey.PrivateKey {
	f.Helper()
	k1, err := devicekey.FromHex(types.KEY_TYPE_SECP256K1, "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	if err != nil {
		f.Fatal(err)
	}
	k2, err := devicekey.FromHex(types.KEY_TYPE_P256, "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721")
	if err != nil {
		f.Fatal(err)
	}
	return []*devicekey.PrivateKey{k1, k2}
}

// FuzzReadingDecodeAndVerify: any bytes a gateway sends as a reading are
// decoded, validated, hashed and verified on both curves without a panic,
// and only a reading the device really signed verifies.
func FuzzReadingDecodeAndVerify(f *testing.F) {
	keys := fuzzKeys(f)
	domain := types.NewDomain("tracechain-fuzz-1")
	for _, k := range keys {
		for _, r := range sampleReadings() {
			r.Device = k.ID()
			if err := k.SignReading(domain, r); err != nil {
				f.Fatal(err)
			}
			bz, err := r.Marshal()
			if err != nil {
				f.Fatal(err)
			}
			f.Add(bz)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r types.Reading
		if err := r.Unmarshal(data); err != nil {
			return
		}
		valid := r.Validate() == nil
		h, err := r.StructHash()
		if err != nil {
			if valid {
				t.Fatalf("a valid reading does not hash: %v", err)
			}
			return
		}
		for _, k := range keys {
			pub := k.PublicKey()
			err := types.VerifyDevice(k.Type, pub.Uncompressed, pub.Address(), domain.Digest(h), r.Signature)
			if err == nil && r.Device != k.ID() {
				t.Fatalf("a signature of device %s verified for device %s", r.Device, k.ID())
			}
		}
	})
}

// FuzzVerifySignature: arbitrary signature bytes over arbitrary digests
// never panic and never verify.
func FuzzVerifySignature(f *testing.F) {
	keys := fuzzKeys(f)
	f.Add([]byte{}, []byte("digest"))
	f.Add(make([]byte, 65), make([]byte, 32))
	f.Add(make([]byte, 64), make([]byte, 32))
	f.Add(append(make([]byte, 64), 27), []byte{1})
	f.Fuzz(func(t *testing.T, sig, digest []byte) {
		var d types.Hash
		copy(d[:], digest)
		for _, k := range keys {
			pub := k.PublicKey()
			if types.VerifyDevice(k.Type, pub.Uncompressed, pub.Address(), d, sig) == nil {
				t.Fatalf("random bytes verified as a %s signature", k.Type)
			}
		}
	})
}

// FuzzParsePublicKey: arbitrary key bytes are refused with an error or
// give a key whose compressed form parses back to the same point.
func FuzzParsePublicKey(f *testing.F) {
	for _, k := range fuzzKeys(f) {
		f.Add(uint8(k.Type), k.PublicKey().Compressed())
		f.Add(uint8(k.Type), k.PublicKey().Uncompressed)
	}
	f.Fuzz(func(t *testing.T, kt uint8, bz []byte) {
		key, err := types.ParsePublicKey(types.KeyType(kt), bz)
		if err != nil {
			return
		}
		again, err := types.ParsePublicKey(key.Type, key.Compressed())
		if err != nil || string(again.Uncompressed) != string(key.Uncompressed) {
			t.Fatalf("key %x does not round-trip: %v", bz, err)
		}
	})
}
