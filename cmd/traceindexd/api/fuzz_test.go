package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tracechain/tracechain/cmd/traceindexd/epcisq"
)

// Any query string, on any EPCIS route or the events route, is answered
// without a panic and without a 5xx; an EPCIS query examines at most its
// scan budget of index entries.
func FuzzQueryParameters(f *testing.F) {
	for _, seed := range []string{
		"perPage=3", "eventType=ObjectEvent|AggregationEvent", "EQ_bizStep=shipping&MATCH_epc=urn:epc:id:sgtin:0614141.107346.2018",
		"GE_eventTime=2005-04-04T00:00:00Z&LT_eventTime=2019-01-01T00:00:00%2B01:00", "GE_maxValue_CEL=26.5", "nextPageToken=AAAAAAAAAAEAAAABAAAAAA",
		"MATCH_anyEPC=https://id.gs1.org/00/106141412345678908", "EXISTS_errorDeclaration&EQ_errorReason=incorrect_data", "type=tracechain.trace.v1.EventCaptured&limit=2",
	} {
		f.Add(seed)
	}
	ix := newExampleIndex(f)
	h := ix.server(5)
	const budget = 5
	f.Fuzz(func(t *testing.T, raw string) {
		for _, path := range []string{"/epcis/events?", "/epcis/epcs/urn:epc:id:sgtin:0614141.107346.2018/events?", "/v1/events?"} {
			w := get(h, path+url.PathEscape(raw))
			if w.Code >= 500 {
				t.Fatalf("%s%s: %d %s", path, raw, w.Code, w.Body.String())
			}
			// As sent, when it is a request line a client could send.
			if req, err := http.NewRequest(http.MethodGet, path+raw, nil); err == nil && !strings.ContainsAny(raw, " \t\r\n") {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code >= 500 {
					t.Fatalf("%s%s: %d %s", path, raw, w.Code, w.Body.String())
				}
			}
		}
		values, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := epcisq.Parse(values)
		if err != nil {
			return
		}
		page, err := epcisq.Run(ix.store, q, budget)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if page.Scanned > budget {
			t.Fatalf("%s: scanned %d entries, the budget is %d", raw, page.Scanned, budget)
		}
	})
}
