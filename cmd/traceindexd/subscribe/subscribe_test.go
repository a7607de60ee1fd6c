package subscribe

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/follower"
	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/x/lib/epcis"
)

type height struct{ h atomic.Int64 }

func (p *height) Indexed() int64 { return p.h.Load() }

// chain writes blocks of EPCIS events into an index, as the follower does.
type chain struct {
	t        *testing.T
	index    *store.Store
	progress *height
	n        int
}

func newChain(t *testing.T) *chain {
	st, err := store.Open(filepath.Join(t.TempDir(), "index"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return &chain{t: t, index: st, progress: &height{}}
}

// block records one block holding one event per bizStep; it returns their IDs.
func (c *chain) block(bizSteps ...string) []string {
	h := c.progress.Indexed() + 1
	var events []string
	for _, step := range bizSteps {
		c.n++
		events = append(events, fmt.Sprintf(`{"type":"ObjectEvent","eventTime":"2026-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00",
			"epcList":["urn:epc:id:sgtin:0614141.107346.%d"],"action":"OBSERVE","bizStep":%q}`, c.n, step))
	}
	raw := []byte(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",
		"schemaVersion":"2.0","creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[` + strings.Join(events, ",") + `]}}`)
	doc, err := epcis.ReadDocument(raw)
	require.NoError(c.t, err)
	ids, _, err := doc.EventIDs()
	require.NoError(c.t, err)
	bt := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Second)
	captures := follower.NewBlockCaptures(c.index, h, bt)
	require.NoError(c.t, captures.AddDocument(raw, ids, 0, fmt.Sprintf("TX%d", h), nil))
	require.NoError(c.t, c.index.WriteBlock(store.BlockData{Block: store.Block{Height: h, Time: bt.Format(time.RFC3339Nano)}, EPCIS: captures.Writes()}))
	c.progress.h.Store(h)
	return ids
}

// subscriber is a webhook endpoint that checks each GS1-Signature.
type subscriber struct {
	srv      *httptest.Server
	secret   string
	mu       sync.Mutex
	received []string
	failFor  atomic.Int32 // answer 503 to this many more deliveries
	badSigs  atomic.Int32
}

func newSubscriber(t *testing.T, secret string) *subscriber {
	s := &subscriber{secret: secret}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("GS1-Signature") != Signature(s.secret, body) {
			s.badSigs.Add(1)
		}
		if s.failFor.Load() > 0 {
			s.failFor.Add(-1)
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		var doc struct {
			Type      string `json:"type"`
			EPCISBody struct {
				QueryResults struct {
					ResultsBody struct {
						EventList []struct {
							EventID string `json:"eventID"`
						} `json:"eventList"`
					} `json:"resultsBody"`
				} `json:"queryResults"`
			} `json:"epcisBody"`
		}
		if json.Unmarshal(body, &doc) != nil || doc.Type != "EPCISQueryDocument" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		for _, e := range doc.EPCISBody.QueryResults.ResultsBody.EventList {
			s.received = append(s.received, e.EventID)
		}
		s.mu.Unlock()
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *subscriber) got() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.received...)
}

func (c *chain) manager(t *testing.T, dir string) (*Manager, context.CancelFunc) {
	st, err := OpenStore(dir)
	require.NoError(t, err)
	m := NewManager(c.index, c.progress, st, NewWebhooks(true, 5*time.Second))
	m.Poll, m.Backoff, m.MaxBackoff, m.PageSize = 5*time.Millisecond, 5*time.Millisecond, 20*time.Millisecond, 2
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, m.Start(ctx))
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			m.Wait()
			require.NoError(t, st.Close())
		}
	}
	t.Cleanup(stop)
	return m, stop
}

func shipping(t *testing.T, m *Manager) {
	require.NoError(t, m.CreateQuery(NamedQuery{Name: "shipments", Query: map[string]json.RawMessage{"EQ_bizStep": json.RawMessage(`["shipping"]`)}}, "erp"))
}

