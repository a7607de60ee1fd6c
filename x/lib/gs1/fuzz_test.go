package gs1_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/gs1"
)

// FuzzParse: no input panics, and a canonical identifier reads back as
// itself (the stored form is a fixed point).
func FuzzParse(f *testing.F) {
	for in := range normalisation {
		f.Add(in)
	}
	f.Add("https://id.gs1.org/01/04012345123456/10/Lot987/21/S1")
	f.Add("urn:epc:id:sgtin:4012345.011111.%")
	f.Fuzz(func(t *testing.T, in string) {
		id, err := gs1.Parse(in)
		if err != nil {
			return
		}
		again, err := gs1.Parse(id.URI)
		require.NoError(t, err, "canonical %q of %q", id.URI, in)
		require.Equal(t, id.URI, again.URI)
		require.Equal(t, id.Kind, again.Kind)
	})
}

// FuzzNormalizeURI: the hash's normalisation never panics, and the value
// the hash uses (normalised, or kept when it is no identifier) does not
// change when normalised again.
func FuzzNormalizeURI(f *testing.F) {
	for in := range normalisation {
		f.Add(in)
	}
	hashValue := func(s string) string {
		if out, ok := gs1.NormalizeURI(s); ok {
			return out
		}
		return s
	}
	f.Fuzz(func(t *testing.T, in string) {
		once := hashValue(in)
		require.Equal(t, once, hashValue(once))
	})
}

// FuzzParseGTIN: accepted GTINs are 14 digits with a valid check digit.
func FuzzParseGTIN(f *testing.F) {
	for _, s := range []string{"04012345123456", "96385074", "614141073467", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		g, err := gs1.ParseGTIN(in)
		if err != nil {
			return
		}
		require.Len(t, g, 14)
		c, err := gs1.CheckDigit(g[:13])
		require.NoError(t, err)
		require.Equal(t, c, g[13])
	})
}
