package capture_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	. "github.com/tracechain/tracechain/cmd/traceindexd/capture"
	"github.com/tracechain/tracechain/cmd/traceindexd/capture/capturetest"
)

// document is an EPCISDocument commissioning the given serials.
func document(serials ...string) []byte {
	var events []string
	for i, s := range serials {
		events = append(events, fmt.Sprintf(`{"type":"ObjectEvent","eventTime":"2026-01-01T00:00:%02dZ","eventTimeZoneOffset":"+00:00",
			"epcList":["urn:epc:id:sgtin:0614141.107346.%s"],"action":"ADD","bizStep":"commissioning"}`, i, s))
	}
	return []byte(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",
		"schemaVersion":"2.0","creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[` + strings.Join(events, ",") + `]}}`)
}

type harness struct {
	t     *testing.T
	dir   string
	chain *capturetest.Chain
	svc   *Service
	stop  func()
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, dir: filepath.Join(t.TempDir(), "capture"), chain: capturetest.NewChain()}
	h.start()
	t.Cleanup(func() { h.stop() })
	return h
}

// start opens the store and runs the worker and block production.
func (h *harness) start() {
	st, err := OpenStore(h.dir)
	require.NoError(h.t, err)
	h.svc = NewService(st, h.chain)
	h.svc.Poll = 5 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { _ = h.svc.Run(ctx); done <- struct{}{} }()
	go func() { h.chain.Produce(ctx, 20*time.Millisecond); done <- struct{}{} }()
	h.stop = func() { cancel(); <-done; <-done; require.NoError(h.t, st.Close()); h.stop = func() {} }
}

func (h *harness) submit(doc []byte, behaviour string) string {
	job, err := h.svc.Submit(context.Background(), doc, behaviour, "erp")
	require.NoError(h.t, err)
	require.True(h.t, job.Running)
	return job.CaptureID
}

// awaitPending waits until the job's transaction is signed and stored.
func (h *harness) awaitPending(id string) {
	require.Eventually(h.t, func() bool {
		j, _, err := h.svc.Job(id, "erp")
		require.NoError(h.t, err)
		return len(j.Transactions) > 0 && j.Transactions[len(j.Transactions)-1].State == TxPending
	}, 5*time.Second, time.Millisecond)
}

func (h *harness) await(id string) *Job {
	var job *Job
	require.Eventually(h.t, func() bool {
		j, found, err := h.svc.Job(id, "erp")
		require.NoError(h.t, err)
		require.True(h.t, found)
		job = j
		return !j.Running
	}, 10*time.Second, 5*time.Millisecond)
	require.NotNil(h.t, job.FinishedAt)
	return job
}

func TestARollbackJobIsRecordedWholeAndResendingResolvesToTheSameEvents(t *testing.T) {
	h := newHarness(t)
	job := h.await(h.submit(document("1", "2", "3"), ""))
	require.True(t, job.Success)
	require.Equal(t, Rollback, job.CaptureErrorBehaviour)
	require.Len(t, job.Captured, 3)
	require.Len(t, job.Transactions, 1)
	require.Equal(t, TxCommitted, job.Transactions[0].State)
	for i, c := range job.Captured {
		require.Equal(t, i, c.Index)
		require.Equal(t, job.Transactions[0].Height, c.Height)
		require.False(t, c.AlreadyRecorded)
	}

	again := h.await(h.submit(document("1", "2", "3"), ""))
	require.True(t, again.Success)
	require.Empty(t, again.Transactions, "nothing is sent for events the chain holds")
	for i, c := range again.Captured {
		require.True(t, c.AlreadyRecorded)
		require.Equal(t, job.Captured[i].EventID, c.EventID)
		require.Equal(t, job.Captured[i].Height, c.Height)
	}
	for id, n := range h.chain.Times {
		require.Equal(t, 1, n, id)
	}
}

