package epcis_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

// FuzzReadDocument: no input panics the reader or the hash, and an
// accepted document written back out reads back with the same event IDs.
func FuzzReadDocument(f *testing.F) {
	for _, dir := range []string{examplesDir, vectorDir} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.jsonld"))
		for _, p := range paths {
			if bz, err := os.ReadFile(p); err == nil {
				f.Add(bz)
			}
		}
	}
	f.Add([]byte(`{"type":"EPCISDocument","@context":[],"epcisBody":{"eventList":[{}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := epcis.ReadDocument(data)
		if err != nil {
			return
		}
		ids, _, err := doc.EventIDs()
		if err != nil {
			return
		}
		out, err := doc.Root.MarshalJSON()
		require.NoError(t, err)
		again, err := epcis.ReadDocument(out)
		require.NoError(t, err, "%s", out)
		ids2, _, err := again.EventIDs()
		require.NoError(t, err)
		require.Equal(t, ids, ids2)
	})
}

// FuzzParseJSON: the JSON reader never panics and round-trips what it accepts.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.50,"x",true,null,{"b":{}}]}`, `[]`, `"\u00e9"`, `{"a":1,"a":2}`, `1e999`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := epcis.ParseJSON(data)
		if err != nil {
			return
		}
		out, err := n.MarshalJSON()
		require.NoError(t, err)
		n2, err := epcis.ParseJSON(out)
		require.NoError(t, err, "%s", out)
		out2, err := n2.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2))
	})
}
