package api

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/follower"
	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/testutil/epcisschema"
	"github.com/tracechain/tracechain/x/lib/epcis"
)

var sharedEPCIS = filepath.Join("..", "..", "..", "..", "shared", "testdata", "epcis")

// fixedProgress is a follower that has indexed a given height.
type fixedProgress struct{ height int64 }

func (p fixedProgress) NodeHeight() int64 { return p.height }
func (p fixedProgress) Indexed() int64    { return p.height }

// exampleIndex is an index of GS1's example documents, one block each,
// recorded as the follower records a chain's captures: documents whose
// events the index already holds are left out (the chain refuses
// duplicates); declarations of events a document does not contain come
// after the events they declare, as on chain.
type exampleIndex struct {
	store  *store.Store
	height int64
	// events are the recorded eventIDs in chain order.
	events []string
	nodes  map[string]*epcis.Node
}

func newExampleIndex(t testing.TB) *exampleIndex {
	t.Helper()
	st, err := store.Open(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	ix := &exampleIndex{store: st, nodes: map[string]*epcis.Node{}}
	files, err := filepath.Glob(filepath.Join(sharedEPCIS, "examples", "*.jsonld"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		ix.addDocument(t, raw)
	}
	return ix
}

func (ix *exampleIndex) addDocument(t testing.TB, raw []byte) {
	doc, err := epcis.ReadDocument(raw)
	require.NoError(t, err)
	ids, _, err := doc.EventIDs()
	require.NoError(t, err)
	for i, id := range ids {
		if _, dup := ix.nodes[id]; dup && doc.Events[i].Get("errorDeclaration") == nil {
			return
		}
	}
	ix.height++
	blockTime := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(ix.height) * time.Second)
	captures := follower.NewBlockCaptures(ix.store, ix.height, blockTime)
	for i, ev := range doc.Events {
		if ev.Get("errorDeclaration") != nil {
			if _, held := ix.nodes[ids[i]]; !held {
				original := ev.Clone()
				original.Delete("errorDeclaration")
				require.NoError(t, captures.AddDocument(single(t, doc, original), ids[i:i+1], 0, "ORIGINAL", nil))
				ix.note(ids[i], original)
			}
		}
	}
	require.NoError(t, captures.AddDocument(raw, ids, 1, "DOCUMENT", nil))
	for i, ev := range doc.Events {
		if ev.Get("errorDeclaration") == nil {
			ix.note(ids[i], ev)
		}
	}
	require.NoError(t, ix.store.WriteBlock(store.BlockData{
		Block: store.Block{Height: ix.height, Time: blockTime.Format(time.RFC3339Nano)},
		EPCIS: captures.Writes(),
	}))
}

func (ix *exampleIndex) note(id string, ev *epcis.Node) {
	ix.events = append(ix.events, id)
	ix.nodes[id] = ev
}

// single is an EPCISDocument of one event under doc's @context.
func single(t testing.TB, doc *epcis.Document, ev *epcis.Node) []byte {
	root := doc.Root.Clone()
	body := &epcis.Node{Kind: epcis.Object}
	body.Set("eventList", &epcis.Node{Kind: epcis.Array, Values: []*epcis.Node{ev}})
	root.Set("type", epcis.StringNode("EPCISDocument"))
	root.Set("epcisBody", body)
	bz, err := root.MarshalJSON()
	require.NoError(t, err)
	return bz
}

func (ix *exampleIndex) server(budget int) http.Handler {
	s := &Server{Store: ix.store, Progress: fixedProgress{ix.height}, MaxLag: 5, ScanBudget: budget}
	return mustHandler(s)
}

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	return w
}

func compileSchema(t *testing.T) *epcisschema.Schema {
	t.Helper()
	s, err := epcisschema.Compile(filepath.Join(sharedEPCIS, "EPCIS-JSON-Schema.json"))
	require.NoError(t, err)
	return s
}
