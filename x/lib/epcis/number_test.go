package epcis

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Expected values are what Python prints for the reference's
// str(int(f)) if int(f) == f else str(f), with f = float(text).
func TestCanonicalNumber(t *testing.T) {
	for in, want := range map[string]string{
		"452.0": "452", "452": "452", "+5": "5", "-0": "0", "-0.0": "0", "0.10": "0.1", "12.1": "12.1",
		"26": "26", "0.05": "0.05", "0.18": "0.18", "1e3": "1000", "1E+03": "1000", "1_000": "1000",
		".5": "0.5", "5.": "5", "0.0001": "0.0001", "0.00001": "1e-05", "1.5e-7": "1.5e-07",
		"-2.5E-10": "-2.5e-10", "0123": "123", "12345678901234567890": "12345678901234567168",
		"1e23": "99999999999999991611392", "0.1234567890123456789": "0.12345678901234568",
		"123456789.123456789": "123456789.12345679", "9007199254740993": "9007199254740992",
		"2.5": "2.5", "-12.75": "-12.75", "3.14159": "3.14159", "100.25": "100.25",
	} {
		got, ok, err := canonicalNumber(in)
		require.NoError(t, err, in)
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "abc", "1_", "_1", "1__0", "--1", "+-1", "1e", "e3", ".", "0x10", "1.2.3", "12:00", "+01:00", "NaN", "nan", "CEL"} {
		_, ok, err := canonicalNumber(in)
		require.NoError(t, err, in)
		require.False(t, ok, in)
	}
	for _, in := range []string{"inf", "-Infinity", "1e400", "1e-320"} {
		_, _, err := canonicalNumber(in)
		require.Error(t, err, in)
	}
}

// TestCanonicalNumberAgainstPython replays 3,000 values whose expected
// output CPython produced (testdata/python_float_repr.txt).
func TestCanonicalNumberAgainstPython(t *testing.T) {
	bz, err := os.ReadFile("testdata/python_float_repr.txt")
	require.NoError(t, err)
	n := 0
	for _, line := range strings.Split(string(bz), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		in, want, _ := strings.Cut(line, " ")
		got, ok, err := canonicalNumber(in)
		require.NoError(t, err, in)
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
		n++
	}
	require.Greater(t, n, 2500)
}
