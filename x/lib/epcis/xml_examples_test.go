package epcis_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisschema"
	"github.com/tracechain/tracechain/x/lib/epcis"
)

var xmlExampleDir = filepath.Join(vectorDir, "..", "examples-xml")

// xmlExamplesBeyondJSONSchema are GS1 XML examples whose JSON-LD cannot be
// valid against GS1's JSON schema, for what the examples hold: the
// conversion keeps it and the schema names it.
var xmlExamplesBeyondJSONSchema = map[string]string{
	// An AggregationEvent with a persistentDisposition, which the XML
	// schema allows and the JSON schema does not.
	"Example-PersistentDisposition.xml": "invalid propertyName 'persistentDisposition'",
	// An empty <quantity/> (not a decimal in XML either).
	"WithErrorDeclaration__ErrorDeclarationAndCorrectiveEvent.xml": "quantity': got string, want number",
	// Sensor reports with an exception and no type, which the JSON schema
	// requires.
	"WithSensorData__SensorDataExamples.xml": "missing property 'type'",
}

// Every one of GS1's XML examples that holds events reads through the XML
// binding, and each of its events hashes.
func TestXMLExamplesRead(t *testing.T) {
	schema, err := epcisschema.Compile(filepath.Join(vectorDir, "..", "EPCIS-JSON-Schema.json"))
	require.NoError(t, err)
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
		asJSON, err := doc.Root.MarshalJSON()
		require.NoError(t, err)
		err = schema.ValidateDocument(asJSON)
		if gap, known := xmlExamplesBeyondJSONSchema[name]; known {
			require.ErrorContains(t, err, gap, name)
		} else {
			require.NoError(t, err, "%s as JSON-LD is valid against GS1's schema", name)
		}
		t.Logf("%s: %d events", name, len(ids))
	}
}
