package chainclient

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"
)

// fakeNode answers broadcast_tx_sync: the first `broken` requests lose
// their connection before an answer, then it answers with answer (a JSON
// result, or an RPC error message when it starts with "error:").
func fakeNode(t *testing.T, broken int32, answer string) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		if n <= broken {
			conn, _, err := w.(http.Hijacker).Hijack()
			require.NoError(t, err)
			conn.Close() // the client reads EOF
			return
		}
		var req struct {
			ID json.RawMessage `json:"id"`
		}
		require.NoError(t, json.Unmarshal(body, &req))
		if msg, isErr := strings.CutPrefix(answer, "error:"); isErr {
			fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"error":{"code":-32603,"message":"Internal error","data":%q}}`, req.ID, msg)
			return
		}
		fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"result":%s}`, req.ID, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// TestBroadcastResendsOverABrokenConnection: a broadcast whose connection
// broke is sent again; "already in the mempool" is success; a refusal is
// an error with the node's reason; a node that keeps breaking is an error.
func TestBroadcastResendsOverABrokenConnection(t *testing.T) {
	tx := []byte("a transaction")
	hash := fmt.Sprintf("%X", cmttypes.Tx(tx).Hash())
	ok := fmt.Sprintf(`{"code":0,"data":"","log":"","codespace":"","hash":"%s"}`, hash)

	srv, calls := fakeNode(t, 1, ok)
	c, err := New(srv.URL, "tracechain-test-1")
	require.NoError(t, err)
	got, err := c.Broadcast(t.Context(), tx)
	require.NoError(t, err)
	require.Equal(t, hash, fmt.Sprintf("%X", got))
	require.EqualValues(t, 2, calls.Load(), "sent again after the broken connection")

	srv, _ = fakeNode(t, 1, "error:tx already exists in cache")
	c, err = New(srv.URL, "tracechain-test-1")
	require.NoError(t, err)
	got, err = c.Broadcast(t.Context(), tx)
	require.NoError(t, err, "the node holds it already: success")
	require.Equal(t, hash, fmt.Sprintf("%X", got))

	srv, _ = fakeNode(t, 0, fmt.Sprintf(`{"code":15,"data":"","log":"signer is not a member","codespace":"membership","hash":"%s"}`, hash))
	c, err = New(srv.URL, "tracechain-test-1")
	require.NoError(t, err)
	_, err = c.Broadcast(t.Context(), tx)
	require.ErrorContains(t, err, "refused at admission (code 15, membership): signer is not a member")

	srv, calls = fakeNode(t, 100, ok)
	c, err = New(srv.URL, "tracechain-test-1")
	require.NoError(t, err)
	_, err = c.Broadcast(t.Context(), tx)
	require.Error(t, err)
	require.EqualValues(t, broadcastAttempts, calls.Load(), "at most broadcastAttempts sends")
}
