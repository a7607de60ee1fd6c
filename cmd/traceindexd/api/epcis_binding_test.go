package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

func getWith(h http.Handler, path, accept string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// The EPCIS REST binding at the base URL: the same answers as under
// /epcis/, GS1's version headers, JSON-LD or XML by Accept (the XML holds
// the same events: an XML client hashes them to the chain's IDs), 406 for
// a media type neither, errors as problem details.
func TestEPCISBindingAtTheBaseURL(t *testing.T) {
	ix := newExampleIndex(t)
	h := ix.server(0)
	base := getWith(h, "/events?eventType=ObjectEvent&perPage=20", "")
	require.Equal(t, http.StatusOK, base.Code, base.Body.String())
	require.Equal(t, getWith(h, "/epcis/events?eventType=ObjectEvent&perPage=20", "").Body.String(), base.Body.String())
	for _, hdr := range []string{"GS1-EPCIS-Version", "GS1-CBV-Version", "GS1-EPCIS-Min", "GS1-EPCIS-Max"} {
		require.Equal(t, "2.0.0", base.Header().Get(hdr), hdr)
	}
	jsonDoc, err := epcis.ReadDocument(base.Body.Bytes())
	require.NoError(t, err)
	var chainIDs []string // each event's ID, hashed by the chain with its own context
	for _, ev := range jsonDoc.Events {
		chainIDs = append(chainIDs, ev.Str("eventID"))
	}
	require.NotEmpty(t, chainIDs)

	// In XML (each event's own prefixes declared on it), the same events:
	// an XML client hashes each to the chain's ID.
	x := getWith(h, "/events?eventType=ObjectEvent&perPage=20", "application/xml;q=0.9, text/html;q=0.1")
	require.Equal(t, http.StatusOK, x.Code, x.Body.String())
	require.Equal(t, "application/xml", x.Header().Get("Content-Type"))
	xmlDoc, _, err := epcis.ReadXMLDocument(x.Body.Bytes())
	require.NoError(t, err)
	xmlIDs, _, err := xmlDoc.EventIDs()
	require.NoError(t, err)
	require.Equal(t, chainIDs, xmlIDs)
	require.Equal(t, "application/ld+json", getWith(h, "/events?perPage=1", "application/xml;q=0.5, application/ld+json").Header().Get("Content-Type"))

	require.Equal(t, "application/ld+json", getWith(h, "/events?perPage=1", "text/html;q=0.5, application/json").Header().Get("Content-Type"))
	one := jsonDoc.Events[0].Str("eventID")
	ev := getWith(h, "/events/"+url.PathEscape(one), "application/ld+json")
	require.Equal(t, http.StatusOK, ev.Code, ev.Body.String())
	require.Contains(t, ev.Body.String(), one)
	require.Equal(t, "2.0.0", ev.Header().Get("GS1-CBV-Version"))
	evXML := getWith(h, "/events/"+url.PathEscape(one), "text/xml")
	require.Equal(t, http.StatusOK, evXML.Code, evXML.Body.String())
	single, _, err := epcis.ReadXMLDocument(evXML.Body.Bytes())
	require.NoError(t, err)
	singleIDs, _, err := single.EventIDs()
	require.NoError(t, err)
	require.Equal(t, []string{one}, singleIDs, "the event's XML hashes to its ID")

	for _, accept := range []string{"text/csv", "application/json;q=0, text/plain"} {
		refused := getWith(h, "/events", accept)
		require.Equal(t, http.StatusNotAcceptable, refused.Code, accept)
		require.Equal(t, "application/problem+json", refused.Header().Get("Content-Type"))
		require.Contains(t, refused.Body.String(), "NotAcceptableException")
	}
	bad := getWith(h, "/events?GE_eventTime=yesterday", "")
	require.Equal(t, http.StatusBadRequest, bad.Code)
	require.Equal(t, "application/problem+json", bad.Header().Get("Content-Type"))
	require.Contains(t, bad.Body.String(), "GE_eventTime")
}
