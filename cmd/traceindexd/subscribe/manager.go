package subscribe

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/cockroachdb/pebble"

	"github.com/tracechain/tracechain/cmd/traceindexd/epcisq"
	"github.com/tracechain/tracechain/cmd/traceindexd/store"
)

// Progress is the index's height: deliveries follow it.
type Progress interface{ Indexed() int64 }

// Limits bound what clients may hold open.
type Limits struct {
	// MaxSubscriptions bounds webhooks and live streams together.
	MaxSubscriptions int
	// PerOwner bounds those of one token.
	PerOwner int
	// StreamQueue bounds the documents waiting for a slow WebSocket
	// reader; one more and the stream is closed, saying why.
	StreamQueue int
	// MaxAttempts is how many deliveries in a row may fail before a
	// webhook subscription is dead-lettered.
	MaxAttempts int
}

// DefaultLimits are the limits unless the operator sets others.
var DefaultLimits = Limits{MaxSubscriptions: 1000, PerOwner: 20, StreamQueue: 16, MaxAttempts: 8}

// Manager keeps named queries and runs their subscriptions.
type Manager struct {
	Index    *store.Store
	Progress Progress
	Store    *Store
	Limits   Limits
	Webhooks *Webhooks
	// Poll is how often the index's height is looked at.
	Poll time.Duration
	// PageSize is how many events one delivery carries at most.
	PageSize int
	// Backoff is the first retry's delay; each next one doubles, up to
	// MaxBackoff.
	Backoff, MaxBackoff time.Duration
	Log                 func(msg string, keyvals ...any)

	mu      sync.Mutex
	running sync.WaitGroup
	ctx     context.Context
	workers map[string]context.CancelFunc
	owners  map[string]int // live subscriptions (webhooks and streams) by owner
	live    int
}

// NewManager is a manager over an index and its own store.
func NewManager(index *store.Store, progress Progress, st *Store, webhooks *Webhooks) *Manager {
	return &Manager{
		Index: index, Progress: progress, Store: st, Limits: DefaultLimits, Webhooks: webhooks,
		Poll: 250 * time.Millisecond, PageSize: 100, Backoff: time.Second, MaxBackoff: 5 * time.Minute,
		workers: map[string]context.CancelFunc{}, owners: map[string]int{},
	}
}

func (m *Manager) log(msg string, kv ...any) {
	if m.Log != nil {
		m.Log(msg, kv...)
	}
}

// Start runs every stored webhook subscription until ctx ends: they
// survive restarts, going on from their cursors.
func (m *Manager) Start(ctx context.Context) error {
	m.mu.Lock()
	m.ctx = ctx
	m.mu.Unlock()
	subs, err := m.Store.subscriptions("")
	if err != nil {
		return err
	}
	for _, sub := range subs {
		m.mu.Lock()
		m.owners[sub.Owner]++
		m.live++
		m.mu.Unlock()
		if sub.State != StateDead {
			m.startWorker(sub)
		}
	}
	return nil
}

// ErrExists is a query name already taken (a 409).
var ErrExists = errors.New("exists")

// ErrNotFound is an unknown query or subscription (a 404).
var ErrNotFound = errors.New("not found")

// ErrLimit is a subscription over a limit (a 429).
type ErrLimit struct{ Reason string }

func (e *ErrLimit) Error() string { return e.Reason }

