package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

type queryDoc struct {
	Type      string `json:"type"`
	Height    int64  `json:"tracechain:height"`
	Next      string `json:"tracechain:nextPageToken"`
	EPCISBody struct {
		QueryResults struct {
			QueryName   string `json:"queryName"`
			ResultsBody struct {
				EventList []json.RawMessage `json:"eventList"`
			} `json:"resultsBody"`
		} `json:"queryResults"`
	} `json:"epcisBody"`
}

// pages follows nextPageToken from path to the end and returns every
// event, checking each page against the EPCIS schema, and each event
// hashes back to its eventID.
func pages(t *testing.T, h http.Handler, schema interface{ ValidateDocument([]byte) error }, path string) []*epcis.Node {
	t.Helper()
	var out []*epcis.Node
	for n := 0; ; n++ {
		require.Less(t, n, 10_000, "paging ends")
		w := get(h, path)
		require.Equal(t, http.StatusOK, w.Code, "%s: %s", path, w.Body.String())
		require.Equal(t, "application/ld+json", w.Header().Get("Content-Type"))
		require.NoError(t, schema.ValidateDocument(w.Body.Bytes()), "%s answers a valid EPCISQueryDocument", path)
		var doc queryDoc
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &doc))
		require.Equal(t, "EPCISQueryDocument", doc.Type)
		require.Equal(t, "SimpleEventQuery", doc.EPCISBody.QueryResults.QueryName)
		for _, raw := range doc.EPCISBody.QueryResults.ResultsBody.EventList {
			ev, err := epcis.ParseJSON(raw)
			require.NoError(t, err)
			requireHashesBack(t, ev)
			out = append(out, ev)
		}
		if doc.Next == "" {
			require.Empty(t, w.Header().Get("Link"))
			return out
		}
		link := w.Header().Get("Link")
		require.True(t, strings.HasSuffix(link, `>; rel="next"`), link)
		require.NotEmpty(t, w.Header().Get("GS1-Next-Page-Token-Expires"), path)
		path = strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
	}
}

// requireHashesBack: the event, read with its own @context, hashes to the
// eventID it carries.
func requireHashesBack(t *testing.T, ev *epcis.Node) {
	t.Helper()
	ctx, err := epcis.ReadContext(ev.Get("@context"))
	require.NoError(t, err)
	pre, err := epcis.PreHash(ev, ctx)
	require.NoError(t, err)
	require.Equal(t, ev.Str("eventID"), epcis.HashID(pre))
}

func ids(evs []*epcis.Node) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.Str("eventID")
	}
	return out
}

// Every event of every GS1 example comes back once, in chain order, in
// schema-valid pages that hash back; a tiny scan budget pages to the same
// answer.
func TestEPCISEventsAllExamples(t *testing.T) {
	ix := newExampleIndex(t)
	schema := compileSchema(t)
	require.Greater(t, len(ix.events), 40)
	all := pages(t, ix.server(0), schema, "/epcis/events?perPage=3")
	require.Equal(t, ix.events, ids(all))
	budgeted := pages(t, ix.server(2), schema, "/epcis/events?perPage=5&eventType=ObjectEvent")
	unbounded := pages(t, ix.server(0), schema, "/epcis/events?eventType=ObjectEvent&perPage=1000")
	require.Equal(t, ids(unbounded), ids(budgeted))
	require.NotEmpty(t, unbounded)
}

