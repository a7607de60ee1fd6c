package epcis_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

// Lenient parsing keeps the last value of a duplicated key in the first
// one's place, as JSON.parse does, and reports where it happened.
func TestParseJSONLenient(t *testing.T) {
	n, dups, err := epcis.ParseJSONLenient([]byte(`{"a":1,"b":{"c":1,"c":2},"a":3}`))
	require.NoError(t, err)
	require.Equal(t, []string{"$.b.c", "$.a"}, dups)
	out, err := n.MarshalJSON()
	require.NoError(t, err)
	require.JSONEq(t, `{"a":3,"b":{"c":2}}`, string(out))
	require.Equal(t, []string{"a", "b"}, n.Keys)

	_, err = epcis.ParseJSON([]byte(`{"a":1,"a":3}`))
	require.ErrorContains(t, err, `key "a" appears twice`)
}