func TestARefusedRollbackJobNamesTheEventAndTheRuleAndRecordsNothing(t *testing.T) {
	h := newHarness(t)
	job := h.await(h.submit(document("1", "bad", "3"), "rollback"))
	require.False(t, job.Success)
	require.Empty(t, job.Captured)
	require.Len(t, job.Errors, 1)
	p := job.Errors[0]
	require.NotNil(t, p.EventIndex)
	require.Equal(t, 1, *p.EventIndex)
	require.NotEmpty(t, p.EventID)
	require.Equal(t, "trace", p.Codespace)
	require.EqualValues(t, 8, p.Code)
	require.Equal(t, "object not commissioned", p.Title)
	require.Contains(t, p.Detail, "epcList")
	require.Equal(t, TxRefused, job.Transactions[0].State)
	require.Zero(t, h.chain.Held())

	// Some events on chain already: rollback sends the document whole and
	// the chain names the duplicate.
	h.await(h.submit(document("1"), ""))
	job = h.await(h.submit(document("1", "3"), ""))
	require.False(t, job.Success)
	require.EqualValues(t, 5, job.Errors[0].Code)
	require.Equal(t, 0, *job.Errors[0].EventIndex)
}

func TestAProceedJobCapturesWhatTheChainAccepts(t *testing.T) {
	h := newHarness(t)
	h.await(h.submit(document("0"), ""))
	job := h.await(h.submit(document("0", "1", "bad", "3"), Proceed))
	require.False(t, job.Success, "an event was refused")
	require.Len(t, job.Errors, 1)
	require.Equal(t, 2, *job.Errors[0].EventIndex)
	var indexes []int
	for _, c := range job.Captured {
		indexes = append(indexes, c.Index)
		require.Equal(t, c.Index == 0, c.AlreadyRecorded)
	}
	require.ElementsMatch(t, []int{0, 1, 3}, indexes)
	require.Len(t, job.Transactions, 2)
	require.Equal(t, TxRefused, job.Transactions[0].State)
	require.Equal(t, []int{1, 2, 3}, job.Transactions[0].Events)
	require.Equal(t, TxCommitted, job.Transactions[1].State)
	require.Equal(t, []int{1, 3}, job.Transactions[1].Events)
	for id, n := range h.chain.Times {
		require.Equal(t, 1, n, id)
	}
}

func TestADocumentRefusedOnReceiptLeavesNoJob(t *testing.T) {
	h := newHarness(t)
	for name, c := range map[string]struct {
		doc       []byte
		behaviour string
		want      string
		tooLarge  bool
	}{
		"not JSON":       {doc: []byte("{"), want: "not JSON"},
		"no events":      {doc: document(), want: "no events"},
		"six events":     {doc: document("1", "2", "3", "4", "5", "6"), want: "at most 5", tooLarge: true},
		"bad behaviour":  {doc: document("1"), behaviour: "all", want: "GS1-Capture-Error-Behaviour"},
		"invalid event":  {doc: []byte(strings.Replace(string(document("1")), `"ADD"`, `"ADDED"`, 1)), want: "event 0 (ObjectEvent): action"},
		"duplicated key": {doc: []byte(strings.Replace(string(document("1")), `"action":"ADD"`, `"action":"ADD","action":"DELETE"`, 1)), want: "twice"},
	} {
		_, err := h.svc.Submit(context.Background(), c.doc, c.behaviour, "erp")
		require.ErrorContains(t, err, c.want, name)
		if c.tooLarge {
			require.IsType(t, &ErrTooLarge{}, err, name)
		} else {
			require.IsType(t, &ErrInvalid{}, err, name)
		}
	}
	jobs, _, err := h.svc.Jobs("", "erp", 10)
	require.NoError(t, err)
	require.Empty(t, jobs)
}

