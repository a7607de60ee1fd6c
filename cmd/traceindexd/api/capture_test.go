package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/auth"
	"github.com/tracechain/tracechain/cmd/traceindexd/capture"
	"github.com/tracechain/tracechain/cmd/traceindexd/capture/capturetest"
)

const captureDoc = `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",
"schemaVersion":"2.0","creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[
{"type":"ObjectEvent","eventTime":"2026-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["urn:epc:id:sgtin:0614141.107346.1"],"action":"ADD","bizStep":"commissioning"},
{"type":"ObjectEvent","eventTime":"2026-01-01T00:00:01Z","eventTimeZoneOffset":"+00:00","epcList":["urn:epc:id:sgtin:0614141.107346.SERIAL"],"action":"ADD","bizStep":"commissioning"}]}}`

type captureFixture struct {
	h                               http.Handler
	chain                           *capturetest.Chain
	capturer, reader, otherCapturer string
}

func newCaptureFixture(t *testing.T, withCapture bool) *captureFixture {
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens.json")
	f := &captureFixture{chain: capturetest.NewChain()}
	var err error
	f.capturer, err = auth.Issue(tokens, "erp", []string{auth.ScopeCapture})
	require.NoError(t, err)
	f.reader, err = auth.Issue(tokens, "dashboard", []string{auth.ScopeQuery})
	require.NoError(t, err)
	f.otherCapturer, err = auth.Issue(tokens, "wms", []string{auth.ScopeCapture})
	require.NoError(t, err)
	keys, err := auth.NewKeys(tokens)
	require.NoError(t, err)
	s := &Server{Progress: fixedProgress{}, Tokens: keys}
	if withCapture {
		st, err := capture.OpenStore(filepath.Join(dir, "capture"))
		require.NoError(t, err)
		svc := capture.NewService(st, f.chain)
		svc.Poll = 5 * time.Millisecond
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{}, 2)
		go func() { _ = svc.Run(ctx); done <- struct{}{} }()
		go func() { f.chain.Produce(ctx, 20*time.Millisecond); done <- struct{}{} }()
		t.Cleanup(func() { cancel(); <-done; <-done; require.NoError(t, st.Close()) })
		s.Capture = svc
	}
	f.h = mustHandler(s)
	return f
}

func (f *captureFixture) do(method, path, token, contentType, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	return w
}

func problemOf(t *testing.T, w *httptest.ResponseRecorder) epcisError {
	t.Helper()
	require.Equal(t, mediaProblem, w.Header().Get("Content-Type"), w.Body.String())
	var p epcisError
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
	require.Equal(t, w.Code, p.Status)
	return p
}

func TestCaptureOverREST(t *testing.T) {
	f := newCaptureFixture(t, true)

	w := f.do(http.MethodOptions, "/capture", "", "", "")
	require.Equal(t, http.StatusNoContent, w.Code)
	require.Equal(t, "5", w.Header().Get("GS1-EPCIS-Capture-Limit"))
	require.Equal(t, "65536", w.Header().Get("GS1-EPCIS-Capture-File-Size-Limit"))
	require.Equal(t, "2.0.0", w.Header().Get("GS1-EPCIS-Version"))

	w = f.do(http.MethodPost, "/capture", f.capturer, "application/ld+json", captureDoc)
	require.Equal(t, http.StatusAccepted, w.Code, w.Body.String())
	location := w.Header().Get("Location")
	require.True(t, strings.HasPrefix(location, "/capture/"), location)
	var job capture.Job
	require.Eventually(t, func() bool {
		w := f.do(http.MethodGet, location, f.capturer, "", "")
		require.Equal(t, http.StatusOK, w.Code)
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &job))
		return !job.Running
	}, 10*time.Second, 10*time.Millisecond)
	require.True(t, job.Success)
	require.Len(t, job.Captured, 2)
	require.Equal(t, "erp", job.SubmittedBy)

	// A refused event: the job names it and the rule.
	bad := strings.Replace(captureDoc, "SERIAL", "bad", 1)
	w = f.do(http.MethodPost, "/capture", f.capturer, "application/json", strings.Replace(bad, `107346.1"`, `107346.7"`, 1))
	require.Equal(t, http.StatusAccepted, w.Code, w.Body.String())
	location = w.Header().Get("Location")
	require.Eventually(t, func() bool {
		w := f.do(http.MethodGet, location, f.capturer, "", "")
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &job))
		return !job.Running
	}, 10*time.Second, 10*time.Millisecond)
	require.False(t, job.Success)
	require.Equal(t, 1, *job.Errors[0].EventIndex)
	require.Equal(t, "object not commissioned", job.Errors[0].Title)
	require.Equal(t, 2, f.chain.Held(), "nothing of the refused document")

	w = f.do(http.MethodGet, "/capture?perPage=1", f.capturer, "", "")
	require.Equal(t, http.StatusOK, w.Code)
	require.Contains(t, w.Header().Get("Link"), `rel="next"`)
	var jobs []capture.Job
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &jobs))
	require.Len(t, jobs, 1)
}

