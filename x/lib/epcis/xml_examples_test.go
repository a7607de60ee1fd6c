package epcis_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

var xmlExampleDir = filepath.Join(vectorDir, "..", "examples-xml")

// Every one of GS1's XML examples that holds events reads through the XML
// binding, and each of its events hashes.
func TestXMLExamplesRead(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(xmlExampleDir, "*.xml"))
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	for _, path := range docs {
		name := filepath.Base(path)
		bz, err := os.ReadFile(path)
		require.NoError(t, err)
		if !strings.Contains(string(bz), "EventList") {
			continue // capture jobs and master data hold no events
		}
		doc, _, err := epcis.ReadXMLDocument(bz)
		require.NoError(t, err, name)
		if strings.Contains(name, "masterdata") {
			require.Empty(t, doc.Events, "%s: an empty EventList beside master data", name)
			continue
		}
		require.NotEmpty(t, doc.Events, name)
		ids, _, err := doc.EventIDs()
		require.NoError(t, err, name)
		t.Logf("%s: %d events", name, len(ids))
	}
}
