//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/epcisschema"
	"github.com/tracechain/tracechain/x/lib/gs1"
)

// TestIndexerOpenAPIPassesRedocly holds the indexer's OpenAPI document to
// Redocly's strictest built-in rules (scripts/openapi-lint/redocly.yaml).
func TestIndexerOpenAPIPassesRedocly(t *testing.T) {
	dir := os.Getenv("OPENAPI_LINT_DIR")
	if dir == "" {
		dir = "../../scripts/openapi-lint"
	}
	bin := filepath.Join(dir, "node_modules", ".bin", "redocly")
	_, err := os.Stat(bin)
	require.NoError(t, err, "Redocly CLI is installed by `make test-e2e` (npm ci in scripts/openapi-lint)")
	spec, err := filepath.Abs("../../cmd/traceindexd/api/openapi.json")
	require.NoError(t, err)
	cmd := exec.Command(bin, "lint", "--config", "redocly.yaml", spec)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	require.Contains(t, string(out), "is valid")
}

// openAPIClient sends requests to an indexer and checks every answer
// against the OpenAPI document that indexer serves (kin-openapi: status
// documented, headers, body against the schema of its content type); an
// EPCIS document is also checked against GS1's EPCIS 2.0 JSON schema.
type openAPIClient struct {
	t      *testing.T
	ix     *indexer
	router routers.Router
	gs1    *epcisschema.Schema
	// checked counts answers by operation and status.
	checked map[string]bool
}

func newOpenAPIClient(t *testing.T, ix *indexer) *openAPIClient {
	resp, err := http.Get("http://" + ix.addr + "/openapi.json")
	require.NoError(t, err)
	bz, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(bz)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	doc.Servers = openapi3.Servers{{URL: "http://" + ix.addr}}
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	gs1, err := epcisschema.Compile(filepath.Join("..", "..", "..", "shared", "testdata", "epcis", "EPCIS-JSON-Schema.json"))
	require.NoError(t, err)
	openapi3filter.RegisterBodyDecoder("application/xml", func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		bz, err := io.ReadAll(r)
		return string(bz), err
	})
	openapi3filter.RegisterBodyDecoder("text/html", func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		bz, err := io.ReadAll(r)
		return string(bz), err
	})
	openapi3filter.RegisterBodyDecoder("text/plain", func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		bz, err := io.ReadAll(r)
		return string(bz), err
	})
	return &openAPIClient{t: t, ix: ix, router: router, gs1: gs1, checked: map[string]bool{}}
}

// do sends a request and checks its answer; want is the status expected.
func (c *openAPIClient) do(want int, method, path string, header http.Header, body []byte) []byte {
	c.t.Helper()
	req, err := http.NewRequest(method, "http://"+c.ix.addr+path, bytes.NewReader(body))
	require.NoError(c.t, err)
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(c.t, err)
	require.Equal(c.t, want, resp.StatusCode, "%s %s: %s", method, path, got)

	route, params, err := c.router.FindRoute(req)
	require.NoError(c.t, err, "%s %s: the OpenAPI document has no such operation", method, path)
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(got)), Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	require.NoError(c.t, openapi3filter.ValidateResponse(context.Background(), out), "%s %s → %d: %s", method, path, resp.StatusCode, got)
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/ld+json") && bytes.Contains(got, []byte(`"EPCISQueryDocument"`)) {
		require.NoError(c.t, c.gs1.ValidateDocument(got), "%s %s: GS1's EPCIS 2.0 JSON schema", method, path)
	}
	c.checked[fmt.Sprintf("%s %s %d", method, route.Path, resp.StatusCode)] = true
	return got
}

