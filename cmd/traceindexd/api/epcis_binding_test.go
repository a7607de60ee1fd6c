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
// /epcis/, GS1's version headers, JSON-LD by Accept, 406 for any other
// media type (XML answers are not served yet), errors as problem details.
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
	require.NotEmpty(t, jsonDoc.Events)

	require.Equal(t, "application/ld+json", getWith(h, "/events?perPage=1", "text/html;q=0.5, application/json").Header().Get("Content-Type"))
	one := jsonDoc.Events[0].Str("eventID")
	ev := getWith(h, "/events/"+url.PathEscape(one), "application/ld+json")
	require.Equal(t, http.StatusOK, ev.Code, ev.Body.String())
	require.Contains(t, ev.Body.String(), one)
	require.Equal(t, "2.0.0", ev.Header().Get("GS1-CBV-Version"))

	for _, accept := range []string{"text/csv", "application/xml"} {
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