func TestAWebhookGetsEveryMatchingEventAfterItSubscribedSignedAndInOrder(t *testing.T) {
	c := newChain(t)
	c.block("shipping", "receiving") // before the subscription: not sent
	m, _ := c.manager(t, filepath.Join(t.TempDir(), "subs"))
	shipping(t, m)
	sub := newSubscriber(t, "s3cret")
	created, err := m.Subscribe("shipments", Request{Dest: sub.srv.URL, SignatureToken: "s3cret", Stream: true}, "erp")
	require.NoError(t, err)
	shown, err := json.Marshal(created)
	require.NoError(t, err)
	require.NotContains(t, string(shown), "s3cret", "the signature token is never shown")

	var want []string
	for i := 0; i < 5; i++ {
		ids := c.block("shipping", "receiving", "shipping")
		want = append(want, ids[0], ids[2])
	}
	require.Eventually(t, func() bool { return len(sub.got()) >= len(want) }, 10*time.Second, 5*time.Millisecond)
	require.Equal(t, want, sub.got(), "exactly the matching events, in chain order")
	require.Zero(t, sub.badSigs.Load())
	got, err := m.Subscription("shipments", created.SubscriptionID, "erp")
	require.NoError(t, err)
	require.Equal(t, uint64(len(want)), got.Delivered)
	require.Equal(t, StateActive, got.State)
	require.NotNil(t, got.LastNotifiedAt)
}

func TestSubscriptionsSurviveARestartLosingNothing(t *testing.T) {
	c := newChain(t)
	dir := filepath.Join(t.TempDir(), "subs")
	m, stop := c.manager(t, dir)
	shipping(t, m)
	sub := newSubscriber(t, "k")
	created, err := m.Subscribe("shipments", Request{Dest: sub.srv.URL, SignatureToken: "k", Stream: true}, "erp")
	require.NoError(t, err)
	want := c.block("shipping")
	require.Eventually(t, func() bool { return len(sub.got()) == 1 }, 10*time.Second, 5*time.Millisecond)
	stop()
	for i := 0; i < 3; i++ { // recorded while the indexer is down
		want = append(want, c.block("shipping")...)
	}
	m, _ = c.manager(t, dir)
	want = append(want, c.block("shipping")...)
	require.Eventually(t, func() bool { return len(sub.got()) >= len(want) }, 10*time.Second, 5*time.Millisecond)
	seen := map[string]bool{}
	for _, id := range sub.got() {
		seen[id] = true
	}
	for _, id := range want {
		require.True(t, seen[id], id)
	}
	got, err := m.Subscription("shipments", created.SubscriptionID, "erp")
	require.NoError(t, err)
	require.Equal(t, StateActive, got.State)
}

func TestAFailingDestinationIsRetriedThenDeadLettered(t *testing.T) {
	c := newChain(t)
	m, _ := c.manager(t, filepath.Join(t.TempDir(), "subs"))
	m.Limits.MaxAttempts = 4
	shipping(t, m)

	// Fails twice, then takes the events: nothing lost.
	flaky := newSubscriber(t, "")
	flaky.failFor.Store(2)
	s1, err := m.Subscribe("shipments", Request{Dest: flaky.srv.URL, Stream: true}, "erp")
	require.NoError(t, err)
	// Always fails: dead after MaxAttempts, with the reason.
	down := newSubscriber(t, "")
	down.failFor.Store(1 << 30)
	s2, err := m.Subscribe("shipments", Request{Dest: down.srv.URL, Stream: true}, "erp")
	require.NoError(t, err)

	ids := c.block("shipping")
	require.Eventually(t, func() bool { return len(flaky.got()) == 1 }, 10*time.Second, 5*time.Millisecond)
	require.Equal(t, ids, flaky.got())
	got, err := m.Subscription("shipments", s1.SubscriptionID, "erp")
	require.NoError(t, err)
	require.Equal(t, StateActive, got.State)
	require.Eventually(t, func() bool {
		got, err := m.Subscription("shipments", s2.SubscriptionID, "erp")
		require.NoError(t, err)
		return got.State == StateDead
	}, 10*time.Second, 5*time.Millisecond)
	got, err = m.Subscription("shipments", s2.SubscriptionID, "erp")
	require.NoError(t, err)
	require.Contains(t, got.Reason, "dead after 4 failed deliveries")
	require.Contains(t, got.Reason, "503")
}

