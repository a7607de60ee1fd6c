package subscribe

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble"
)

// Subscription is a webhook subscription, as GS1's
// AbstractQuerySubscriptionResponse shows it, with its delivery state.
type Subscription struct {
	SubscriptionID    string     `json:"subscriptionID"`
	QueryName         string     `json:"queryName"`
	Dest              string     `json:"dest"`
	Stream            bool       `json:"stream,omitempty"`
	Schedule          *Schedule  `json:"schedule,omitempty"`
	ReportIfEmpty     bool       `json:"reportIfEmpty,omitempty"`
	InitialRecordTime *time.Time `json:"initialRecordTime,omitempty"`
	CreatedAt         time.Time  `json:"createdAt"`
	LastNotifiedAt    *time.Time `json:"lastNotifiedAt,omitempty"`
	// MinRecordTime is the record time (block time) up to which the
	// subscriber has been sent every matching event.
	MinRecordTime *time.Time `json:"minRecordTime,omitempty"`
	// State: active, retrying (the destination failed; next attempt at
	// RetryAt) or dead (it failed MaxAttempts times in a row: nothing is
	// sent until the subscription is made again; Reason says why).
	State    string     `json:"state"`
	Reason   string     `json:"reason,omitempty"`
	Attempts int        `json:"attempts,omitempty"`
	RetryAt  *time.Time `json:"retryAt,omitempty"`
	// Delivered counts the events sent and acknowledged.
	Delivered uint64 `json:"delivered"`
	// Owner is the name of the token that made it.
	Owner string `json:"owner,omitempty"`

	// Secret signs deliveries (GS1-Signature); never shown.
	Secret string `json:"-"`
	// From is where the next delivery starts (an index position).
	From []byte `json:"-"`
}

// Subscription states.
const (
	StateActive   = "active"
	StateRetrying = "retrying"
	StateDead     = "dead"
)

// stored is a subscription with the fields the API never shows.
type stored struct {
	Subscription
	Secret string `json:"secret"`
	From   []byte `json:"from"`
}

// Store keeps named queries and webhook subscriptions in Pebble, apart
// from the index (a reindex keeps them).
//
//	q <name>            → NamedQuery
//	o <owner> 0 <name>  → nothing: owner made the query
//	s <name> 0 <id>     → subscription
type Store struct{ db *pebble.DB }

// OpenStore opens (or creates) the store in dir.
func OpenStore(dir string) (*Store, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: quietLogger{}})
	if err != nil {
		return nil, fmt.Errorf("subscriptions in %s: %w", dir, err)
	}
	return &Store{db: db}, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

func queryKey(name string) []byte { return append([]byte{'q'}, name...) }

// ownerPrefix keys the names of an owner's queries (o <owner> 0 <name>).
func ownerPrefix(owner string) []byte { return append(append([]byte{'o'}, owner...), 0) }

func ownerEnd(owner string) []byte { return append(append([]byte{'o'}, owner...), 1) }

func subPrefix(query string) []byte { return append(append([]byte{'s'}, query...), 0) }

func subKey(query, id string) []byte { return append(subPrefix(query), id...) }

func (s *Store) putJSON(k []byte, v any) error {
	bz, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.db.Set(k, bz, pebble.Sync)
}

func (s *Store) getJSON(k []byte, v any) (bool, error) {
	bz, closer, err := s.db.Get(k)
	if errors.Is(err, pebble.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer closer.Close()
	return true, json.Unmarshal(bz, v)
}

func (s *Store) each(lower, upper []byte, visit func(v []byte) error) error {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		if err := visit(it.Value()); err != nil {
			return err
		}
	}
	return it.Error()
}

func (s *Store) putSubscription(sub *Subscription) error {
	return s.putJSON(subKey(sub.QueryName, sub.SubscriptionID), stored{Subscription: *sub, Secret: sub.Secret, From: sub.From})
}

func decodeStored(v []byte) (*Subscription, error) {
	var st stored
	if err := json.Unmarshal(v, &st); err != nil {
		return nil, err
	}
	sub := st.Subscription
	sub.Secret, sub.From = st.Secret, st.From
	return &sub, nil
}

// subscriptions lists a query's subscriptions (every query's with "").
func (s *Store) subscriptions(query string) ([]*Subscription, error) {
	lower, upper := []byte{'s'}, []byte{'s' + 1}
	if query != "" {
		lower = subPrefix(query)
		upper = append(append([]byte{'s'}, query...), 1)
	}
	var out []*Subscription
	err := s.each(lower, upper, func(v []byte) error {
		sub, err := decodeStored(v)
		if err == nil {
			out = append(out, sub)
		}
		return err
	})
	return out, err
}

// putSubscriptionNoSync stores a cursor move that a crash may lose.
func (s *Store) putSubscriptionNoSync(sub *Subscription) error {
	bz, err := json.Marshal(stored{Subscription: *sub, Secret: sub.Secret, From: sub.From})
	if err != nil {
		return err
	}
	return s.db.Set(subKey(sub.QueryName, sub.SubscriptionID), bz, pebble.NoSync)
}
