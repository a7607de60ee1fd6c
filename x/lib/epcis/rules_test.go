package epcis_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

// preHashOf is the pre-hash of the one event of a document whose context
// is the EPCIS context and example: = https://ns.example.com/epcis/.
func preHashOf(t *testing.T, event string) string {
	t.Helper()
	doc := `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"example":"https://ns.example.com/epcis/","https":"https://ns.example.com/epcis/"}],
		"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-05-01T10:00:00Z","epcisBody":{"eventList":[` + event + `]}}`
	d, err := epcis.ReadDocument([]byte(doc))
	require.NoError(t, err)
	_, pre, err := d.EventIDs()
	require.NoError(t, err)
	return pre[0]
}

// The Event Hash ID's rules, each with a minimal event derived from its
// text (CBV 2.0 §8.9 and the algorithm description of GS1's reference
// implementation, rules numbered as there).
func TestEventHashRules(t *testing.T) {
	const (
		when = `"eventTime":"2024-05-01T10:00:00.000Z","eventTimeZoneOffset":"+00:00"`
		head = "eventType=ObjectEventeventTime=2024-05-01T10:00:00.000ZeventTimeZoneOffset=+00:00"
		ns   = "{https://ns.example.com/epcis/}"
		epc  = "epcListepc=https://id.gs1.org/01/04012345111118/21/1"
	)
	ev := func(fields string) string {
		return `{"type":"ObjectEvent",` + when + `,"action":"OBSERVE",` + fields + `}`
	}
	for _, tc := range []struct{ rule, event, want string }{
		{
			"1, 2, 3: canonical property order, concatenated, key=value, whatever the order written",
			`{"bizStep":"shipping","action":"OBSERVE","epcList":["urn:epc:id:sgtin:4012345.011111.1"],"eventTimeZoneOffset":"+00:00","eventTime":"2024-05-01T10:00:00.000Z","type":"ObjectEvent"}`,
			head + epc + "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shipping",
		},
		{
			"4: omitted fields add nothing (an empty list neither)",
			ev(`"epcList":[]`), head + "action=OBSERVE",
		},
		{
			"5: leading and trailing whitespace is cut, inner kept",
			ev(`"example:note":"  two  words \n"`), head + "action=OBSERVE" + ns + "note=two  words",
		},
		{
			"6, 7: quantities without trailing zeros",
			ev(`"quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.011111.LOT","quantity":10.50,"uom":"KGM"},{"epcClass":"urn:epc:class:lgtin:4012345.011111.LOT2","quantity":100.0}]`),
			head + "quantityListquantityElementepcClass=https://id.gs1.org/01/04012345111118/10/LOT2quantity=100" +
				"quantityElementepcClass=https://id.gs1.org/01/04012345111118/10/LOTquantity=10.5uom=KGMaction=OBSERVE",
		},
		{
			"8, 9: timestamps in UTC with milliseconds (the fourth decimal rounds)",
			`{"type":"ObjectEvent","eventTime":"2024-05-01T12:00:00.12351+02:00","eventTimeZoneOffset":"+02:00","action":"OBSERVE"}`,
			"eventType=ObjectEventeventTime=2024-05-01T10:00:00.124ZeventTimeZoneOffset=+02:00action=OBSERVE",
		},
		{
			"10, 11: list entries in case-sensitive lexical order",
			ev(`"epcList":["urn:epc:id:sgtin:4012345.011111.b","urn:epc:id:sgtin:4012345.011111.B","urn:epc:id:sgtin:4012345.011111.a"]`),
			head + "epcListepc=https://id.gs1.org/01/04012345111118/21/Bepc=https://id.gs1.org/01/04012345111118/21/aepc=https://id.gs1.org/01/04012345111118/21/baction=OBSERVE",
		},
		{
			"12, 13: typed lists: type, then value, entries sorted",
			ev(`"bizTransactionList":[{"bizTransaction":"urn:epcglobal:cbv:bt:4012345000009:2","type":"po"},{"type":"inv","bizTransaction":"urn:epcglobal:cbv:bt:4012345000009:1"}]`),
			head + "action=OBSERVEbizTransactionList" +
				"type=https://ref.gs1.org/cbv/BTT-invbizTransaction=urn:epcglobal:cbv:bt:4012345000009:1" +
				"type=https://ref.gs1.org/cbv/BTT-pobizTransaction=urn:epcglobal:cbv:bt:4012345000009:2",
		},
		{
			"14: CBV URNs become CBV web URIs",
			ev(`"bizStep":"urn:epcglobal:cbv:bizstep:receiving","disposition":"urn:epcglobal:cbv:disp:in_progress"`),
			head + "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-receivingdisposition=https://ref.gs1.org/cbv/Disp-in_progress",
		},
		{
			"15: every CURIE expanded with the document's context, in keys and values, standard or not",
			ev(`"bizStep":"cbv:BizStep-receiving","sensorElementList":[{"sensorReport":[{"type":"example:someSensorProperty","stringValue":"ok"}]}],"example:ref":"example:thing"`),
			head + "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-receiving" +
				"sensorElementListsensorElementsensorReporttype=https://ns.example.com/epcis/someSensorPropertystringValue=ok" +
				ns + "ref=https://ns.example.com/epcis/thing",
		},
		{
			"15: an absolute URI is no CURIE, even where the document names a prefix https",
			ev(`"example:link":"https://example.org/x"`), head + "action=OBSERVE" + ns + "link=https://example.org/x",
		},
		{
			"16: bare vocabulary terms expanded",
			ev(`"bizStep":"shipping","disposition":"in_transit","sensorElementList":[{"sensorReport":[{"type":"Temperature","value":4,"uom":"CEL"}]}]`),
			head + "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit" +
				"sensorElementListsensorElementsensorReporttype=https://gs1.org/voc/Temperaturevalue=4uom=CEL",
		},
		{
			"17, 18: EPCs as canonical Digital Links (id.gs1.org, no query, finest key)",
			ev(`"epcList":["https://example.com/01/04012345111118/21/1?linkType=all"]`), head + epc + "action=OBSERVE",
		},
		{
			"19: ILMD as {namespace}localName=value, sorted",
			`{"type":"ObjectEvent",` + when + `,"action":"ADD","epcList":["urn:epc:id:sgtin:4012345.011111.1"],"ilmd":{"example:b":"2","example:a":"1"}}`,
			head + epc + "action=ADDilmd" + ns + "a=1" + ns + "b=2",
		},
		{
			"20: event-level extensions after the standard fields, sorted at every level",
			ev(`"example:z":"1","example:y":{"example:b":"2","example:a":"1"}`),
			head + "action=OBSERVE" + ns + "y" + ns + "a=1" + ns + "b=2" + ns + "z=1",
		},
		{
			"21: extensions of readPoint and bizLocation at the end of their parent",
			ev(`"readPoint":{"example:b":"2","id":"urn:epc:id:sgln:4012345.00011.987","example:a":"1"},"bizLocation":{"id":"urn:epc:id:sgln:4012345.00011.0","example:c":"3"},"ilmd":{"example:i":"1"}`),
			head + "action=OBSERVEreadPointid=https://id.gs1.org/414/4012345000115/254/987" + ns + "a=1" + ns + "b=2" +
				"bizLocationid=https://id.gs1.org/414/4012345000115" + ns + "c=3ilmd" + ns + "i=1",
		},
		{
			"21: extensions of sensorElement, sensorMetadata and sensorReport at the end of their parent",
			ev(`"sensorElementList":[{"example:e":"y","sensorReport":[{"example:cv":"1","type":"Temperature","value":4.0,"uom":"CEL"}],"sensorMetadata":{"example:m":"x","time":"2024-05-01T10:00:00Z"}}]`),
			head + "action=OBSERVEsensorElementListsensorElementsensorMetadatatime=2024-05-01T10:00:00.000Z" + ns + "m=x" +
				"sensorReporttype=https://gs1.org/voc/Temperaturevalue=4uom=CEL" + ns + "cv=1" + ns + "e=y",
		},
		{
			"exclusions: eventID, recordTime and errorDeclaration take no part",
			ev(`"eventID":"ni:///sha-256;00?ver=CBV2.0","recordTime":"2024-05-02T00:00:00Z","errorDeclaration":{"declarationTime":"2024-05-03T00:00:00Z","reason":"incorrect_data"}`),
			head + "action=OBSERVE",
		},
	} {
		require.Equal(t, tc.want, preHashOf(t, tc.event), "rule %s", tc.rule)
	}
}

// Rules 22–24: the ID is ni:///sha-256;<lowercase hex of SHA-256 of the
// UTF-8 pre-hash>?ver=CBV2.0.
func TestEventHashIDForm(t *testing.T) {
	id := epcis.HashID("eventType=ObjectEvent")
	require.True(t, strings.HasPrefix(id, "ni:///sha-256;") && strings.HasSuffix(id, "?ver=CBV2.0"), id)
	require.Equal(t, "ni:///sha-256;"+sha("eventType=ObjectEvent")+"?ver=CBV2.0", id)
}
