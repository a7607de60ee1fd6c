package epcis_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

var examplesDir = filepath.Join("..", "..", "..", "..", "shared", "testdata", "epcis", "examples")

// ambiguousExamples give a key twice, with the error the chain reports.
// AssociationEvent-h gives its event two different eventIDs.
var ambiguousExamples = map[string]string{
	"AssociationEvent__AssociationEvent-h.jsonld": "event 0 (AssociationEvent): eventID: the key appears twice",
}

// Every GS1 example document parses and every event in it hashes. The one
// with a duplicated key is read as JSON.parse reads it, and reports the
// duplicate, naming the event, for the chain to refuse.
func TestExamplesParseAndHash(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(examplesDir, "*.jsonld"))
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	for _, path := range docs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			bz, err := os.ReadFile(path)
			require.NoError(t, err)
			doc, err := epcis.ReadDocument(bz)
			require.NoError(t, err)
			if want, ambiguous := ambiguousExamples[filepath.Base(path)]; ambiguous {
				require.ErrorContains(t, doc.DuplicateKeyError(), want)
			} else {
				require.NoError(t, doc.DuplicateKeyError())
			}
			require.NotEmpty(t, doc.Events)
			ids, _, err := doc.EventIDs()
			require.NoError(t, err)
			require.Len(t, ids, len(doc.Events))
		})
	}
}
