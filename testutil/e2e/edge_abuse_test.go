//go:build e2e

package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/tracechain/tracechain/x/lib/uploadauth"
)

// Bounds every refused request must stay within (issue: the edge).
const (
	refusedCPUBound   = 50 * time.Millisecond
	refusedAllocBound = 64 << 20
	// abuseRSSBound is the indexer's resident memory after the whole suite.
	abuseRSSBound = 512 << 20
)

// abuse is one kind of request the indexer must refuse.
type abuse struct {
	name string
	n    int // times sent, to measure a per-request cost
	send func(c *http.Client) (answer, error)
	want []int
}

// TestAbuseAtTheEdge sends a real traceindexd, from clients of their own,
// what an attacker on the internet (or a member) would: every request is
// refused with its 4xx, each costing the process at most 50 ms of CPU and
// 64 MiB of allocation (measured on the process, per request); a slow
// client is cut off at the header timeout; a fuzzer over every route of
// the OpenAPI document gets no 5xx; the process stays under 512 MiB.
func TestAbuseAtTheEdge(t *testing.T) {
	e := newEdge(t, "--client-rate", "20", "--client-burst", "40", "--read-header-timeout", "2s")
	base := "http://" + e.ix.addr
	get := func(path string) func(*http.Client) (answer, error) {
		return func(c *http.Client) (answer, error) {
			req, err := http.NewRequest(http.MethodGet, base+path, nil)
			if err != nil {
				return answer{}, err
			}
			return do(c, req)
		}
	}
	upload := func(body func() io.Reader, length int64, contentType string, sign func(*http.Request) error) func(*http.Client) (answer, error) {
		return func(c *http.Client) (answer, error) {
			req, err := http.NewRequest(http.MethodPost, base+"/v1/batches", body())
			if err != nil {
				return answer{}, err
			}
			req.ContentLength = length
			req.Header.Set("Content-Type", contentType)
			req.Header.Set("Expect", "100-continue")
			if sign != nil {
				if err := sign(req); err != nil {
					return answer{}, err
				}
			}
			if length >= 0 {
				return do(c, req)
			}
			// Streamed: the answer comes while the body is being sent.
			return postStreaming(c.Transport.(*http.Transport).DialContext, e.ix.addr, "/v1/batches", req.Header, req.Body)
		}
	}
	const big = 32 << 20
	zeros := func() io.Reader { return io.LimitReader(zeroReader{}, big) }
	signedBy := func(s uploadauth.Signer, at time.Time) func(*http.Request) error {
		return func(req *http.Request) error { return uploadauth.Sign(req, s, e.batch, at) }
	}
	stranger := secp256k1.GenPrivKey()
	// A BatchContents message of the anchored batch's size class: a header
	// field, then empty readings (2 bytes each: the issue's ×456 flood).
	flood := func() io.Reader {
		return io.MultiReader(bytes.NewReader(protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), []byte{0x0a, 0x00})),
			io.LimitReader(repeatReader{[]byte{0x12, 0x00}}, big))
	}
	hugeField := func() io.Reader {
		return bytes.NewReader(protowire.AppendVarint(protowire.AppendTag(nil, 2, protowire.BytesType), 1<<40))
	}
	manyParams := func(pair string, n int) string { return strings.TrimSuffix(strings.Repeat(pair+"&", n), "&") }
	sensorParams := make([]string, 100)
	for i := range sensorParams {
		sensorParams[i] = fmt.Sprintf("GE_value_CEL%d=1", i)
	}
	wrongCheckDigit := url.PathEscape("https://id.gs1.org/01/09521234543214/21/1")

	cases := []abuse{
		{"10,000 query parameters (40 KB)", 10, get("/epcis/events?" + manyParams("a=1", 10_000)), []int{400}},
		{"10,000 sensor filters (150 KB of headers)", 10, get("/epcis/events?" + manyParams("GE_value_CEL=1", 10_000)), []int{431}},
		{"100 sensor filters in 2.2 KB", 10, get("/epcis/events?" + strings.Join(sensorParams, "&")), []int{400}},
		{"sensor value 1e999999", 10, get("/epcis/events?GE_value_CEL=1e999999"), []int{400}},
		{"malformed EPC in MATCH_epc", 10, get("/epcis/events?MATCH_epc=not-an-epc"), []int{400}},
		{"Digital Link with a wrong check digit", 10, get("/epcis/epcs/" + wrongCheckDigit + "/events"), []int{400}},
		{"path of 3,000 characters", 10, get("/v1/objects/" + strings.Repeat("a", 3000)), []int{400}},
		{"bad %-escape in a query", 10, get("/v1/events?type=%zz"), []int{400}},
		{"unknown route", 10, get("/v1/../../etc/passwd"), []int{404, 400, 301}},
		{"unsigned upload of 32 MiB", 5, upload(zeros, big, "application/json", nil), []int{401}},
		{"upload signed by a stranger, 32 MiB", 5, upload(zeros, big, "application/json", signedBy(stranger, time.Now())), []int{403}},
		{"upload signed 10 minutes ago", 5, upload(zeros, big, "application/json", signedBy(e.gateway, time.Now().Add(-10*time.Minute))), []int{401}},
		{"member upload announcing 32 MiB for 50 readings", 3, upload(zeros, big, "application/json", signedBy(e.gateway, time.Now())), []int{413}},
		{"member upload streaming 32 MiB of empty readings", 3, upload(flood, -1, "application/x-protobuf", signedBy(e.gateway, time.Now())), []int{400}},
		{"member upload with a 1 TiB length prefix", 3, upload(hugeField, -1, "application/x-protobuf", signedBy(e.gateway, time.Now())), []int{400}},
	}
	t.Log("| request | answer | CPU per request | allocated per request |")
	t.Log("|---|---|---|---|")
	for i, a := range cases {
		c := clientFrom(fmt.Sprintf("127.0.0.%d", 10+i))
		before := e.ix.usage(t)
		var codes []int
		for range a.n {
			ans, err := a.send(c)
			require.NoError(t, err, a.name)
			require.Contains(t, a.want, ans.status, "%s: %s", a.name, ans.body)
			if ans.status == http.StatusBadRequest || ans.status == http.StatusUnauthorized || ans.status == http.StatusForbidden {
				require.Contains(t, string(ans.body), `"message"`, a.name)
			}
			codes = append(codes, ans.status)
		}
		after := e.ix.usage(t)
		cpu := (after.cpu - before.cpu) / time.Duration(a.n)
		alloc := (after.alloc - before.alloc) / float64(a.n)
		t.Logf("| %s | %d | %.1f ms | %.2f MiB |", a.name, codes[0], float64(cpu)/float64(time.Millisecond), alloc/(1<<20))
		require.LessOrEqual(t, cpu, refusedCPUBound, a.name)
		require.LessOrEqual(t, alloc, float64(refusedAllocBound), a.name)
	}

	// Over its rate, a client gets 429s that cost next to nothing.
	c := clientFrom("127.0.0.90")
	for code := 0; code != http.StatusTooManyRequests; {
		resp, err := c.Get(base + "/v1/status")
		require.NoError(t, err)
		resp.Body.Close()
		code = resp.StatusCode
	}
	before := e.ix.usage(t)
	limited := 0
	const burst = 200
	for range burst {
		resp, err := c.Get(base + "/v1/status")
		require.NoError(t, err)
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
			require.NotEmpty(t, resp.Header.Get("Retry-After"))
		}
	}
	after := e.ix.usage(t)
	require.Greater(t, limited, burst*3/4, "a client over its rate is refused")
	t.Logf("| a client over its rate (%d of %d refused) | 429 | %.2f ms | %.3f MiB |", limited, burst,
		float64((after.cpu-before.cpu)/burst)/float64(time.Millisecond), (after.alloc-before.alloc)/burst/(1<<20))

	// A client dripping its headers is cut off at the header timeout.
	conn, err := net.Dial("tcp", e.ix.addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte("GET /v1/status HTTP/1.1\r\nHost: indexer\r\n"))
	require.NoError(t, err)
	start := time.Now()
	for err == nil && time.Since(start) < 30*time.Second {
		time.Sleep(500 * time.Millisecond)
		_, err = conn.Write([]byte("X"))
		if err == nil {
			one := make([]byte, 1)
			_ = conn.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
			if _, rerr := conn.Read(one); rerr != nil && !isTimeout(rerr) {
				err = rerr
			}
		}
	}
	require.Error(t, err, "the connection was closed")
	t.Logf("a client dripping its headers was cut off after %s (--read-header-timeout 2s)", time.Since(start).Round(100*time.Millisecond))

	fuzzRoutes(t, e)

	final := e.ix.usage(t)
	t.Logf("indexer RSS after the suite: %.0f MiB (bound %d MiB)", final.rss/(1<<20), abuseRSSBound>>20)
	require.Less(t, final.rss, float64(abuseRSSBound))
	require.Equal(t, http.StatusOK, e.ix.get("/readyz", nil), "still serving")
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// zeroReader reads zeros without end.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// repeatReader repeats a pattern without end (reads a whole number of them).
type repeatReader struct{ pattern []byte }

func (r repeatReader) Read(p []byte) (int, error) {
	n := len(p) / len(r.pattern) * len(r.pattern)
	for i := 0; i < n; i += len(r.pattern) {
		copy(p[i:], r.pattern)
	}
	return n, nil
}