func TestSubscriptionRequestsAreCheckedAndBounded(t *testing.T) {
	c := newChain(t)
	m, _ := c.manager(t, filepath.Join(t.TempDir(), "subs"))
	m.Limits.PerOwner = 2
	shipping(t, m)
	for name, r := range map[string]Request{
		"ftp dest":          {Dest: "ftp://example.com/x", Stream: true},
		"no dest":           {Stream: true},
		"credentials":       {Dest: "https://u:p@example.com/x", Stream: true},
		"stream + schedule": {Dest: "https://example.com/x", Stream: true, Schedule: &Schedule{Minute: "5"}},
		"neither":           {Dest: "https://example.com/x"},
		"bad schedule":      {Dest: "https://example.com/x", Schedule: &Schedule{Hour: "24"}},
		"empty schedule":    {Dest: "https://example.com/x", Schedule: &Schedule{}},
	} {
		_, err := m.Subscribe("shipments", r, "erp")
		require.IsType(t, &InvalidError{}, err, name)
	}
	_, err := m.Subscribe("nope", Request{Dest: "https://example.com/x", Stream: true}, "erp")
	require.ErrorIs(t, err, ErrNotFound)
	for i := 0; i < 2; i++ {
		_, err := m.Subscribe("shipments", Request{Dest: "https://example.com/x", Stream: true}, "erp")
		require.NoError(t, err)
	}
	_, err = m.Subscribe("shipments", Request{Dest: "https://example.com/x", Stream: true}, "erp")
	require.IsType(t, &ErrLimit{}, err)
	_, err = m.Subscribe("shipments", Request{Dest: "https://example.com/x", Stream: true}, "other")
	require.NoError(t, err, "the limit is per token")

	// Deleting the query removes its subscriptions and frees the slots.
	require.NoError(t, m.DeleteQuery("shipments", "erp"))
	subs, err := m.Store.subscriptions("shipments")
	require.NoError(t, err)
	require.Empty(t, subs)
	require.Zero(t, m.live)

	// Named queries are checked as /events checks its parameters.
	for name, q := range map[string]map[string]json.RawMessage{
		"unknown parameter": {"EQ_colour": json.RawMessage(`["red"]`)},
		"paging":            {"perPage": json.RawMessage(`10`)},
		"empty list":        {"EQ_bizStep": json.RawMessage(`[]`)},
		"bad time":          {"GE_eventTime": json.RawMessage(`"yesterday"`)},
		"no parameter":      {},
	} {
		require.IsType(t, &InvalidError{}, m.CreateQuery(NamedQuery{Name: "q", Query: q}, "erp"), name)
	}
	require.IsType(t, &InvalidError{}, m.CreateQuery(NamedQuery{Name: "../x", Query: map[string]json.RawMessage{"eventType": json.RawMessage(`["ObjectEvent"]`)}}, "erp"))
	shipping(t, m)
	require.ErrorIs(t, m.CreateQuery(NamedQuery{Name: "shipments", Query: map[string]json.RawMessage{"eventType": json.RawMessage(`["ObjectEvent"]`)}}, "erp"), ErrExists)
}

func TestPrivateDestinationsAreRefusedUnlessAllowed(t *testing.T) {
	w := NewWebhooks(false, time.Second)
	for _, dest := range []string{
		"http://127.0.0.1:8080/x", "http://10.0.0.1/x", "http://[::1]/x", "http://169.254.169.254/latest/meta-data",
		"http://100.100.100.200/latest/meta-data", "http://[::ffff:127.0.0.1]/x", "http://0.0.0.0/x", "http://[64:ff9b::a00:1]/x",
		"http://198.18.0.1/x", "http://[fd00::1]/x",
	} {
		require.Error(t, w.CheckDest(dest), dest)
	}
	require.NoError(t, w.CheckDest("https://client.example.com/queryCallback"))
	// A name resolving to loopback is refused when dialled: a listening
	// server on 127.0.0.1 is reached only with private addresses allowed.
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	sub := &Subscription{Dest: strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)}
	err := w.deliver(context.Background(), sub, []byte("{}"))
	require.ErrorContains(t, err, "did not answer")
	require.NotContains(t, err.Error(), "127.0.0.1", "a dial error's detail is not shown to the subscriber")
	require.NoError(t, NewWebhooks(true, time.Second).deliver(context.Background(), sub, []byte("{}")))
}

func TestASlowStreamReaderIsCutOffWithAReason(t *testing.T) {
	c := newChain(t)
	m, _ := c.manager(t, filepath.Join(t.TempDir(), "subs"))
	shipping(t, m)
	out := make(chan []byte, 1)
	done := make(chan error, 1)
	go func() { done <- m.Stream(context.Background(), "shipments", nil, "erp", out) }()
	time.Sleep(20 * time.Millisecond)
	for i := 0; i < 4; i++ { // PageSize 2: two documents, nobody reading
		c.block("shipping", "shipping", "shipping")
	}
	select {
	case err := <-done:
		require.ErrorIs(t, err, ErrSlowConsumer)
	case <-time.After(10 * time.Second):
		t.Fatal("the stream was not cut off")
	}
	require.Zero(t, m.live, "its slot is freed")
}