// CreateQuery stores a named query; its name must be new.
func (m *Manager) CreateQuery(q NamedQuery) error {
	if _, err := q.Params(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var existing NamedQuery
	found, err := m.Store.getJSON(queryKey(q.Name), &existing)
	if err != nil {
		return err
	}
	if found {
		return fmt.Errorf("query %q: %w", q.Name, ErrExists)
	}
	return m.Store.putJSON(queryKey(q.Name), q)
}

// Query is a named query.
func (m *Manager) Query(name string) (NamedQuery, error) {
	var q NamedQuery
	found, err := m.Store.getJSON(queryKey(name), &q)
	if err == nil && !found {
		err = fmt.Errorf("query %q: %w", name, ErrNotFound)
	}
	return q, err
}

// Queries lists up to n named queries after the name `after`.
func (m *Manager) Queries(after string, n int) ([]NamedQuery, bool, error) {
	lower := queryKey(after)
	if after != "" {
		lower = append(lower, 0)
	}
	var out []NamedQuery
	more := false
	err := m.Store.each(lower, []byte{'q' + 1}, func(v []byte) error {
		if len(out) == n {
			more = true
			return nil
		}
		var q NamedQuery
		if err := json.Unmarshal(v, &q); err != nil {
			return err
		}
		out = append(out, q)
		return nil
	})
	return out, more, err
}

// DeleteQuery removes a named query and every subscription to it.
func (m *Manager) DeleteQuery(name string) error {
	if _, err := m.Query(name); err != nil {
		return err
	}
	subs, err := m.Store.subscriptions(name)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if err := m.Unsubscribe(name, sub.SubscriptionID); err != nil {
			return err
		}
	}
	return m.Store.db.Delete(queryKey(name), pebble.Sync)
}

// Params is a named query's parameters.
func (m *Manager) Params(name string) (url.Values, error) {
	q, err := m.Query(name)
	if err != nil {
		return nil, err
	}
	return q.Params()
}

// Request is a subscription as a client asks for it (GS1's
// AbstractQuerySubscription with a stream flag or a schedule).
type Request struct {
	Dest              string     `json:"dest"`
	SignatureToken    string     `json:"signatureToken"`
	Stream            bool       `json:"stream"`
	Schedule          *Schedule  `json:"schedule"`
	ReportIfEmpty     bool       `json:"reportIfEmpty"`
	InitialRecordTime *time.Time `json:"initialRecordTime"`
}

// Subscribe makes a webhook subscription to a named query.
func (m *Manager) Subscribe(query string, r Request, owner string) (*Subscription, error) {
	if _, err := m.Params(query); err != nil {
		return nil, err
	}
	if err := m.Webhooks.CheckDest(r.Dest); err != nil {
		return nil, err
	}
	if err := checkTrigger(r.Stream, r.Schedule); err != nil {
		return nil, err
	}
	if len(r.SignatureToken) > 256 {
		return nil, invalid("signatureToken: at most 256 characters")
	}
	from, err := m.startFrom(r.InitialRecordTime)
	if err != nil {
		return nil, err
	}
	if err := m.reserve(owner); err != nil {
		return nil, err
	}
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		m.release(owner)
		return nil, err
	}
	sub := &Subscription{
		SubscriptionID: hex.EncodeToString(id), QueryName: query, Dest: r.Dest, Stream: r.Stream, Schedule: r.Schedule,
		ReportIfEmpty: r.ReportIfEmpty, InitialRecordTime: r.InitialRecordTime, CreatedAt: time.Now().UTC().Truncate(time.Millisecond),
		State: StateActive, Owner: owner, Secret: r.SignatureToken, From: from,
	}
	if err := m.Store.putSubscription(sub); err != nil {
		m.release(owner)
		return nil, err
	}
	m.startWorker(sub)
	return sub, nil
}

func checkTrigger(stream bool, schedule *Schedule) error {
	switch {
	case stream && schedule != nil:
		return invalid("stream and schedule: one or the other")
	case !stream && schedule == nil:
		return invalid("stream: true, or a schedule (GS1: a subscription says when it is sent events)")
	case schedule != nil:
		if err := schedule.Validate(); err != nil {
			return invalid("%v", err)
		}
	}
	return nil
}

// reserve counts a live subscription against the limits.
func (m *Manager) reserve(owner string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Limits.MaxSubscriptions > 0 && m.live >= m.Limits.MaxSubscriptions {
		return &ErrLimit{fmt.Sprintf("this indexer holds %d subscriptions, its limit", m.live)}
	}
	if m.Limits.PerOwner > 0 && m.owners[owner] >= m.Limits.PerOwner {
		return &ErrLimit{fmt.Sprintf("token %q holds %d subscriptions, its limit", owner, m.owners[owner])}
	}
	m.owners[owner]++
	m.live++
	return nil
}

