package epcis_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisschema"
	"github.com/tracechain/tracechain/x/lib/epcis"
)

func compiledSchema(t *testing.T) *epcisschema.Schema {
	t.Helper()
	s, err := epcisschema.Compile(filepath.Join(vectorDir, "..", "EPCIS-JSON-Schema.json"))
	require.NoError(t, err)
	return s
}

// schemaAccepts says whether GS1's schema accepts one event.
func schemaAccepts(t *testing.T, s *epcisschema.Schema, ev []byte) bool {
	t.Helper()
	ctx, err := json.Marshal(generatedContext)
	require.NoError(t, err)
	return s.ValidateEvent(ev, ctx, "2026-12-07T00:00:00Z") == nil
}

func node(t *testing.T, v any) *epcis.Node {
	t.Helper()
	bz, err := json.Marshal(v)
	require.NoError(t, err)
	n, err := epcis.ParseJSON(bz)
	require.NoError(t, err)
	return n
}

// ValidateEvent agrees with GS1's schema on every event of GS1's examples.
func TestValidateEventAgreesOnGS1Examples(t *testing.T) {
	s := compiledSchema(t)
	docs, err := filepath.Glob(filepath.Join(jsonExampleDir, "*.jsonld"))
	require.NoError(t, err)
	for _, path := range docs {
		bz, err := os.ReadFile(path)
		require.NoError(t, err)
		doc, err := epcis.ReadDocument(bz)
		require.NoError(t, err)
		ctx, err := doc.ContextNode.MarshalJSON()
		require.NoError(t, err)
		for i, ev := range doc.Events {
			evBytes, err := ev.MarshalJSON()
			require.NoError(t, err)
			schemaErr := s.ValidateEvent(evBytes, ctx, "2026-12-07T00:00:00Z")
			ours := epcis.ValidateEvent(ev, doc.Context)
			require.Equal(t, schemaErr == nil, ours == nil, "%s event %d: schema says %v, ValidateEvent says %v", filepath.Base(path), i, schemaErr, ours)
		}
	}
}