func TestSchedules(t *testing.T) {
	s := &Schedule{Hour: "1", Minute: "5,[10-12]"}
	require.NoError(t, s.Validate())
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	require.True(t, s.Matches(at(1, 5)))
	require.True(t, s.Matches(at(1, 11)))
	require.False(t, s.Matches(at(1, 6)))
	require.False(t, s.Matches(at(2, 5)))
	require.True(t, (&Schedule{DayOfWeek: "1"}).Matches(at(0, 0)), "2026-03-02 is a Monday")
	for _, bad := range []Schedule{{Minute: "60"}, {Hour: "[3-1]"}, {Second: "x"}, {Month: "[1-"}} {
		require.Error(t, bad.Validate(), "%+v", bad)
	}
}

// A token acts on its own queries and subscriptions only; removing one
// twice at once frees its slot once; queries per token are bounded.
func TestTokensMayNotTouchEachOthersSubscriptions(t *testing.T) {
	c := newChain(t)
	m, _ := c.manager(t, filepath.Join(t.TempDir(), "subs"))
	m.Limits.PerOwner, m.Limits.QueriesPerOwner = 2, 2
	shipping(t, m)
	mine, err := m.Subscribe("shipments", Request{Dest: "https://erp.example/secret-hook", Stream: true}, "erp")
	require.NoError(t, err)
	theirs, err := m.Subscribe("shipments", Request{Dest: "https://rival.example/hook", Stream: true}, "rival")
	require.NoError(t, err)

	listed, err := m.Subscriptions("shipments", "rival")
	require.NoError(t, err)
	require.Len(t, listed, 1)
	require.Equal(t, theirs.SubscriptionID, listed[0].SubscriptionID, "a rival sees its own subscriptions only")
	_, err = m.Subscription("shipments", mine.SubscriptionID, "rival")
	require.ErrorIs(t, err, ErrNotFound)
	require.ErrorIs(t, m.Unsubscribe("shipments", mine.SubscriptionID, "rival"), ErrNotFound)
	require.ErrorIs(t, m.DeleteQuery("shipments", "rival"), ErrForbidden)
	_, err = m.Subscription("shipments", mine.SubscriptionID, "erp")
	require.NoError(t, err, "untouched")

	// Two removals at once: the slot is freed once.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); _ = m.Unsubscribe("shipments", mine.SubscriptionID, "erp") }()
	}
	wg.Wait()
	m.mu.Lock()
	require.Equal(t, 0, m.owners["erp"])
	require.Equal(t, 1, m.live)
	m.mu.Unlock()

	q := func(name string) NamedQuery {
		return NamedQuery{Name: name, Query: map[string]json.RawMessage{"eventType": json.RawMessage(`["ObjectEvent"]`)}}
	}
	require.NoError(t, m.CreateQuery(q("a"), "erp"))
	var limit *ErrLimit
	require.ErrorAs(t, m.CreateQuery(q("b"), "erp"), &limit, "erp keeps shipments and a")
	require.NoError(t, m.DeleteQuery("a", "erp"))
	require.NoError(t, m.CreateQuery(q("b"), "erp"), "deleting one frees its place")
}

// A revoked token's subscriptions stop, saying why.
func TestARevokedTokensSubscriptionsStop(t *testing.T) {
	c := newChain(t)
	m, _ := c.manager(t, filepath.Join(t.TempDir(), "subs"))
	var revoked atomic.Bool
	m.OwnerValid = func(owner string) bool { return owner != "erp" || !revoked.Load() }
	shipping(t, m)
	sub := newSubscriber(t, "")
	s, err := m.Subscribe("shipments", Request{Dest: sub.srv.URL, Stream: true}, "erp")
	require.NoError(t, err)
	c.block("shipping")
	require.Eventually(t, func() bool { return len(sub.got()) == 1 }, 10*time.Second, 5*time.Millisecond)
	revoked.Store(true)
	c.block("shipping")
	require.Eventually(t, func() bool {
		got, err := m.Subscription("shipments", s.SubscriptionID, "erp")
		require.NoError(t, err)
		return got.State == StateDead
	}, 10*time.Second, 5*time.Millisecond)
	got, _ := m.Subscription("shipments", s.SubscriptionID, "erp")
	require.Contains(t, got.Reason, "revoked")
	require.Len(t, sub.got(), 1, "nothing after the revocation")
}