// The answer to each query is exactly the recorded events that satisfy
// its predicate, in chain order.
func TestEPCISFilters(t *testing.T) {
	ix := newExampleIndex(t)
	schema := compileSchema(t)
	h := ix.server(0)
	expect := func(pred func(ev *epcis.Node) bool) []string {
		var out []string
		for _, id := range ix.events {
			if pred(withID(ix.nodes[id], id)) {
				out = append(out, id)
			}
		}
		return out
	}
	hasEPC := func(ev *epcis.Node, lists []string, want ...string) bool {
		for _, l := range lists {
			for _, v := range values(ev.Get(l)) {
				if slices.Contains(want, v.Text) {
					return true
				}
			}
		}
		return false
	}
	maxCEL := func(ev *epcis.Node, atLeast float64) bool {
		for _, el := range values(ev.Get("sensorElementList")) {
			for _, r := range values(el.Get("sensorReport")) {
				if m := r.Get("maxValue"); r.Str("uom") == "CEL" && m != nil && parseFloat(m.Text) >= atLeast {
					return true
				}
			}
		}
		return false
	}
	sgtin2018 := "urn:epc:id:sgtin:0614141.107346.2018"
	testCases := []struct {
		name  string
		query string
		want  []string
	}{
		{"event types", "eventType=AggregationEvent|TransformationEvent", expect(func(ev *epcis.Node) bool {
			return ev.Str("type") == "AggregationEvent" || ev.Str("type") == "TransformationEvent"
		})},
		{"bizStep as a bare term", "EQ_bizStep=shipping", expect(func(ev *epcis.Node) bool { return epcis.BizStepTerm(ev.Str("bizStep")) == "shipping" })},
		{"bizStep as a URN", "EQ_bizStep=urn:epcglobal:cbv:bizstep:shipping", expect(func(ev *epcis.Node) bool { return epcis.BizStepTerm(ev.Str("bizStep")) == "shipping" })},
		{"action and disposition", "EQ_action=OBSERVE&EQ_disposition=in_transit", expect(func(ev *epcis.Node) bool {
			return ev.Str("action") == "OBSERVE" && epcis.DispositionTerm(ev.Str("disposition")) == "in_transit"
		})},
		{"MATCH_epc as an EPC URN", "MATCH_epc=" + sgtin2018, expect(func(ev *epcis.Node) bool {
			return hasEPC(ev, []string{"epcList", "childEPCs"}, sgtin2018, "https://id.gs1.org/01/10614141073464/21/2018")
		})},
		{"MATCH_epc as a Digital Link", "MATCH_epc=https://id.gs1.org/01/10614141073464/21/2018", expect(func(ev *epcis.Node) bool {
			return hasEPC(ev, []string{"epcList", "childEPCs"}, sgtin2018, "https://id.gs1.org/01/10614141073464/21/2018")
		})},
		{"MATCH_anyEPC includes parents", "MATCH_anyEPC=urn:epc:id:sscc:0614141.1234567890", expect(func(ev *epcis.Node) bool {
			sscc := []string{"urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908"}
			return slices.Contains(sscc, ev.Str("parentID")) ||
				hasEPC(ev, []string{"epcList", "childEPCs", "inputEPCList", "outputEPCList"}, sscc...)
		})},
		{"event time range", "GE_eventTime=2005-04-04T00:00:00Z&LT_eventTime=2019-01-01T00:00:00Z", expect(func(ev *epcis.Node) bool {
			tm, err := epcis.ParseTimestamp(ev.Str("eventTime"))
			return err == nil && !tm.Before(mustTime("2005-04-04T00:00:00Z")) && tm.Before(mustTime("2019-01-01T00:00:00Z"))
		})},
		{"sensor maximum in °C", "GE_maxValue_CEL=26", expect(func(ev *epcis.Node) bool { return maxCEL(ev, 26) })},
		{"error declarations", "EXISTS_errorDeclaration", expect(func(ev *epcis.Node) bool { return declared(ix, ev) })},
	}
	nonEmpty := 0
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			got := pages(t, h, schema, "/epcis/events?perPage=4&"+encodeQuery(tc.query))
			require.Equal(t, tc.want, ids(got))
		})
		if len(tc.want) > 0 {
			nonEmpty++
		}
	}
	require.Equal(t, len(testCases), nonEmpty, "every filter is checked on events it keeps")
}

// withID is an example's event with the chain's eventID.
func withID(ev *epcis.Node, id string) *epcis.Node {
	ev = ev.Clone()
	ev.Set("eventID", epcis.StringNode(id))
	return ev
}

// declared: the example's event was declared erroneous by a later one.
func declared(ix *exampleIndex, ev *epcis.Node) bool {
	_, rec, found, err := ix.store.EPCISByID(ev.Str("eventID"))
	if err != nil || !found {
		return false
	}
	stored, err := epcis.ParseJSON(rec.Event)
	return err == nil && stored.Get("errorDeclaration") != nil
}

func encodeQuery(q string) string {
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, value, _ := strings.Cut(p, "=")
		parts[i] = url.QueryEscape(name)
		if strings.Contains(p, "=") {
			parts[i] += "=" + url.QueryEscape(value)
		}
	}
	return strings.Join(parts, "&")
}

func values(n *epcis.Node) []*epcis.Node {
	if n == nil || n.Kind != epcis.Array {
		return nil
	}
	return n.Values
}

func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func mustTime(s string) time.Time {
	tm, err := epcis.ParseTimestamp(s)
	if err != nil {
		panic(err)
	}
	return tm
}

// One event by its ID (escaped in the path) is a JSON-LD event of its
// own, valid on its own and hashing back; an EPC's events are those of
// MATCH_anyEPC; unknown IDs are 404.
func TestEPCISEventByIDAndByEPC(t *testing.T) {
	ix := newExampleIndex(t)
	schema := compileSchema(t)
	h := ix.server(0)
	for _, id := range ix.events {
		w := get(h, "/epcis/events/"+url.PathEscape(id))
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		require.NoError(t, schema.ValidateDocument(w.Body.Bytes()), "a single event is a valid JSON-LD event")
		ev, err := epcis.ParseJSON(w.Body.Bytes())
		require.NoError(t, err)
		require.Equal(t, id, ev.Str("eventID"))
		requireHashesBack(t, ev)
	}
	w := get(h, "/epcis/events/"+url.PathEscape("ni:///sha-256;00?ver=CBV2.0"))
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Contains(t, w.Body.String(), "NoSuchResourceException")

	epc := "urn:epc:id:sgtin:0614141.107346.2018"
	byPath := pages(t, h, schema, "/epcis/epcs/"+url.PathEscape(epc)+"/events?perPage=2")
	byParam := pages(t, h, schema, "/epcis/events?MATCH_anyEPC="+url.QueryEscape(epc))
	require.NotEmpty(t, byPath)
	require.Equal(t, ids(byParam), ids(byPath))

	// A lot's events are those naming it in a quantity list.
	lot := "urn:epc:class:lgtin:4012345.012345.998877"
	byPath = pages(t, h, schema, "/epcis/epcs/"+url.PathEscape(lot)+"/events")
	byParam = pages(t, h, schema, "/epcis/events?MATCH_anyEPCClass="+url.QueryEscape(lot))
	require.NotEmpty(t, byPath)
	require.Equal(t, ids(byParam), ids(byPath))
}

