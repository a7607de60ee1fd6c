//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/subscribe"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
)

// webhookSink is a subscriber's endpoint: it checks each delivery's
// GS1-Signature and counts every event it is sent.
type webhookSink struct {
	srv    *httptest.Server
	secret string
	mu     sync.Mutex
	times  map[string]int
	order  []string
	bad    int
	// stall, when set, holds the next delivery (after counting it) until
	// release closes: a delivery in flight when the indexer is killed.
	stall   atomic.Bool
	stalled chan struct{}
	release chan struct{}
}

func newWebhookSink(t *testing.T, secret string) *webhookSink {
	s := &webhookSink{secret: secret, times: map[string]int{}, stalled: make(chan struct{}), release: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		defer s.mu.Unlock()
		if r.Header.Get("GS1-Signature") != subscribe.Signature(s.secret, body) {
			s.bad++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		for _, id := range eventIDsOf(t, body) {
			s.times[id]++
			s.order = append(s.order, id)
		}
		if s.stall.CompareAndSwap(true, false) {
			close(s.stalled)
			s.mu.Unlock()
			<-s.release
			s.mu.Lock()
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func eventIDsOf(t *testing.T, doc []byte) []string {
	var ids []string
	for _, e := range eventsOf(t, doc) {
		ids = append(ids, e.EventID)
	}
	return ids
}

// call sends a JSON request with a bearer token: the status, headers and body.
func (ix *indexer) call(t *testing.T, method, path, token string, body any) (callAnswer, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		bz, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(bz)
	}
	req, err := http.NewRequest(method, "http://"+ix.addr+path, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return callAnswer{StatusCode: resp.StatusCode, Header: resp.Header}, out
}

// callAnswer is what call keeps of a response.
type callAnswer struct {
	StatusCode int
	Header     http.Header
}

// TestSubscriptionsDeliverEveryMatchingEvent: a webhook subscriber gets
// every event captured after it subscribed and matching its query, and
// only those, each delivery's GS1-Signature verifying; killing the indexer
// mid-stream and restarting it loses nothing (duplicates are counted). A
// WebSocket subscriber sees each new event within two blocks of its
// commit.
func TestSubscriptionsDeliverEveryMatchingEvent(t *testing.T) {
	_, ix, token := capturingIndexer(t)
	ix.args = append(ix.args, "--webhook-private") // the subscriber listens on 127.0.0.1
	ix.kill9()
	ix.start()
	ix.waitHeight(1)
	clock := epcisbuild.NewClock(time.Now().Add(-time.Hour))
	capture := func(name, bizStep string) string {
		doc := epcisbuild.Document(clock.New("ObjectEvent", "ADD").BizStep(bizStep).
			Qty(epcisbuild.Quantity{Class: "urn:epc:class:lgtin:6901234.012345." + name, Amount: "10", UOM: "KGM"}))
		loc := postCapture(t, ix, token, "application/ld+json", doc)
		var j struct {
			Running  bool
			Success  bool
			Captured []struct{ EventID string }
		}
		require.Eventually(t, func() bool {
			resp, body := ix.call(t, http.MethodGet, loc, token, nil)
			return resp.StatusCode == 200 && json.Unmarshal(body, &j) == nil && !j.Running
		}, time.Minute, 100*time.Millisecond)
		require.True(t, j.Success, name)
		return j.Captured[0].EventID
	}
	before := capture("SUBBEFORE", "commissioning")

	resp, body := ix.call(t, http.MethodPost, "/queries", token, map[string]any{
		"name": "harvests", "query": map[string]any{"EQ_bizStep": []string{"harvesting"}, "eventType": []string{"ObjectEvent"}},
	})
	require.Equal(t, http.StatusCreated, resp.StatusCode, string(body))
	resp, _ = ix.call(t, http.MethodPost, "/queries", token, map[string]any{"name": "harvests", "query": map[string]any{"eventType": []string{"ObjectEvent"}}})
	require.Equal(t, http.StatusConflict, resp.StatusCode)

	sink := newWebhookSink(t, "shared-secret-1")
	resp, body = ix.call(t, http.MethodPost, "/queries/harvests/subscriptions", token, map[string]any{
		"dest": sink.srv.URL + "/epcis", "signatureToken": "shared-secret-1", "stream": true,
	})
	require.Equal(t, http.StatusCreated, resp.StatusCode, string(body))
	require.NotContains(t, string(body), "shared-secret-1")
	subPath := resp.Header.Get("Location")

	// A WebSocket subscriber on the same query.
	header := http.Header{"Authorization": {"Bearer " + token}}
	ws, wsResp, err := websocket.DefaultDialer.Dial("ws://"+ix.addr+"/queries/harvests/events?stream=true", header)
	require.NoError(t, err)
	require.Equal(t, http.StatusSwitchingProtocols, wsResp.StatusCode)
	require.NoError(t, wsResp.Body.Close())
	defer ws.Close()
	type seen struct {
		id       string
		at       time.Time
		recorded time.Time
	}
	wsSeen := make(chan seen, 100)
	go func() {
		for {
			_, msg, err := ws.ReadMessage()
			if err != nil {
				close(wsSeen)
				return
			}
			now := time.Now()
			for _, e := range eventsOf(t, msg) {
				wsSeen <- seen{e.EventID, now, e.RecordTime}
			}
		}
	}()

	var want []string
	for i := 0; i < 3; i++ {
		want = append(want, capture(fmt.Sprintf("SUBH%d", i), "harvesting"))
		capture(fmt.Sprintf("SUBC%d", i), "commissioning") // not matching
	}
	// The WebSocket subscriber: each harvest within two blocks of the
	// block that recorded it (its recordTime is that block's time; the
	// test network makes a block a second).
	var slowest time.Duration
	for range want {
		select {
		case s, ok := <-wsSeen:
			require.True(t, ok, "the stream stays open")
			require.Contains(t, want, s.id, "the stream sends only matching events")
			slowest = max(slowest, s.at.Sub(s.recorded))
			require.Less(t, s.at.Sub(s.recorded), 2*time.Second+500*time.Millisecond, "within two blocks of its commit")
		case <-time.After(30 * time.Second):
			t.Fatal("the WebSocket subscriber saw nothing")
		}
	}

	// Killed mid-stream: the indexer is killed while a delivery is in
	// flight (the subscriber has it, the indexer has no answer yet); it
	// sends it again after the restart, and captures go on through it.
	sink.stall.Store(true)
	want = append(want, capture("SUBH3", "harvesting"))
	select {
	case <-sink.stalled:
	case <-time.After(30 * time.Second):
		t.Fatal("no delivery of the fourth harvest")
	}
	ix.kill9()
	close(sink.release)
	ix.start()
	ix.waitHeight(1)
	for i := 4; i < 6; i++ {
		want = append(want, capture(fmt.Sprintf("SUBH%d", i), "harvesting"))
		capture(fmt.Sprintf("SUBC%d", i), "commissioning")
	}
	require.Eventually(t, func() bool {
		sink.mu.Lock()
		defer sink.mu.Unlock()
		for _, id := range want {
			if sink.times[id] == 0 {
				return false
			}
		}
		return true
	}, time.Minute, 100*time.Millisecond, "every harvest delivered")
	sink.mu.Lock()
	defer sink.mu.Unlock()
	require.Zero(t, sink.bad, "every GS1-Signature verifies")
	require.Zero(t, sink.times[before], "nothing from before the subscription")
	duplicates := 0
	for id, n := range sink.times {
		require.Contains(t, want, id, "only matching events")
		duplicates += n - 1
	}
	// In record-time order (a re-sent delivery repeats a stretch).
	last := -1
	for _, id := range sink.order {
		i := indexOf(want, id)
		require.True(t, i >= last || sink.times[id] > 1, "order: %v", sink.order)
		last = max(last, i)
	}
	resp, body = ix.call(t, http.MethodGet, subPath, token, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var sub subscribe.Subscription
	require.NoError(t, json.Unmarshal(body, &sub))
	require.Equal(t, subscribe.StateActive, sub.State)
	require.GreaterOrEqual(t, sub.Delivered, uint64(len(want)))
	require.Positive(t, duplicates, "the delivery in flight at the kill is sent again")
	t.Logf("webhook: %d harvests delivered, %d duplicates (the delivery in flight when the indexer was killed); WebSocket: 3 events, the slowest %v after its block",
		len(want), duplicates, slowest)

	// Removing the query ends its subscriptions.
	resp, _ = ix.call(t, http.MethodDelete, "/queries/harvests", token, nil)
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp, _ = ix.call(t, http.MethodGet, subPath, token, nil)
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
}

type streamedEvent struct {
	EventID    string    `json:"eventID"`
	RecordTime time.Time `json:"recordTime"`
}

func eventsOf(t *testing.T, doc []byte) []streamedEvent {
	var d struct {
		EPCISBody struct {
			QueryResults struct {
				ResultsBody struct {
					EventList []streamedEvent `json:"eventList"`
				} `json:"resultsBody"`
			} `json:"queryResults"`
		} `json:"epcisBody"`
	}
	require.NoError(t, json.Unmarshal(doc, &d))
	return d.EPCISBody.QueryResults.ResultsBody.EventList
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
