package follower

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// oddStrings are what escaping must get right.
var oddStrings = []string{"", "CEL", "gs1:Temperature", `a"b\c`, "<tag>&", "line\nbreak\ttab", "\u2028\u2029", "温度", "\x00\x1f", "bad\xffutf8", "urn:epc:id:sscc:6903456.0000000011"}

func randomReading(rng *rand.Rand) devicetypes.Reading {
	pick := func() string { return oddStrings[rng.IntN(len(oddStrings))] }
	r := devicetypes.Reading{
		Device: pick(), Counter: rng.Uint64(), DeviceTimeMs: rng.Uint64() >> rng.IntN(64), MeasurementType: pick(),
		Value: pick(), Unit: pick(), Geo: pick(), Subject: pick(),
	}
	switch rng.IntN(3) {
	case 0:
	case 1:
		r.Epcs = []string{}
	default:
		for range 1 + rng.IntN(3) {
			r.Epcs = append(r.Epcs, pick())
		}
	}
	if rng.IntN(4) > 0 {
		r.Signature = make([]byte, rng.IntN(66))
		for i := range r.Signature {
			r.Signature[i] = byte(rng.Uint32())
		}
	}
	return r
}

// TestReadingJSONIsTheCodecs: the field-by-field writer gives the SDK
// codec's very bytes, and the reader reads them back as the codec does.
func TestReadingJSONIsTheCodecs(t *testing.T) {
	c, err := NewCodec()
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		r := randomReading(rng)
		want, err := c.cdc.MarshalJSON(&r)
		require.NoError(t, err)
		require.Equal(t, string(want), string(store.AppendReadingJSON(nil, &r)), "reading %d", i)

		var viaCodec devicetypes.Reading
		require.NoError(t, c.cdc.UnmarshalJSON(want, &viaCodec))
		fast, ok := decodeReadingJSON(want)
		require.True(t, ok, "reading %d: %s", i, want)
		require.Equal(t, viaCodec, fast, "reading %d", i)
	}
}

// TestReadingJSONLeavesTheRestToTheCodec: camelCase names, unknown fields
// and trailing data are not for the fast reader; DecodeJSON still reads
// what the codec reads.
func TestReadingJSONLeavesTheRestToTheCodec(t *testing.T) {
	c, err := NewCodec()
	require.NoError(t, err)
	for _, in := range []string{
		`{"device":"0xab","deviceTimeMs":"7"}`,
		`{"device":"0xab","colour":"red"}`,
		`{"device":"0xab"} {"device":"0xcd"}`,
		`{"device":"0xab","counter":null}`,
	} {
		_, ok := decodeReadingJSON([]byte(in))
		require.False(t, ok, in)
	}
	var r devicetypes.Reading
	require.NoError(t, c.DecodeJSON([]byte(`{"device":"0xab","deviceTimeMs":"7","counter":5}`), &r))
	require.Equal(t, devicetypes.Reading{Device: "0xab", DeviceTimeMs: 7, Counter: 5}, r)
	require.Error(t, c.DecodeJSON([]byte(`{"device":"0xab","colour":"red"}`), &r), "the codec refuses unknown fields too")
}

// FuzzReadingJSON: whatever the fast reader accepts, the SDK's codec reads
// the same way when it accepts it too; and writing a reading back gives
// the codec's bytes.
func FuzzReadingJSON(f *testing.F) {
	c, err := NewCodec()
	require.NoError(f, err)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		r := randomReading(rng)
		bz, err := c.cdc.MarshalJSON(&r)
		require.NoError(f, err)
		f.Add(bz)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		fast, ok := decodeReadingJSON(in)
		if !ok {
			return
		}
		var viaCodec devicetypes.Reading
		if c.cdc.UnmarshalJSON(in, &viaCodec) == nil {
			require.Equal(t, viaCodec, fast)
		}
		want, err := c.cdc.MarshalJSON(&fast)
		require.NoError(t, err)
		require.Equal(t, string(want), string(store.AppendReadingJSON(nil, &fast)))
	})
}
