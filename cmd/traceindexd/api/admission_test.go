package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
)

func getFrom(h http.Handler, remote, path string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = remote
	for k, v := range header {
		req.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// A client over its rate gets a 429 saying when to come back, on every
// route; other clients are served; a client cannot pose as others with
// X-Forwarded-For or X-Real-IP unless it comes through a trusted proxy.
func TestClientsAreRateLimited(t *testing.T) {
	s := &Server{Progress: fixedProgress{height: 3}, Limits: Limits{ClientRate: 0.1, ClientBurst: 3}, TrustedProxies: []string{"192.0.2.1"}}
	h := mustHandler(s)
	const abuser = "198.51.100.7:4000"
	for i := range 3 {
		spoof := http.Header{"X-Forwarded-For": {"203.0.113." + string(rune('1'+i))}}
		require.Equal(t, http.StatusOK, getFrom(h, abuser, "/v1/status", spoof).Code)
	}
	w := getFrom(h, abuser, "/v1/status", http.Header{"X-Forwarded-For": {"203.0.113.99"}})
	require.Equal(t, http.StatusTooManyRequests, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), `"code":"rate_limited"`)
	require.NotEmpty(t, w.Header().Get("Retry-After"))
	require.Equal(t, "3", w.Header().Get(HeightHeader), "a refusal names its height too")
	for _, path := range []string{"/healthz", "/metrics", "/v1/nothing"} {
		require.Equal(t, http.StatusTooManyRequests, getFrom(h, abuser, path, http.Header{"X-Real-Ip": {"203.0.113.50"}}).Code, path)
	}
	require.Equal(t, http.StatusOK, getFrom(h, "198.51.100.8:4000", "/v1/status", nil).Code, "another client")
	// One IPv6 host holds a /64: it is one client.
	for i, addr := range []string{"[2001:db8::1]:1", "[2001:db8::2]:1", "[2001:db8::3]:1"} {
		require.Equal(t, http.StatusOK, getFrom(h, addr, "/v1/status", nil).Code, i)
	}
	require.Equal(t, http.StatusTooManyRequests, getFrom(h, "[2001:db8::ffff]:1", "/v1/status", nil).Code)
	// Behind the trusted proxy, the forwarded address is the client.
	for _, client := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"} {
		require.Equal(t, http.StatusOK, getFrom(h, "192.0.2.1:80", "/v1/status", http.Header{"X-Forwarded-For": {client}}).Code, client)
	}
}

// blockingNode holds every query until released.
type blockingNode struct {
	entered chan struct{}
	release chan struct{}
}

func (b blockingNode) QueryAt(ctx context.Context, _ string, _, _ proto.Message, _ int64) error {
	b.entered <- struct{}{}
	<-b.release
	return context.Canceled
}

func (blockingNode) ProtoJSON(proto.Message) ([]byte, error) { return nil, context.Canceled }

// One client cannot hold more than its share of requests in flight;
// others are still served.
func TestClientInFlightCap(t *testing.T) {
	node := blockingNode{entered: make(chan struct{}), release: make(chan struct{})}
	h := mustHandler(&Server{Progress: fixedProgress{height: 3}, State: node, Limits: Limits{ClientInFlight: 1}})
	done := make(chan int)
	go func() { done <- getFrom(h, "198.51.100.1:1", "/v1/objects/lot-1", nil).Code }()
	<-node.entered
	w := getFrom(h, "198.51.100.1:2", "/v1/status", nil)
	require.Equal(t, http.StatusTooManyRequests, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "this client has 1 requests being answered")
	require.Equal(t, http.StatusOK, getFrom(h, "198.51.100.2:1", "/v1/status", nil).Code, "another client")
	require.Equal(t, http.StatusOK, getFrom(h, "198.51.100.1:2", "/healthz", nil).Code, "monitoring is outside the cap")
	close(node.release)
	<-done
	require.Equal(t, http.StatusOK, getFrom(h, "198.51.100.1:2", "/v1/status", nil).Code, "the slot is free again")
}

// Past the in-flight cap a request is refused at once with a 429 instead
// of queueing; monitoring still answers.
func TestInFlightCap(t *testing.T) {
	node := blockingNode{entered: make(chan struct{}), release: make(chan struct{})}
	h := mustHandler(&Server{Progress: fixedProgress{height: 3}, State: node, Limits: Limits{MaxInFlight: 1}})
	done := make(chan int)
	go func() { done <- getFrom(h, "198.51.100.1:1", "/v1/objects/lot-1", nil).Code }()
	<-node.entered
	w := getFrom(h, "198.51.100.2:1", "/v1/status", nil)
	require.Equal(t, http.StatusTooManyRequests, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), `"code":"busy"`)
	require.Equal(t, "1", w.Header().Get("Retry-After"))
	require.Equal(t, http.StatusOK, getFrom(h, "198.51.100.2:1", "/healthz", nil).Code)
	close(node.release)
	<-done
	require.Equal(t, http.StatusOK, getFrom(h, "198.51.100.2:1", "/v1/status", nil).Code, "the slot is free again")
}

// CORS is off unless origins are allowed; then an allowed origin's
// preflight is answered and its answers expose the height.
func TestCORSAllowList(t *testing.T) {
	preflight := func(h http.Handler, origin string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodOptions, "/v1/status", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", http.MethodGet)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	off := mustHandler(&Server{Progress: fixedProgress{height: 3}})
	require.Empty(t, preflight(off, "https://app.example").Header().Get("Access-Control-Allow-Origin"))

	on := mustHandler(&Server{Progress: fixedProgress{height: 3}, CORSOrigins: []string{"https://app.example"}})
	w := preflight(on, "https://app.example")
	require.Less(t, w.Code, 300)
	require.Equal(t, "https://app.example", w.Header().Get("Access-Control-Allow-Origin"))
	require.Empty(t, preflight(on, "https://evil.example").Header().Get("Access-Control-Allow-Origin"))
	w = getFrom(on, "198.51.100.1:1", "/v1/status", http.Header{"Origin": {"https://app.example"}})
	require.Equal(t, "https://app.example", w.Header().Get("Access-Control-Allow-Origin"))
	require.Contains(t, w.Header().Get("Access-Control-Expose-Headers"), http.CanonicalHeaderKey(HeightHeader))
}
