package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
)

// collectionPages follows a discovery resource's Link headers to the end.
func collectionPages(t *testing.T, h http.Handler, path string) []string {
	t.Helper()
	var members []string
	for n := 0; ; n++ {
		require.Less(t, n, 1000, "paging ends")
		w := get(h, path)
		require.Equal(t, http.StatusOK, w.Code, "%s: %s", path, w.Body.String())
		require.Equal(t, "2.0.0", w.Header().Get("GS1-EPCIS-Version"))
		var c collection
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &c))
		require.Equal(t, "Collection", c.Type)
		members = append(members, c.Member...)
		link := w.Header().Get("Link")
		if link == "" {
			require.Empty(t, w.Header().Get("GS1-Next-Page-Token-Expires"))
			return members
		}
		expires, err := time.Parse(time.RFC3339, w.Header().Get("GS1-Next-Page-Token-Expires"))
		require.NoError(t, err, "a next page says until when its token works")
		require.True(t, expires.After(time.Now()))
		path = strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
	}
}

// Each discovery resource lists exactly the values the indexed events
// have, each once, over any page size; each value's /events are the
// events having it, as the equivalent /events query finds them.
func TestDiscoveryResourcesListWhatTheIndexHolds(t *testing.T) {
	ix := newExampleIndex(t)
	h := ix.server(0)
	schema := compileSchema(t)

	w := get(h, "/")
	require.Equal(t, http.StatusOK, w.Code)
	var top collection
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &top))
	require.Contains(t, top.Member, "bizSteps")
	require.NotContains(t, top.Member, "capture", "this indexer has no write path")

	want := map[string]map[string]bool{}
	for _, d := range discoverables {
		want[d.Path] = map[string]bool{}
	}
	for _, ev := range ix.nodes {
		for _, term := range store.Terms(ev) {
			for _, d := range discoverables {
				for _, f := range d.Fields {
					if f == term.Field {
						want[d.Path][term.Value] = true
					}
				}
			}
		}
	}
	for _, d := range discoverables {
		var expected []string
		for v := range want[d.Path] {
			expected = append(expected, v)
		}
		require.NotEmpty(t, expected, d.Path)
		sort.Strings(expected)
		for _, perPage := range []string{"1", "3", "1000"} {
			got := collectionPages(t, h, "/"+d.Path+"?perPage="+perPage)
			require.Len(t, got, len(expected), "%s perPage=%s: each value once", d.Path, perPage)
			sorted := append([]string(nil), got...)
			sort.Strings(sorted)
			require.Equal(t, expected, sorted, "%s perPage=%s", d.Path, perPage)
		}
		for _, v := range expected {
			path := "/" + d.Path + "/" + url.PathEscape(v)
			w := get(h, path)
			require.Equal(t, http.StatusOK, w.Code, path)
			require.JSONEq(t, `{"@context":"`+epcisContextURL+`","type":"Collection","member":["events"]}`, w.Body.String())
			if d.Param == "" {
				continue
			}
			viaPath := pages(t, h, schema, path+"/events?perPage=7")
			viaQuery := pages(t, h, schema, "/events?perPage=7&"+d.Param+"="+url.QueryEscape(v))
			require.NotEmpty(t, viaPath, path)
			require.Equal(t, len(viaQuery), len(viaPath), path)
			for i := range viaPath {
				require.Equal(t, viaQuery[i].Str("eventID"), viaPath[i].Str("eventID"), path)
			}
		}
		w := get(h, "/"+d.Path+"/"+url.PathEscape("urn:example:nothing-has-this"))
		require.Equal(t, http.StatusNotFound, w.Code)
		require.Equal(t, mediaProblem, w.Header().Get("Content-Type"))
	}
	require.Equal(t, http.StatusBadRequest, get(h, "/bizSteps?perPage=0").Code)
	require.Equal(t, http.StatusBadRequest, get(h, "/bizSteps?nextPageToken=%%%").Code)
	require.Equal(t, http.StatusBadRequest, get(h, "/bizSteps/shipping/events?EQ_bizStep=receiving").Code)
}