// Who may capture, and what is refused before a job is made.
func TestCaptureRefusals(t *testing.T) {
	f := newCaptureFixture(t, true)
	six := strings.Repeat(`{"type":"ObjectEvent","eventTime":"2026-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["urn:epc:id:sgtin:0614141.107346.1"],"action":"OBSERVE"},`, 6)
	for name, c := range map[string]struct {
		token, contentType, body string
		header                   []string
		status                   int
		want                     string
	}{
		"no token":           {"", jsonLD, captureDoc, nil, 401, "bearer token"},
		"unknown token":      {"tcx_nope", jsonLD, captureDoc, nil, 401, "not one this indexer issued"},
		"query-only token":   {"reader", jsonLD, captureDoc, nil, 403, "lacks the capture scope"},
		"text/plain":         {"capturer", "text/plain", captureDoc, nil, 415, "Content-Type"},
		"invalid event":      {"capturer", jsonLD, strings.Replace(captureDoc, `"ADD"`, `"ADDED"`, 1), nil, 400, "event 0 (ObjectEvent): action"},
		"not a document":     {"capturer", jsonLD, `{"type":"EPCISDocument"}`, nil, 400, "@context"},
		"behaviour":          {"capturer", jsonLD, captureDoc, []string{"GS1-Capture-Error-Behaviour", "all"}, 400, "GS1-Capture-Error-Behaviour"},
		"over the event cap": {"capturer", jsonLD, strings.Replace(captureDoc, `"eventList":[`, `"eventList":[`+six, 1), nil, 413, "at most 5"},
		"over the byte cap":  {"capturer", jsonLD, captureDoc + strings.Repeat(" ", 70<<10), nil, 413, "65536"},
	} {
		token := map[string]string{"capturer": f.capturer, "reader": f.reader}[c.token]
		if token == "" {
			token = c.token
		}
		w := f.do(http.MethodPost, "/capture", token, c.contentType, c.body, c.header...)
		require.Equal(t, c.status, w.Code, name+": "+w.Body.String())
		require.Contains(t, problemOf(t, w).Title, c.want, name)
		if c.status == 401 {
			require.Contains(t, w.Header().Get("WWW-Authenticate"), "Bearer", name)
		}
	}
	w := f.do(http.MethodGet, "/capture", f.capturer, "", "")
	require.Equal(t, "[]", strings.TrimSpace(w.Body.String()), "no job was made")
	require.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/capture/nope", f.capturer, "", "").Code)
	require.Equal(t, http.StatusForbidden, f.do(http.MethodGet, "/capture", f.reader, "", "").Code)
}

func TestCaptureIsOffWithoutAKey(t *testing.T) {
	f := newCaptureFixture(t, false)
	w := f.do(http.MethodPost, "/capture", f.capturer, jsonLD, captureDoc)
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Contains(t, problemOf(t, w).Title, "does not capture")
	require.Equal(t, http.StatusNotFound, f.do(http.MethodOptions, "/capture", "", "", "").Code)
}

func TestAnotherTokensJobIsNotFound(t *testing.T) {
	f := newCaptureFixture(t, true)
	w := f.do(http.MethodPost, "/capture", f.capturer, jsonLD, captureDoc)
	require.Equal(t, http.StatusAccepted, w.Code)
	location := w.Header().Get("Location")
	require.Equal(t, http.StatusOK, f.do(http.MethodGet, location, f.capturer, "", "").Code)
	require.Equal(t, http.StatusNotFound, f.do(http.MethodGet, location, f.otherCapturer, "", "").Code)
	require.Equal(t, "[]", strings.TrimSpace(f.do(http.MethodGet, "/capture", f.otherCapturer, "", "").Body.String()))
}
