package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"cosmossdk.io/log/v2"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
)

// unreachableNode fails every query the way a dead node's RPC client does,
// internal address included.
type unreachableNode struct{}

var errDial = errors.New("node: post http://10.9.8.7:26657: dial tcp 10.9.8.7:26657: connect: connection refused")

func (unreachableNode) QueryAt(context.Context, string, proto.Message, proto.Message, int64) error {
	return errDial
}

func (unreachableNode) ProtoJSON(proto.Message) ([]byte, error) { return nil, errDial }

// A failure on the node's or the indexer's side reaches the client as a
// stable code and message; the detail (here the node's internal address)
// goes to the log only.
func TestServerFaultsDoNotLeakInternals(t *testing.T) {
	st, err := store.Open(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	var logged strings.Builder
	s := &Server{Store: st, Progress: fixedProgress{height: 9}, State: unreachableNode{}, Logger: log.NewLogger(&logged)}
	h := mustHandler(s)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/orgs/91350200MA2XY0022H", nil))
	require.Equal(t, http.StatusBadGateway, w.Code, w.Body.String())
	var e apiError
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e))
	require.Equal(t, "node_unavailable", e.Code)
	require.Equal(t, serverFaults[http.StatusBadGateway], e.Message)
	require.NotContains(t, w.Body.String(), "10.9.8.7")
	require.Contains(t, logged.String(), "10.9.8.7", "the detail is logged")
}

// Every answer names its height (a header on all, the body where it has
// room), and /metrics has the Go runtime's and the process's metrics.
func TestEveryAnswerNamesItsHeight(t *testing.T) {
	h := newExampleIndex(t).server(0)
	for _, path := range []string{"/healthz", "/readyz", "/epcis/events", "/epcis/events/ni:%2F%2F%2Fsha-256;00", "/v1/status", "/no/such/route"} {
		w := get(h, path)
		require.NotEmpty(t, w.Header().Get(HeightHeader), path)
	}
	w := get(h, "/healthz")
	var health struct {
		Height *int64 `json:"height"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &health))
	require.NotNil(t, health.Height)
	metrics := get(h, "/metrics").Body.String()
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "traceindexd_indexed_height"} {
		require.Contains(t, metrics, name)
	}
}