// A job survives its process stopping at any point: after the transaction
// is stored but never sent, after it is sent, while the node is down, and
// when what was sent is lost. It ends once, with its events recorded once.
func TestJobsSurviveTheProcessStopping(t *testing.T) {
	t.Run("signed, never sent, resent after restart", func(t *testing.T) {
		h := newHarness(t)
		h.chain.Lock()
		h.chain.FailBroadcast = true
		h.chain.Unlock()
		id := h.submit(document("1", "2"), "")
		h.awaitPending(id)
		h.stop()
		h.chain.FailBroadcast = false
		h.start()
		job := h.await(id)
		require.True(t, job.Success)
		require.Len(t, job.Transactions, 1, "the stored transaction is the one sent")
	})
	t.Run("sent and committed while the process was down", func(t *testing.T) {
		h := newHarness(t)
		h.chain.Lock()
		h.chain.Hold = true
		h.chain.Unlock()
		id := h.submit(document("1", "2"), "")
		h.awaitPending(id)
		require.Eventually(t, func() bool { return h.chain.Pending() == 1 }, 5*time.Second, time.Millisecond)
		h.stop()
		// The node got it before the crash and commits it meanwhile.
		h.chain.Hold = false
		h.chain.Commit(time.Millisecond)
		h.start()
		job := h.await(id)
		require.True(t, job.Success)
		require.Len(t, job.Transactions, 1)
		for id, n := range h.chain.Times {
			require.Equal(t, 1, n, id)
		}
	})
	t.Run("lost by the node: expires, sent again once", func(t *testing.T) {
		h := newHarness(t)
		h.chain.Lock()
		h.chain.DropBroadcasts = true
		h.chain.Unlock()
		h.svc.TTL = 200 * time.Millisecond
		id := h.submit(document("1", "2"), "")
		h.awaitPending(id)
		h.stop()
		h.chain.Commit(time.Second) // the process stays down past the timeout
		h.chain.DropBroadcasts = false
		h.start()
		job := h.await(id)
		require.True(t, job.Success)
		require.Len(t, job.Transactions, 2)
		require.Equal(t, TxExpired, job.Transactions[0].State)
		require.Equal(t, TxCommitted, job.Transactions[1].State)
		for id, n := range h.chain.Times {
			require.Equal(t, 1, n, id)
		}
	})
}

func TestJobsAreListedOldestFirstInPages(t *testing.T) {
	h := newHarness(t)
	var ids []string
	for i := 0; i < 5; i++ {
		ids = append(ids, h.submit(document(fmt.Sprint(i)), ""))
	}
	var seen []string
	after := ""
	for {
		jobs, next, err := h.svc.Jobs(after, "erp", 2)
		require.NoError(t, err)
		for _, j := range jobs {
			seen = append(seen, j.CaptureID)
		}
		if next == "" {
			break
		}
		after = next
	}
	require.Equal(t, ids, seen)
}

// An error declaration shares the ID of the event it corrects, which the
// chain holds: it is sent, never taken for "already recorded".
func TestAnErrorDeclarationIsSentNotTakenAsRecorded(t *testing.T) {
	h := newHarness(t)
	first := h.await(h.submit(document("1"), ""))
	require.True(t, first.Success)
	declared := strings.Replace(string(document("1")), `"bizStep":"commissioning"}`,
		`"bizStep":"commissioning","errorDeclaration":{"declarationTime":"2026-01-02T00:00:00Z","reason":"incorrect_data"}}`, 1)
	job := h.await(h.submit([]byte(declared), ""))
	require.Len(t, job.Transactions, 1, "the declaration is sent")
	require.Len(t, job.Captured, 1)
	require.False(t, job.Captured[0].AlreadyRecorded)
}

// A token sees its own jobs only, and may keep MaxPending of them running.
func TestJobsBelongToTheirToken(t *testing.T) {
	h := newHarness(t)
	id := h.submit(document("1"), "")
	_, found, err := h.svc.Job(id, "rival")
	require.NoError(t, err)
	require.False(t, found, "another token's job is not found")
	jobs, _, err := h.svc.Jobs("", "rival", 10)
	require.NoError(t, err)
	require.Empty(t, jobs)

	h.chain.Lock()
	h.chain.Hold = true // nothing finishes
	h.chain.Unlock()
	h.svc.MaxPending = 2
	_, err = h.svc.Submit(context.Background(), document("2"), "", "flood")
	require.NoError(t, err)
	_, err = h.svc.Submit(context.Background(), document("3"), "", "flood")
	require.NoError(t, err)
	_, err = h.svc.Submit(context.Background(), document("4"), "", "flood")
	require.IsType(t, &ErrBusy{}, err)
	_, err = h.svc.Submit(context.Background(), document("5"), "", "erp")
	require.NoError(t, err, "the limit is per token")
}
