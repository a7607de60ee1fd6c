//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/uploadauth"
)

// fuzzSeed makes a failing fuzz run reproducible (it is logged).
const fuzzSeed = 20261207

// junk are the values the fuzzer puts in path and query parameters.
var junk = []string{
	"", "0", "-1", "18446744073709551616", "1e999999", "NaN", "0x10", "1.5",
	strings.Repeat("9", 400), strings.Repeat("a", 5000), "%00", "..%2F..%2Fetc%2Fpasswd", "汉字", "\u202e\u0000",
	"urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:idpat:sgtin:0614141.*.*", "https://id.gs1.org/01/09521234543213/10/FL-A",
	"https://id.gs1.org/01/09521234543214", "trace1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "0x" + strings.Repeat("f", 40),
	"ObjectEvent|AggregationEvent", "|||", "a|b|c|d|e|f|g|h", "2026-13-45T99:99:99Z", "'; DROP TABLE events; --",
	"{\"$ne\":1}", "<script>alert(1)</script>", "page-token-" + strings.Repeat("ff", 100),
}

// openAPIPath is a path template's parameters: "/v1/objects/{id}" → id.
var openAPIPath = regexp.MustCompile(`\{[A-Za-z]+\}`)

// fuzzRoutes sends every route of the indexer's OpenAPI document requests
// made of junk — in its path parameters, its documented query parameters
// and parameters of any name — and, for the batch upload, bodies of random
// bytes, signed by a member or not: every answer is a 2xx or a 4xx with
// {code, message} (never a 5xx, never a dropped connection).
func fuzzRoutes(t *testing.T, e *edge) {
	t.Helper()
	base := "http://" + e.ix.addr
	resp, err := monitor.Get(base + "/openapi.json")
	require.NoError(t, err)
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&doc))
	resp.Body.Close()
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	r := rand.New(rand.NewPCG(fuzzSeed, uint64(len(paths))))
	t.Logf("fuzzing %d routes (seed %d)", len(paths), fuzzSeed)
	pick := func() string { return junk[r.IntN(len(junk))] }
	escapedJunk := junkFor{r}.escaped
	sent, byClass := 0, map[int]int{}
	for i, path := range paths {
		c := clientFrom(fmt.Sprintf("127.0.1.%d", i+1))
		for method, op := range doc.Paths[path] {
			var queryNames []string
			for _, p := range op.Parameters {
				if p.In == "query" {
					queryNames = append(queryNames, p.Name)
				}
			}
			queryNames = append(queryNames, "GE_value_CEL", "MATCH_anyEPC", "perPage", "nextPageToken", "limit", "page_token", "x")
			for range 30 {
				target := openAPIPath.ReplaceAllStringFunc(path, escapedJunk)
				q := url.Values{}
				for range r.IntN(6) {
					q.Add(queryNames[r.IntN(len(queryNames))], pick())
				}
				var body io.Reader
				if method == "post" {
					bz := make([]byte, r.IntN(4096))
					for j := range bz {
						bz[j] = byte(r.UintN(256))
					}
					if r.IntN(2) == 0 {
						bz = []byte(`{"header":` + string(bz) + `,"readings":[{}]}`)
					}
					body = bytes.NewReader(bz)
				}
				req, err := http.NewRequest(strings.ToUpper(method), base+target+"?"+q.Encode(), body)
				require.NoError(t, err)
				if method == "post" {
					req.Header.Set("Content-Type", []string{"application/json", "application/x-protobuf", "text/plain"}[r.IntN(3)])
					if r.IntN(2) == 0 {
						require.NoError(t, uploadauth.Sign(req, e.gateway, e.batch, time.Now()))
					}
				}
				ans, err := do(c, req)
				require.NoError(t, err, "%s %s", method, target)
				sent++
				byClass[ans.status/100*100]++
				require.Less(t, ans.status, 500, "%s %s?%s: %s", method, target, q.Encode(), ans.body)
				switch {
				case ans.status < 400 || ans.status == http.StatusRequestHeaderFieldsTooLarge:
				case strings.HasPrefix(ans.header.Get("Content-Type"), "text/html"):
					// A page for a person (the Digital Link resolver): the
					// headline and the status.
					require.Contains(t, string(ans.body), "<h1>", "%s %s", method, target)
					require.Contains(t, string(ans.body), fmt.Sprintf("HTTP %d", ans.status), "%s %s", method, target)
				default:
					require.Contains(t, string(ans.body), "message", "%s %s", method, target)
				}
			}
		}
	}
	t.Logf("fuzzed %d requests: %v (by class of status)", sent, byClass)
}

// junkFor draws junk path segments.
type junkFor struct{ r *rand.Rand }

// escaped is a path segment of junk, whatever parameter it replaces.
func (j junkFor) escaped(string) string { return url.PathEscape(junk[j.r.IntN(len(junk))]) }
