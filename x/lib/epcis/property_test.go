package epcis_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

// eventGen draws random EPCIS 2.0 events valid against GS1's schema,
// covering every field and extension point.
type eventGen struct{ r *rand.Rand }

func (g eventGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }
func (g eventGen) chance(p float64) bool    { return g.r.Float64() < p }
func (g eventGen) serial() string {
	return fmt.Sprintf("%s%d", g.pick("", "A", "x-", "Lot."), g.r.IntN(100000))
}

func (g eventGen) time() string {
	t := time.Date(2020+g.r.IntN(6), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60), g.r.IntN(1000)*int(time.Millisecond), time.UTC)
	offset := g.pick("Z", "+02:00", "-05:00", "+08:00")
	if offset == "Z" {
		return t.Format("2006-01-02T15:04:05.000Z")
	}
	loc, _ := time.Parse("-07:00", offset)
	return t.In(loc.Location()).Format("2006-01-02T15:04:05.000-07:00")
}

func (g eventGen) epc() string {
	s := g.serial()
	return g.pick("urn:epc:id:sgtin:4012345.011111."+s, "https://id.gs1.org/01/04012345111118/21/"+s,
		fmt.Sprintf("urn:epc:id:sscc:4012345.%010d", g.r.IntN(1e9)), "urn:epc:id:giai:4000001."+s)
}