// mutations make a valid event invalid, each in one way GS1's schema
// refuses (alsoSchema) or that only TraceChain refuses (an unknown field
// in readPoint, which the schema leaves open; a space in a URI, which the
// schema checker's lenient URI parsing lets through), with the field the
// error must name.
var mutations = []struct {
	name       string
	applies    func(ev map[string]any) bool
	mutate     func(ev map[string]any)
	names      string
	alsoSchema bool
}{
	{"eventTime missing", always, func(ev map[string]any) { delete(ev, "eventTime") }, "eventTime", true},
	{"eventTime not a time", always, func(ev map[string]any) { ev["eventTime"] = "yesterday" }, "eventTime", true},
	{"offset beyond 14:00", always, func(ev map[string]any) { ev["eventTimeZoneOffset"] = "+14:30" }, "eventTimeZoneOffset", true},
	{"certificationInfo not a URI", always, func(ev map[string]any) { ev["certificationInfo"] = "certified by us" }, "certificationInfo", true},
	{"certificationInfo a number", always, func(ev map[string]any) { ev["certificationInfo"] = 7 }, "certificationInfo", true},
	{"unknown top-level field", always, func(ev map[string]any) { ev["colour"] = "red" }, "colour", true},
	{"action unknown", has("action"), func(ev map[string]any) { ev["action"] = "MOVE" }, "action", true},
	{"bizStep as a CBV URN", always, func(ev map[string]any) { ev["bizStep"] = "urn:epcglobal:cbv:bizstep:shipping" }, "bizStep", true},
	{"bizStep unknown bare word", always, func(ev map[string]any) { ev["bizStep"] = "teleporting" }, "bizStep", true},
	{"disposition a number", always, func(ev map[string]any) { ev["disposition"] = 3 }, "disposition", true},
	{"readPoint without id", always, func(ev map[string]any) { ev["readPoint"] = map[string]any{"example:x": "1"} }, "readPoint.id", true},
	{"readPoint id not a URI", always, func(ev map[string]any) { ev["readPoint"] = map[string]any{"id": "dock 4"} }, "readPoint.id", true},
	{"readPoint with an unknown field", always, func(ev map[string]any) {
		ev["readPoint"] = map[string]any{"id": "urn:epc:id:sgln:4012345.00011.0", "colour": "red"}
	}, "readPoint.colour", false},
	{"quantity element with an unknown field", has("quantityList"), func(ev map[string]any) {
		ev["quantityList"].([]any)[0].(map[string]any)["colour"] = "red"
	}, "quantityList[0].colour", true},
	{"quantity a string", has("quantityList"), func(ev map[string]any) {
		ev["quantityList"].([]any)[0].(map[string]any)["quantity"] = "12"
	}, "quantityList[0].quantity", true},
	{"uom lower case", has("quantityList"), func(ev map[string]any) {
		q := ev["quantityList"].([]any)[0].(map[string]any)
		q["quantity"], q["uom"] = json.Number("1"), "kg"
	}, "quantityList[0].uom", true},
	{"an EPC twice", func(ev map[string]any) bool {
		l, ok := ev["epcList"].([]any)
		return ok && len(l) > 0 && ev["type"] == "ObjectEvent"
	}, func(ev map[string]any) {
		l := ev["epcList"].([]any)
		ev["epcList"] = append(l, l[0])
	}, "epcList", true},
	{"source without type", always, func(ev map[string]any) {
		ev["sourceList"] = []any{map[string]any{"source": "urn:epc:id:pgln:4012345.00000"}}
	}, "sourceList[0].type", true},
	{"source type a CBV URN", always, func(ev map[string]any) {
		ev["sourceList"] = []any{map[string]any{"type": "urn:epcglobal:cbv:sdt:owning_party", "source": "urn:epc:id:pgln:4012345.00000"}}
	}, "sourceList[0].type", true},
	{"sensor report without type", always, func(ev map[string]any) {
		ev["sensorElementList"] = []any{map[string]any{"sensorReport": []any{map[string]any{"value": json.Number("1")}}}}
	}, "sensorReport[0].type", true},
	{"sensor value a string", always, func(ev map[string]any) {
		ev["sensorElementList"] = []any{map[string]any{"sensorReport": []any{map[string]any{"type": "Temperature", "value": "4.5"}}}}
	}, "sensorReport[0].value", true},
	{"sensor report with an unknown field", always, func(ev map[string]any) {
		ev["sensorElementList"] = []any{map[string]any{"sensorReport": []any{map[string]any{"type": "Temperature", "colour": "red"}}}}
	}, "sensorReport[0].colour", true},
	{"an empty bizTransactionList in a TransactionEvent", func(ev map[string]any) bool { return ev["type"] == "TransactionEvent" }, func(ev map[string]any) {
		ev["bizTransactionList"] = []any{}
	}, "bizTransactionList", true},
	{"eventTime without a time zone", always, func(ev map[string]any) { ev["eventTime"] = "2024-05-01T10:00:00" }, "eventTime", true},
	// RFC 3986 has no spaces in URIs; the schema checker's uri format (Go's
	// lenient net/url) lets them through.
	{"a URI with a space", always, func(ev map[string]any) { ev["readPoint"] = map[string]any{"id": "urn:epc:id:sgln:4012345.00011. 0"} }, "readPoint.id", false},
	{"errorDeclaration without declarationTime", always, func(ev map[string]any) { ev["errorDeclaration"] = map[string]any{"reason": "incorrect_data"} }, "errorDeclaration.declarationTime", true},
	{"persistentDisposition empty", func(ev map[string]any) bool { return ev["type"] == "ObjectEvent" }, func(ev map[string]any) { ev["persistentDisposition"] = map[string]any{} }, "persistentDisposition", true},
	{"ilmd beyond ADD", func(ev map[string]any) bool { return ev["type"] == "ObjectEvent" && ev["action"] != "ADD" }, func(ev map[string]any) {
		ev["ilmd"] = map[string]any{"example:lot": "1"}
	}, "ilmd", true},
	{"ilmd with an unprefixed member", func(ev map[string]any) bool { return ev["type"] == "TransformationEvent" }, func(ev map[string]any) {
		ev["ilmd"] = map[string]any{"lot": "1"}
	}, "ilmd.lot", true},
}

