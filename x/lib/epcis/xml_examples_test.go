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
	schema := compiledSchema(t)
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

// GS1's XML and JSON-LD examples that carry the same event give it the
// same ID. (GS1's other XML/JSON pairs differ in their data — another
// namespace URI, a certificationInfo only in the JSON, other events — so
// their IDs rightly differ.)
func TestGS1TwinExamplesShareIDs(t *testing.T) {
	for _, twin := range []struct {
		xml, json string
		events    []int
	}{
		{"Example-TransactionEvent-2020_07_03y.xml", "Example-TransactionEvents-2020_07_03y.jsonld", []int{0}},
		{"Example_9.6.1-ObjectEvent-2020_06_18a.xml", "Example_9.6.1-ObjectEvent.jsonld", []int{0}},
	} {
		xb, err := os.ReadFile(filepath.Join(xmlExampleDir, twin.xml))
		require.NoError(t, err)
		jb, err := os.ReadFile(filepath.Join(jsonExampleDir, twin.json))
		require.NoError(t, err)
		xd, _, err := epcis.ReadXMLDocument(xb)
		require.NoError(t, err)
		jd, err := epcis.ReadDocument(jb)
		require.NoError(t, err)
		xids, _, err := xd.EventIDs()
		require.NoError(t, err)
		jids, _, err := jd.EventIDs()
		require.NoError(t, err)
		for _, i := range twin.events {
			require.Equal(t, jids[i], xids[i], "%s event %d and its JSON-LD twin", twin.xml, i)
		}
	}
}