func (g eventGen) epcs(min int) []any {
	out := []any{}
	seen := map[string]bool{}
	for range min + g.r.IntN(3) {
		if e := g.epc(); !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

func (g eventGen) quantities(min int) []any {
	var out []any
	for range min + g.r.IntN(2) {
		q := map[string]any{"epcClass": g.pick("urn:epc:class:lgtin:4012345.011111."+g.serial(), "https://id.gs1.org/01/04012345111118/10/"+g.serial(), "urn:epc:idpat:sgtin:4012345.011111.*")}
		if g.chance(0.8) {
			q["quantity"] = json.Number(g.pick("1", "12.5", "100", "0.25", "3000"))
			if g.chance(0.7) {
				q["uom"] = g.pick("KGM", "LTR", "MTR", "GRM")
			}
		}
		out = append(out, q)
	}
	return out
}

func (g eventGen) location() map[string]any {
	l := map[string]any{"id": g.pick("urn:epc:id:sgln:4012345.00011.987", "https://id.gs1.org/414/4012345000115", "urn:epc:id:sgln:4012345.00005.0")}
	if g.chance(0.3) {
		l["example:gate"] = g.pick("G1", "dock 2")
	}
	return l
}

func (g eventGen) typed(item string, types ...string) []any {
	var out []any
	for range 1 + g.r.IntN(2) {
		e := map[string]any{item: g.pick("urn:epcglobal:cbv:bt:4012345000009:"+g.serial(), "urn:epc:id:pgln:4012345.00000", "urn:epc:id:sgln:4012345.00011.0", "https://example.org/doc/"+g.serial())}
		if t := g.pick(types...); t != "" {
			e["type"] = t
		}
		out = append(out, e)
	}
	return out
}

func (g eventGen) sensors() []any {
	var out []any
	for range 1 + g.r.IntN(2) {
		el := map[string]any{}
		if g.chance(0.8) {
			md := map[string]any{"time": g.time(), "deviceID": "urn:epc:id:giai:4000001.111"}
			if g.chance(0.5) {
				md["startTime"], md["endTime"] = g.time(), g.time()
			}
			if g.chance(0.3) {
				md["example:firmware"] = "1.2"
			}
			el["sensorMetadata"] = md
		}
		var reports []any
		for range 1 + g.r.IntN(3) {
			rep := map[string]any{"type": g.pick("Temperature", "RelativeHumidity", "Mass", "example:someSensorProperty", "https://example.org/sensing/ethylene")}
			switch g.r.IntN(4) {
			case 0:
				rep["value"], rep["uom"] = json.Number(g.pick("4.5", "-18", "26.0")), "CEL"
			case 1:
				rep["minValue"], rep["maxValue"], rep["meanValue"], rep["sDev"], rep["uom"] = json.Number("2"), json.Number("8.5"), json.Number("5.1"), json.Number("0.4"), "CEL"
			case 2:
				rep["stringValue"] = g.pick("ok", "door open")
			default:
				rep["booleanValue"] = g.chance(0.5)
			}
			if g.chance(0.2) {
				rep["exception"] = g.pick("ALARM_CONDITION", "ERROR_CONDITION")
			}
			if g.chance(0.3) {
				rep["example:cv"] = g.pick("1", "x")
			}
			reports = append(reports, rep)
		}
		el["sensorReport"] = reports
		if g.chance(0.2) {
			el["example:batch"] = "b" + g.serial()
		}
		out = append(out, el)
	}
	return out
}

// event is a random event of a random type with every optional field
// present or not.
func (g eventGen) event() map[string]any {
	kind := g.pick("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent")
	ev := map[string]any{"type": kind, "eventTime": g.time(), "eventTimeZoneOffset": g.pick("+00:00", "+02:00", "-05:00", "+08:00")}
	action := g.pick("ADD", "OBSERVE", "DELETE")
	if kind != "TransformationEvent" {
		ev["action"] = action
	}
	switch kind {
	case "ObjectEvent":
		ev["epcList"] = g.epcs(0)
		if g.chance(0.4) {
			ev["quantityList"] = g.quantities(1)
		}
		if action == "ADD" && g.chance(0.4) {
			ev["ilmd"] = map[string]any{"example:lot": g.serial(), "cbvmda:countryOfOrigin": "GB"}
		}
	case "AggregationEvent", "AssociationEvent":
		ev["parentID"] = g.pick("urn:epc:id:sscc:4012345.0000000111", "urn:epc:id:giai:4000001.9")
		ev["childEPCs"] = g.epcs(1)
		if g.chance(0.4) {
			ev["childQuantityList"] = g.quantities(1)
		}
	case "TransactionEvent":
		ev["epcList"] = g.epcs(1)
		if g.chance(0.3) {
			ev["parentID"] = "urn:epc:id:sscc:4012345.0000000111"
		}
		ev["bizTransactionList"] = g.typed("bizTransaction", "po", "inv", "desadv", "https://example.org/btt/contract", "")
	case "TransformationEvent":
		if g.chance(0.5) {
			ev["inputEPCList"] = g.epcs(1)
		} else {
			ev["inputQuantityList"] = g.quantities(1)
		}
		if g.chance(0.5) {
			ev["outputEPCList"] = g.epcs(1)
		} else {
			ev["outputQuantityList"] = g.quantities(1)
		}
		if g.chance(0.3) {
			ev["transformationID"] = "urn:epc:id:gdti:4012345.00001." + g.serial()
		}
		if g.chance(0.4) {
			ev["ilmd"] = map[string]any{"example:lot": g.serial()}
		}
	}
	if g.chance(0.7) {
		ev["bizStep"] = g.pick("shipping", "receiving", "packing", "inspecting", "https://example.org/steps/washing", "urn:example:step:sorting")
	}
	if g.chance(0.6) {
		ev["disposition"] = g.pick("in_transit", "active", "damaged", "in_progress", "https://example.org/disp/quarantined")
	}
	if (kind == "ObjectEvent" || kind == "TransformationEvent") && g.chance(0.2) {
		ev["persistentDisposition"] = map[string]any{"set": []any{"completeness_verified"}, "unset": []any{"completeness_inferred"}}
	}
	if g.chance(0.7) {
		ev["readPoint"] = g.location()
	}
	if g.chance(0.5) {
		ev["bizLocation"] = g.location()
	}
	if kind != "TransactionEvent" && g.chance(0.3) {
		ev["bizTransactionList"] = g.typed("bizTransaction", "po", "desadv", "")
	}
	if g.chance(0.3) {
		ev["sourceList"] = g.typed("source", "owning_party", "possessing_party", "https://example.org/sdt/broker")
	}
	if g.chance(0.3) {
		ev["destinationList"] = g.typed("destination", "owning_party", "location", "possessing_party", "urn:example:sdt:carrier")
	}
	if g.chance(0.3) {
		ev["sensorElementList"] = g.sensors()
	}
	if g.chance(0.2) {
		ev["certificationInfo"] = "https://cert.example.org/c/" + g.serial()
	}
	if g.chance(0.3) {
		ev["example:note"] = g.pick("checked", "  padded  ", "ünïcödé")
	}
	if g.chance(0.2) {
		ev["example:detail"] = map[string]any{"example:a": g.pick("1", "2.50"), "example:b": []any{"x", "y"}}
	}
	if g.chance(0.1) {
		ev["errorDeclaration"] = map[string]any{"declarationTime": g.time(), "reason": "incorrect_data"}
	}
	return ev
}

var generatedContext = []any{epcis.EPCISContextURL, map[string]any{"example": "https://ns.example.com/epcis/"}}

// TestGeneratedEventsAcrossBindings: 5,000 random events (every field and
// extension point, in 100 documents) are valid against GS1's schema;
// recorded as the chain records them (eventID and recordTime set) they are
// still valid and hash to the same ID; written as XML and read back they
// hash to the same IDs.
func TestGeneratedEventsAcrossBindings(t *testing.T) {
	schema := compiledSchema(t)
	g := eventGen{rand.New(rand.NewPCG(20261207, 20))}
	const docs, perDoc = 100, 50
	for d := range docs {
		events := make([]any, perDoc)
		for i := range events {
			events[i] = g.event()
		}
		bz, err := json.Marshal(map[string]any{
			"@context": generatedContext, "type": "EPCISDocument", "schemaVersion": "2.0",
			"creationDate": "2026-12-07T00:00:00Z", "epcisBody": map[string]any{"eventList": events},
		})
		require.NoError(t, err)
		require.NoError(t, schema.ValidateDocument(bz), "document %d is valid", d)
		doc, err := epcis.ReadDocument(bz)
		require.NoError(t, err)
		ids, _, err := doc.EventIDs()
		require.NoError(t, err, "document %d", d)

		ctx, err := json.Marshal(generatedContext)
		require.NoError(t, err)
		for i, ev := range doc.Events {
			hashed := ev.Clone()
			epcis.ExpandAgriBizStep(hashed)
			recorded, err := epcis.RecordedJSON(hashed, ids[i], time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
			require.NoError(t, err)
			require.NoError(t, schema.ValidateEvent(recorded, ctx, "2026-12-07T00:00:00Z"), "document %d event %d as recorded: %s", d, i, recorded)
			again, err := epcis.ParseJSON(recorded)
			require.NoError(t, err)
			pre, err := epcis.PreHash(again, doc.Context)
			require.NoError(t, err)
			require.Equal(t, ids[i], epcis.HashID(pre), "document %d event %d re-hashes to its ID", d, i)
		}

		x, err := epcis.WriteXML(doc)
		require.NoError(t, err, "document %d", d)
		back, _, err := epcis.ReadXMLDocument(x)
		require.NoError(t, err, "document %d", d)
		backIDs, _, err := back.EventIDs()
		require.NoError(t, err)
		require.Equal(t, ids, backIDs, "document %d: the XML twin has the same IDs", d)
		backJSON, err := back.Root.MarshalJSON()
		require.NoError(t, err)
		require.NoError(t, schema.ValidateDocument(backJSON), "document %d read from XML is valid JSON-LD", d)
	}
}
