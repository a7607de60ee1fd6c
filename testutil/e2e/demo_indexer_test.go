//go:build e2e

package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisschema"
	"github.com/tracechain/tracechain/x/lib/epcis"
)

// gateway is the node's own REST gateway (grpc-gateway over the app's
// queries), asked at a given height.
type gateway struct {
	t    *testing.T
	base string
}

func (g gateway) get(path string, height int64) map[string]any {
	g.t.Helper()
	req, err := http.NewRequest(http.MethodGet, g.base+path, nil)
	require.NoError(g.t, err)
	req.Header.Set("x-cosmos-block-height", strconv.FormatInt(height, 10))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(g.t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(g.t, json.NewDecoder(resp.Body).Decode(&out))
	require.Equal(g.t, http.StatusOK, resp.StatusCode, "%s: %v", path, out)
	return out
}

// sameAsChain: the indexer's answer, less its height, is the chain's
// answer at that height.
func sameAsChain(t *testing.T, ix *indexer, gw gateway, ixPath, chainPath string) map[string]any {
	t.Helper()
	var got map[string]any
	require.Equal(t, http.StatusOK, ix.get(ixPath, &got), ixPath)
	h, ok := got["height"].(float64)
	require.True(t, ok, "%s names its height: %v", ixPath, got)
	delete(got, "height")
	want := gw.get(chainPath, int64(h))
	require.True(t, reflect.DeepEqual(want, got), "%s differs from the chain's %s at height %d:\nindexer %v\nchain   %v", ixPath, chainPath, int64(h), got, want)
	return got
}

// checkDemoIndex: after the demo's story, every view of the indexer is the
// chain's own answer at the height it names, and every EPCIS event is
// schema-valid, hashes back to its eventID and is what the chain stored.
func checkDemoIndex(t *testing.T, ix *indexer, gw gateway, repo, sensor string) {
	esc := url.PathEscape
	pallet, wheat, flourA := "urn:epc:id:sscc:6902345.0000000011", "urn:epc:class:lgtin:6901234.012345.WH-2026-07", "urn:epc:class:lgtin:6902345.054321.FL-A"
	for _, id := range []string{pallet, wheat, flourA} {
		sameAsChain(t, ix, gw, "/v1/objects/"+esc(id), "/tracechain/trace/v1/objects/by_id?id="+url.QueryEscape(id))
		sameAsChain(t, ix, gw, "/v1/objects/"+esc(id)+"/events", "/tracechain/trace/v1/objects/events?id="+url.QueryEscape(id))
		for _, dir := range []string{"up", "down", "both"} {
			sameAsChain(t, ix, gw, "/v1/trace/"+esc(id)+"?direction="+dir,
				"/tracechain/trace/v1/genealogy?id="+url.QueryEscape(id)+"&direction=GENEALOGY_DIRECTION_"+map[string]string{"up": "UP", "down": "DOWN", "both": "BOTH"}[dir])
		}
	}
	recall := sameAsChain(t, ix, gw, "/v1/recalls/1", "/tracechain/trace/v1/recalls/1")
	require.Equal(t, "RECALL_STATE_COMPLETE", recall["recall"].(map[string]any)["state"])
	sameAsChain(t, ix, gw, "/v1/recalls/1/affected", "/tracechain/trace/v1/recalls/1/affected")
	sameAsChain(t, ix, gw, "/v1/recalls/1/holders", "/tracechain/trace/v1/recalls/1/holders")
	for _, org := range []string{"91350400MA2XY00444", "91350300MA2XY0033T", "91350200MA2XY0022H", "91350500MA2XY0055D"} {
		var got map[string]any
		require.Equal(t, http.StatusOK, ix.get("/v1/orgs/"+org, &got))
		h := int64(got["height"].(float64))
		require.Equal(t, gw.get("/tracechain/membership/v1/organizations/"+org, h)["organization"], got["organization"])
		require.Equal(t, gw.get("/tracechain/credit/v1/scores/"+org, h)["score"], got["credit"])
		sameAsChain(t, ix, gw, "/v1/orgs/"+org+"/credit", "/tracechain/credit/v1/orgs/"+org+"/records")
		sameAsChain(t, ix, gw, "/v1/orgs/"+org+"/orders", "/tracechain/service/v1/orders?org_id="+org)
	}
	for _, order := range []string{"1", "2"} {
		sameAsChain(t, ix, gw, "/v1/orders/"+order, "/tracechain/service/v1/orders/"+order)
	}
	sameAsChain(t, ix, gw, "/v1/devices/"+sensor, "/tracechain/device/v1/devices/"+sensor)
	var readings struct {
		Readings []struct {
			Counter uint64 `json:"counter"`
		} `json:"readings"`
	}
	require.Equal(t, http.StatusOK, ix.get("/v1/devices/"+sensor+"/readings", &readings))
	require.Len(t, readings.Readings, 4, "the sensor's four readings the gateway submitted")
	require.Equal(t, http.StatusNotFound, ix.get("/v1/objects/"+esc("urn:epc:id:sscc:6902345.0000000999"), nil))
	require.Equal(t, http.StatusNotFound, ix.get("/v1/recalls/99", nil))
	require.Equal(t, http.StatusBadRequest, ix.get("/v1/recalls/first", nil))
	require.Equal(t, http.StatusBadRequest, ix.get("/v1/trace/"+esc(pallet)+"?direction=sideways", nil))

	schema, err := epcisschema.Compile(filepath.Join(repo, epcisschema.Path))
	require.NoError(t, err)
	path, seen := "/epcis/events?perPage=7", 0
	for path != "" {
		resp, err := http.Get("http://" + ix.addr + path)
		require.NoError(t, err)
		var raw json.RawMessage
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&raw))
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, string(raw))
		require.NoError(t, schema.ValidateDocument(raw))
		var doc struct {
			Height    int64  `json:"tracechain:height"`
			Next      string `json:"tracechain:nextPageToken"`
			EPCISBody struct {
				QueryResults struct {
					ResultsBody struct {
						EventList []json.RawMessage `json:"eventList"`
					} `json:"resultsBody"`
				} `json:"queryResults"`
			} `json:"epcisBody"`
		}
		require.NoError(t, json.Unmarshal(raw, &doc))
		for _, evRaw := range doc.EPCISBody.QueryResults.ResultsBody.EventList {
			ev, err := epcis.ParseJSON(evRaw)
			require.NoError(t, err)
			ctx, err := epcis.ReadContext(ev.Get("@context"))
			require.NoError(t, err)
			pre, err := epcis.PreHash(ev, ctx)
			require.NoError(t, err)
			id := ev.Str("eventID")
			require.Equal(t, id, epcis.HashID(pre), "the event hashes back to its eventID")
			stored := gw.get("/tracechain/trace/v1/events/by_id?event_id="+url.QueryEscape(id), doc.Height)["event"].(map[string]any)
			chainJSON, err := base64.StdEncoding.DecodeString(stored["json"].(string))
			require.NoError(t, err)
			ev.Delete("@context")
			served, err := ev.MarshalJSON()
			require.NoError(t, err)
			require.JSONEq(t, string(chainJSON), string(served), "event %s is served as the chain stored it", id)
			seen++
		}
		path = ""
		if doc.Next != "" {
			path = fmt.Sprintf("/epcis/events?perPage=7&nextPageToken=%s", doc.Next)
		}
	}
	require.GreaterOrEqual(t, seen, 10, "the demo's events are all served")
}