// Bad parameters are a 400 QueryParameterException naming the parameter.
func TestEPCISBadParameters(t *testing.T) {
	h := newExampleIndex(t).server(0)
	testCases := []struct{ query, names string }{
		{"eventType=ObjectEvnt", "eventType"},
		{"EQ_action=ADDED", "EQ_action"},
		{"GE_eventTime=yesterday", "GE_eventTime"},
		{"LT_recordTime=2020-01-01T00:00:00", "LT_recordTime"},
		{"perPage=0", "perPage"},
		{"perPage=100000", "perPage"},
		{"nextPageToken=abc", "nextPageToken"},
		{"GE_maxValue_CEL=hot", "GE_maxValue_CEL"},
		{"MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*", "MATCH_epc"},
		{"EQ_bizStep=shipping&EQ_bizStep=receiving", "EQ_bizStep"},
		{"EQ_bizstep=shipping", "EQ_bizstep"},
		{"MATCH_epc=" + strings.Repeat("a|", 40) + "a", "MATCH_epc"},
		{"EQ_disposition=in_transit||sold", "EQ_disposition"},
		{"MATCH_epc=not-an-epc", "MATCH_epc"},
		{"MATCH_anyEPC=https://id.gs1.org/01/06901234123457", "MATCH_anyEPC"},
		{"MATCH_epc=https://brand.example/dl/gtin/06901234123457/ser/1", "MATCH_epc"},
		{"MATCH_epc=URN:EPC:ID:SGTIN:bogus", "MATCH_epc"},
		{"GE_value_CEL=1e999999", "GE_value_CEL"},
		{"LT_value_CEL=" + strings.Repeat("9", 41), "LT_value_CEL"},
		{manyParams(33), "query"},
	}
	for _, tc := range testCases {
		w := get(h, "/epcis/events?"+encodeQuery(tc.query))
		require.Equal(t, http.StatusBadRequest, w.Code, tc.query)
		var e epcisError
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e))
		require.Equal(t, "QueryParameterException", e.Code)
		require.Equal(t, "epcisException:QueryParameterException", e.Type)
		require.True(t, strings.HasPrefix(e.Message, tc.names+": "), "%s: %s", tc.query, e.Message)
	}
}

// manyParams is a query of n distinct (unknown) parameters.
func manyParams(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("x%d=1", i)
	}
	return strings.Join(parts, "&")
}

// A malformed EPC in the path is a 400 naming it, like a malformed
// parameter.
func TestEPCISMalformedEPCInThePath(t *testing.T) {
	h := newExampleIndex(t).server(0)
	for _, epc := range []string{"not-an-epc", "https://id.gs1.org/01/06901234123457"} {
		w := get(h, "/epcis/epcs/"+url.PathEscape(epc)+"/events")
		require.Equal(t, http.StatusBadRequest, w.Code, epc)
		var e epcisError
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e))
		require.True(t, strings.HasPrefix(e.Message, "epc: "), e.Message)
	}
}

// A query Go's parser would partly drop — an unescaped ';', a bad
// %-escape, more pairs than it keeps — is refused whole, never answered
// with the filter silently gone; so is a path or query longer than any
// route needs. Locations are matched as the chain keeps them, never
// refused.
func TestQueriesGoParsesOnlyInPartAreRefused(t *testing.T) {
	h := newExampleIndex(t).server(0)
	for _, raw := range []string{
		"EQ_eventID=ni:///sha-256;abc",
		"EQ_bizStep=%zz",
		strings.Repeat("a=1&", 70) + "a=1",
		"MATCH_epc=" + strings.Repeat("x", 17<<10),
	} {
		w := get(h, "/epcis/events?"+raw)
		require.Equal(t, http.StatusBadRequest, w.Code, "%.60s: %s", raw, w.Body.String())
		require.Contains(t, w.Body.String(), "query", raw[:min(len(raw), 60)])
	}
	w := get(h, "/epcis/events/"+strings.Repeat("a", 3000))
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Contains(t, w.Body.String(), "path")
	w = get(h, "/epcis/events?EQ_bizLocation=dock-3")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
}