// TestEveryIndexerAnswerMatchesItsOpenAPI walks every operation the
// indexer documents, on a running capturing indexer following a chain
// with captured events, and checks each answer — successes and errors —
// against the document.
func TestEveryIndexerAnswerMatchesItsOpenAPI(t *testing.T) {
	net, ix, token := capturingIndexer(t)
	out, err := exec.Command(ix.bin, "token", "issue", "reader", "--scope", "query", "--home", ix.home).Output()
	require.NoError(t, err)
	reader := strings.TrimSpace(string(out))
	c := newOpenAPIClient(t, ix)
	bearer := func(tok string, kv ...string) http.Header {
		h := http.Header{"Authorization": {"Bearer " + tok}}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	jsonLD := bearer(token, "Content-Type", "application/ld+json")

	// Capture: a document in each binding, the refusals before a job.
	lot := "urn:epc:class:lgtin:6901234.012345.OAS1"
	doc := epcisbuild.Document(epcisbuild.NewClock(time.Now().Add(-time.Hour)).New("ObjectEvent", "ADD").BizStep("commissioning").
		At("urn:epc:id:sgln:6901234.00001.0").Qty(epcisbuild.Quantity{Class: lot, Amount: "5", UOM: "KGM"}))
	c.do(http.StatusNoContent, http.MethodOptions, "/capture", nil, nil)
	c.do(http.StatusAccepted, http.MethodPost, "/capture", jsonLD, doc)
	xml, err := asXML(epcisbuild.Document(epcisbuild.NewClock(time.Now().Add(-time.Hour)).New("ObjectEvent", "ADD").BizStep("commissioning").
		Qty(epcisbuild.Quantity{Class: lot + "X", Amount: "5", UOM: "KGM"})))
	require.NoError(t, err)
	c.do(http.StatusAccepted, http.MethodPost, "/capture", bearer(token, "Content-Type", "application/xml"), xml)
	c.do(http.StatusBadRequest, http.MethodPost, "/capture", jsonLD, []byte(`{"type":"EPCISDocument"}`))
	c.do(http.StatusUnauthorized, http.MethodPost, "/capture", http.Header{"Content-Type": {"application/ld+json"}}, doc)
	c.do(http.StatusForbidden, http.MethodPost, "/capture", bearer(reader, "Content-Type", "application/ld+json"), doc)
	c.do(http.StatusUnsupportedMediaType, http.MethodPost, "/capture", bearer(token, "Content-Type", "text/plain"), doc)
	c.do(http.StatusRequestEntityTooLarge, http.MethodPost, "/capture", jsonLD, bytes.Repeat([]byte(" "), 600<<10))
	c.do(http.StatusBadRequest, http.MethodGet, "/capture?perPage=0", bearer(token), nil)
	c.do(http.StatusNotFound, http.MethodGet, "/capture/nope", bearer(token), nil)
	var jobID string
	require.Eventually(t, func() bool {
		body := c.do(http.StatusOK, http.MethodGet, "/capture", bearer(token), nil)
		jobID = between(string(body), `"captureID":"`, `"`)
		return !strings.Contains(string(body), `"running":true`)
	}, time.Minute, 200*time.Millisecond)
	c.do(http.StatusOK, http.MethodGet, "/capture/"+jobID, bearer(token), nil)

	// Queries of the index.
	var eventID string
	require.Eventually(t, func() bool {
		body := c.do(http.StatusOK, http.MethodGet, "/events?MATCH_epcClass="+url.QueryEscape(lot), nil, nil)
		eventID = between(string(body), `"eventID":"`, `"`)
		return eventID != ""
	}, time.Minute, 200*time.Millisecond)
	esc := url.PathEscape(eventID)
	for _, prefix := range []string{"", "/epcis"} {
		c.do(http.StatusOK, http.MethodGet, prefix+"/events?EQ_bizStep=commissioning&perPage=1", nil, nil)
		c.do(http.StatusOK, http.MethodGet, prefix+"/events?EQ_bizStep=commissioning", http.Header{"Accept": {"application/xml"}}, nil)
		c.do(http.StatusBadRequest, http.MethodGet, prefix+"/events?EQ_colour=red", nil, nil)
		c.do(http.StatusNotAcceptable, http.MethodGet, prefix+"/events", http.Header{"Accept": {"image/png"}}, nil)
		c.do(http.StatusOK, http.MethodGet, prefix+"/events/"+esc, nil, nil)
		c.do(http.StatusNotFound, http.MethodGet, prefix+"/events/"+url.PathEscape("ni:///sha-256;00?ver=CBV2.0"), nil, nil)
		c.do(http.StatusOK, http.MethodGet, prefix+"/epcs/"+url.PathEscape(lot)+"/events", nil, nil)
		for _, r := range []struct{ path, value, events string }{
			{"eventTypes", "ObjectEvent", "/events"},
			{"epcs", lot, ""},
			{"bizSteps", "commissioning", "/events"},
			{"bizLocations", "urn:epc:id:sgln:6901234.00001.0", "/events"},
		} {
			c.do(http.StatusOK, http.MethodGet, prefix+"/"+r.path+"?perPage=2", nil, nil)
			c.do(http.StatusBadRequest, http.MethodGet, prefix+"/"+r.path+"?perPage=0", nil, nil)
			c.do(http.StatusOK, http.MethodGet, prefix+"/"+r.path+"/"+url.PathEscape(r.value), nil, nil)
			c.do(http.StatusNotFound, http.MethodGet, prefix+"/"+r.path+"/nothing-has-this", nil, nil)
			if r.events != "" {
				c.do(http.StatusOK, http.MethodGet, prefix+"/"+r.path+"/"+url.PathEscape(r.value)+r.events, nil, nil)
			}
		}
	}
	c.do(http.StatusOK, http.MethodGet, "/", nil, nil)

	// The lot's GS1 Digital Link, as a phone and as systems follow it.
	dl, err := gs1.Parse(lot)
	require.NoError(t, err)
	dlPath := strings.TrimPrefix(dl.URI, "https://id.gs1.org")
	c.do(http.StatusOK, http.MethodGet, dlPath, http.Header{"Accept": {"text/html"}, "Accept-Language": {"zh-CN"}}, nil)
	c.do(http.StatusOK, http.MethodGet, dlPath, http.Header{"Accept": {"application/linkset+json"}}, nil)
	c.do(http.StatusOK, http.MethodGet, dlPath, http.Header{"Accept": {"application/json"}}, nil)
	c.do(http.StatusBadRequest, http.MethodGet, "/01/12345678901234", nil, nil)
	c.do(http.StatusNotFound, http.MethodGet, "/00/006141411234567890", http.Header{"Accept": {"application/json"}}, nil)
	c.do(http.StatusOK, http.MethodGet, "/v1/certifications?subject="+url.QueryEscape(dl.URI), nil, nil)

	// Named queries and subscriptions.
	def := []byte(`{"name":"commissions","query":{"EQ_bizStep":["commissioning"]}}`)
	c.do(http.StatusCreated, http.MethodPost, "/queries", bearer(reader, "Content-Type", "application/json"), def)
	c.do(http.StatusConflict, http.MethodPost, "/queries", bearer(reader, "Content-Type", "application/json"), def)
	c.do(http.StatusBadRequest, http.MethodPost, "/queries", bearer(reader), []byte(`{"name":"x","query":{"EQ_colour":["red"]}}`))
	c.do(http.StatusUnauthorized, http.MethodGet, "/queries", nil, nil)
	c.do(http.StatusOK, http.MethodGet, "/queries", bearer(reader), nil)
	c.do(http.StatusOK, http.MethodGet, "/queries/commissions", bearer(reader), nil)
	c.do(http.StatusNotFound, http.MethodGet, "/queries/nope", bearer(reader), nil)
	c.do(http.StatusOK, http.MethodGet, "/queries/commissions/events?perPage=5", bearer(reader), nil)
	body := c.do(http.StatusCreated, http.MethodPost, "/queries/commissions/subscriptions", bearer(reader),
		[]byte(`{"dest":"https://subscriber.example/epcis","signatureToken":"t0k","stream":true}`))
	subID := between(string(body), `"subscriptionID":"`, `"`)
	c.do(http.StatusBadRequest, http.MethodPost, "/queries/commissions/subscriptions", bearer(reader), []byte(`{"dest":"https://subscriber.example/epcis"}`))
	c.do(http.StatusOK, http.MethodGet, "/queries/commissions/subscriptions", bearer(reader), nil)
	c.do(http.StatusOK, http.MethodGet, "/queries/commissions/subscriptions/"+subID, bearer(reader), nil)
	c.do(http.StatusNoContent, http.MethodDelete, "/queries/commissions/subscriptions/"+subID, bearer(reader), nil)
	c.do(http.StatusNotFound, http.MethodDelete, "/queries/commissions/subscriptions/"+subID, bearer(reader), nil)
	c.do(http.StatusNoContent, http.MethodDelete, "/queries/commissions", bearer(reader), nil)

	// The indexer's own resources.
	c.do(http.StatusOK, http.MethodGet, "/healthz", nil, nil)
	c.do(http.StatusOK, http.MethodGet, "/readyz", nil, nil)
	c.do(http.StatusOK, http.MethodGet, "/v1/status", nil, nil)
	c.do(http.StatusOK, http.MethodGet, "/metrics", nil, nil)
	c.do(http.StatusOK, http.MethodGet, "/openapi.json", nil, nil)
	c.do(http.StatusOK, http.MethodGet, "/v1/events?type=tracechain.trace.v1.EventCaptured", nil, nil)
	c.do(http.StatusBadRequest, http.MethodGet, "/v1/events", nil, nil)
	c.do(http.StatusNotFound, http.MethodGet, "/v1/txs/"+strings.Repeat("AB", 32), nil, nil)
	c.do(http.StatusBadRequest, http.MethodGet, "/v1/txs/xyz", nil, nil)
	t.Logf("%d (operation, status) pairs checked against the OpenAPI document", len(c.checked))

	// The node's own REST documents its tracechain/* routes too.
	resp, err := http.Get(strings.Replace(net.Node("node0").API, "tcp://", "http://", 1) + "/tracechain/openapi.json")
	require.NoError(t, err)
	nodeDoc, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, string(nodeDoc), `"/tracechain/trace/v1/objects/by_id"`)
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	j := strings.Index(s, to)
	if j < 0 {
		return ""
	}
	return s[:j]
}
