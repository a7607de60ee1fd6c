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
	// QueriesPerOwner bounds the named queries one token may keep.
	QueriesPerOwner int
}

// DefaultLimits are the limits unless the operator sets others.
var DefaultLimits = Limits{MaxSubscriptions: 1000, PerOwner: 20, StreamQueue: 16, MaxAttempts: 8, QueriesPerOwner: 100}

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
	// OwnerValid says whether a token still exists (nil: always): the
	// subscriptions and streams of a revoked token stop.
	OwnerValid func(owner string) bool

	// defMu orders changes of definitions: a subscription is never made
	// to a query being deleted.
	defMu   sync.Mutex
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

// CreateQuery stores a named query for owner; its name must be new, and
// the owner under its QueriesPerOwner.
func (m *Manager) CreateQuery(q NamedQuery, owner string) error {
	q.Owner = owner
	if _, err := q.Params(); err != nil {
		return err
	}
	m.defMu.Lock()
	defer m.defMu.Unlock()
	var existing NamedQuery
	found, err := m.Store.getJSON(queryKey(q.Name), &existing)
	if err != nil {
		return err
	}
	if found {
		return fmt.Errorf("query %q: %w", q.Name, ErrExists)
	}
	if n := m.Limits.QueriesPerOwner; n > 0 {
		held := 0
		if err := m.Store.each(ownerPrefix(owner), ownerEnd(owner), func([]byte) error { held++; return nil }); err != nil {
			return err
		}
		if held >= n {
			return &ErrLimit{fmt.Sprintf("token %q keeps %d named queries, its limit; delete one first", owner, held)}
		}
	}
	batch := m.Store.db.NewBatch()
	defer batch.Close()
	bz, err := json.Marshal(q)
	if err != nil {
		return err
	}
	if err := batch.Set(queryKey(q.Name), bz, nil); err != nil {
		return err
	}
	if err := batch.Set(append(ownerPrefix(owner), q.Name...), nil, nil); err != nil {
		return err
	}
	return batch.Commit(pebble.Sync)
}

// ErrForbidden is an act on another token's query or subscription (a 403).
var ErrForbidden = errors.New("forbidden")

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

// DeleteQuery removes a named query owner made, and every subscription
// to it (whoever made them: they were subscriptions to this query).
func (m *Manager) DeleteQuery(name, owner string) error {
	m.defMu.Lock()
	defer m.defMu.Unlock()
	q, err := m.Query(name)
	if err != nil {
		return err
	}
	if q.Owner != owner {
		return fmt.Errorf("query %q was made by another token: %w", name, ErrForbidden)
	}
	subs, err := m.Store.subscriptions(name)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if err := m.remove(name, sub.SubscriptionID); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	batch := m.Store.db.NewBatch()
	defer batch.Close()
	if err := batch.Delete(queryKey(name), nil); err != nil {
		return err
	}
	if err := batch.Delete(append(ownerPrefix(q.Owner), name...), nil); err != nil {
		return err
	}
	return batch.Commit(pebble.Sync)
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
	m.defMu.Lock()
	defer m.defMu.Unlock()
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

// Subscriptions lists owner's webhook subscriptions to a query.
func (m *Manager) Subscriptions(query, owner string) ([]*Subscription, error) {
	if _, err := m.Query(query); err != nil {
		return nil, err
	}
	all, err := m.Store.subscriptions(query)
	if err != nil {
		return nil, err
	}
	var mine []*Subscription
	for _, sub := range all {
		if sub.Owner == owner {
			mine = append(mine, sub)
		}
	}
	return mine, nil
}

// Subscription is one of owner's subscriptions (another's is not found).
func (m *Manager) Subscription(query, id, owner string) (*Subscription, error) {
	sub, err := m.subscription(query, id)
	if err == nil && sub.Owner != owner {
		err = fmt.Errorf("subscription %s of query %q: %w", id, query, ErrNotFound)
	}
	return sub, err
}

func (m *Manager) subscription(query, id string) (*Subscription, error) {
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

// Unsubscribe stops and removes one of owner's subscriptions.
func (m *Manager) Unsubscribe(query, id, owner string) error {
	if _, err := m.Subscription(query, id, owner); err != nil {
		return err
	}
	return m.remove(query, id)
}

// remove stops and deletes a subscription; read again under the lock, so
// that two removals of one subscription free its slot once.
func (m *Manager) remove(query, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	sub, err := m.subscription(query, id)
	if err != nil {
		return err
	}
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
	// Only what was indexed when the run began is taken: a block indexed
	// meanwhile may be seen by some of the query's index iterators and not
	// others, so its events are left for the next run, which sees it whole.
	limit := store.Pos{Height: upto + 1}.Bytes()
	events := page.Events[:0:0]
	for _, ev := range page.Events {
		if ev.Height <= upto {
			events = append(events, ev)
		}
	}
	page.Events = events
	b := &batch{events: len(events), from: limit}
	if page.Next != "" {
		nextPos, err := epcisq.DecodeToken(page.Next)
		if err != nil {
			return nil, err
		}
		if bytes.Compare(nextPos, limit) < 0 {
			b.from, b.more = nextPos, true
		}
	}
	page.Next = ""
	if bytes.Compare(b.from, from) < 0 {
		b.from = from
	}
	last := upto
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
