package epcis_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/trace/epcis"
)

var examplesDir = filepath.Join("..", "..", "..", "..", "shared", "testdata", "epcis", "examples")

// defectiveExamples are GS1 examples that are not valid input, with the
// refusal they get. AssociationEvent-h gives its event two different
// eventIDs (a duplicate JSON key): which one is meant cannot be known.
var defectiveExamples = map[string]string{
	"AssociationEvent__AssociationEvent-h.jsonld": `$.epcisBody.eventList[0]: key "eventID" appears twice`,
}

// Every GS1 example document parses and every event in it hashes, except
// the defective ones, which are refused with an error naming the event.
func TestExamplesParseAndHash(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(examplesDir, "*.jsonld"))
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	for _, path := range docs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			bz, err := os.ReadFile(path)
			require.NoError(t, err)
			doc, err := epcis.ReadDocument(bz)
			if want, defective := defectiveExamples[filepath.Base(path)]; defective {
				require.ErrorContains(t, err, want)
				return
			}
			require.NoError(t, err)
			require.NotEmpty(t, doc.Events)
			ids, _, err := doc.EventIDs()
			require.NoError(t, err)
			require.Len(t, ids, len(doc.Events))
		})
	}
}