func always(map[string]any) bool { return true }

// Spellings the event hash reads as CBV or GS1 terms must be spellings the
// chain reads as the same term: otherwise a member could write a standard
// type that the custody rules skip while the event keeps the ID of the
// standard one. (Beyond GS1's schema, which accepts them.)
func TestValidateEventRefusesDisguisedTerms(t *testing.T) {
	ctx, err := epcis.ReadContext(node(t, []any{epcis.EPCISContextURL, map[string]any{"x": "https://ref.gs1.org/cbv/"}}))
	require.NoError(t, err)
	base := func() map[string]any {
		return map[string]any{
			"type": "TransactionEvent", "eventTime": "2024-05-01T10:00:00Z", "eventTimeZoneOffset": "+00:00", "action": "ADD",
			"epcList": []any{}, "bizTransactionList": []any{map[string]any{"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:1"}},
		}
	}
	for _, typ := range []string{"https://ref.gs1.org/cbv/SDT-owning_party ", "x:SDT-owning_party", "cbv:owning_party", "https://ref.gs1.org/cbv/SDT-owner"} {
		ev := base()
		ev["destinationList"] = []any{map[string]any{"type": typ, "destination": "urn:epc:id:pgln:4012345.00000"}}
		require.ErrorContains(t, epcis.ValidateEvent(node(t, ev), ctx), "destinationList[0].type", typ)
	}
	for _, typ := range []string{"owning_party", "https://ref.gs1.org/cbv/SDT-owning_party", "cbv:SDT-owning_party", "https://example.org/sdt/broker"} {
		ev := base()
		ev["destinationList"] = []any{map[string]any{"type": typ, "destination": "urn:epc:id:pgln:4012345.00000"}}
		require.NoError(t, epcis.ValidateEvent(node(t, ev), ctx), typ)
	}
	// And the EPCIS context's own prefixes cannot be redefined.
	_, err = epcis.ReadContext(node(t, []any{epcis.EPCISContextURL, map[string]any{"cbv": "https://evil.example/"}}))
	require.ErrorContains(t, err, "cannot redefine")
}

func has(key string) func(map[string]any) bool {
	return func(ev map[string]any) bool { _, ok := ev[key]; return ok }
}

// TestValidateEventRefusesWhatTheSchemaRefuses: generated events are
// valid for both; each mutation makes them invalid for both (the one
// rule beyond the schema for TraceChain only), naming the field.
func TestValidateEventRefusesWhatTheSchemaRefuses(t *testing.T) {
	s := compiledSchema(t)
	ctx, err := epcis.ReadContext(node(t, generatedContext))
	require.NoError(t, err)
	g := eventGen{rand.New(rand.NewPCG(7, 12))}
	tried := map[string]int{}
	for range 400 {
		ev := g.event()
		n := node(t, ev)
		require.NoError(t, epcis.ValidateEvent(n, ctx), "a generated event is valid")
		for _, m := range mutations {
			ev := g.event()
			if !m.applies(ev) {
				continue
			}
			m.mutate(ev)
			bz, err := json.Marshal(ev)
			require.NoError(t, err)
			err = epcis.ValidateEvent(node(t, ev), ctx)
			require.Error(t, err, "%s: %s", m.name, bz)
			require.Contains(t, err.Error(), m.names, m.name)
			require.Equal(t, !m.alsoSchema, schemaAccepts(t, s, bz), "%s: GS1's schema agrees: %s", m.name, bz)
			tried[m.name]++
		}
	}
	for _, m := range mutations {
		require.NotZero(t, tried[m.name], "mutation %q was tried", m.name)
	}
}
