package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
)

// TestTxByHash: an indexed transaction is found by its hash in either
// case; a malformed hash is a 400 naming the parameter, an unknown one 404.
func TestTxByHash(t *testing.T) {
	st, err := store.Open(t.TempDir())
	require.NoError(t, err)
	defer st.Close()
	hash := strings.Repeat("AB", 32)
	require.NoError(t, st.WriteBlock(store.BlockData{
		Block: store.Block{Height: 4, Txs: 1, Succeeded: 1},
		Txs:   []store.Tx{{Height: 4, Index: 0, Hash: hash, Events: []string{"tracechain.x.v1.EventA"}}},
	}))
	srv := mustHandler(&Server{Store: st, Progress: fixedProgress{height: 4}})
	ask := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}
	w := ask("/v1/txs/" + strings.ToLower(hash))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.JSONEq(t, `{"height":4,"tx":{"height":4,"index":0,"hash":"`+hash+`","event_types":["tracechain.x.v1.EventA"]}}`, w.Body.String())
	w = ask("/v1/txs/xyz")
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Contains(t, w.Body.String(), `"message":"hash:`)
	w = ask("/v1/txs/" + strings.Repeat("00", 32))
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Contains(t, w.Body.String(), "not indexed")
}