func (m *Manager) release(owner string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.owners[owner]--
	m.live--
}

// Subscriptions lists a query's webhook subscriptions.
func (m *Manager) Subscriptions(query string) ([]*Subscription, error) {
	if _, err := m.Query(query); err != nil {
		return nil, err
	}
	return m.Store.subscriptions(query)
}

// Subscription is one subscription.
func (m *Manager) Subscription(query, id string) (*Subscription, error) {
	var st stored
	found, err := m.Store.getJSON(subKey(query, id), &st)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("subscription %s of query %q: %w", id, query, ErrNotFound)
	}
	sub := st.Subscription
	return &sub, nil
}

// Unsubscribe stops and removes a subscription.
func (m *Manager) Unsubscribe(query, id string) error {
	sub, err := m.Subscription(query, id)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if cancel, ok := m.workers[id]; ok {
		cancel()
		delete(m.workers, id)
	}
	if err := m.Store.db.Delete(subKey(query, id), pebble.Sync); err != nil {
		return err
	}
	m.owners[sub.Owner]--
	m.live--
	return nil
}

// startFrom is the position of the first event recorded at or after t
// (the chain's block time); without t, the end of the index: events
// recorded from now on.
func (m *Manager) startFrom(t *time.Time) ([]byte, error) {
	indexed := m.Progress.Indexed()
	if t == nil {
		return store.Pos{Height: indexed + 1}.Bytes(), nil
	}
	lo, hi := int64(1), indexed+1 // the first height whose block time is ≥ t
	for lo < hi {
		mid := lo + (hi-lo)/2
		b, found, err := m.Index.Block(mid)
		if err != nil {
			return nil, err
		}
		bt, perr := time.Parse(time.RFC3339Nano, b.Time)
		if !found || perr != nil || bt.Before(*t) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return store.Pos{Height: lo}.Bytes(), nil
}

// batch is one delivery's worth of a query's events from a position.
type batch struct {
	doc    []byte
	events int
	// from is where the next batch starts; more: the next batch is ready
	// (the page was full, or the scan budget ran out).
	from []byte
	more bool
	// recordTime is the latest record time the batch covers.
	recordTime time.Time
}

// next reads the events of params from `from` on.
func (m *Manager) next(params url.Values, from []byte) (*batch, error) {
	upto := m.Progress.Indexed()
	q, err := epcisq.Parse(params)
	if err != nil {
		return nil, err
	}
	q.PerPage, q.From = m.PageSize, from
	page, err := epcisq.Run(m.Index, q, epcisq.ScanBudget)
	if err != nil {
		return nil, err
	}
	b := &batch{events: len(page.Events)}
	last := upto
	for _, ev := range page.Events {
		last = max(last, ev.Height)
	}
	if page.Next != "" {
		if b.from, err = epcisq.DecodeToken(page.Next); err != nil {
			return nil, err
		}
		b.more = true
	} else {
		// The scan reached the end of the index it saw, which holds
		// whole blocks: every position up to `last` is behind us.
		b.from = store.Pos{Height: last + 1}.Bytes()
	}
	if bytes.Compare(b.from, from) < 0 {
		b.from = from
	}
	blk, _, err := m.Index.Block(last)
	if err != nil {
		return nil, err
	}
	b.recordTime, _ = time.Parse(time.RFC3339Nano, blk.Time)
	if b.doc, err = epcisq.QueryDocument(page, last, blk.Time); err != nil {
		return nil, err
	}
	return b, nil
}

// Wait returns when every webhook worker has stopped (after Start's
// context ended), so that the stores can be closed under none.
func (m *Manager) Wait() { m.running.Wait() }
