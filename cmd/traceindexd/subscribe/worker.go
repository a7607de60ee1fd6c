package subscribe

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"
)

func (m *Manager) startWorker(sub *Subscription) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ctx == nil {
		return // Start has not run: it starts every stored subscription
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.workers[sub.SubscriptionID] = cancel
	m.running.Add(1)
	go func() {
		defer m.running.Done()
		m.runWebhook(ctx, sub)
	}()
}

// trigger waits until there may be something to send: a new block for a
// stream, the schedule's next second for a scheduled subscription, the
// retry time after a failure. It returns false when ctx ends.
func (m *Manager) trigger(ctx context.Context, sub *Subscription, seen int64) bool {
	for {
		var wait time.Duration
		switch {
		case sub.State == StateRetrying && sub.RetryAt != nil && time.Now().Before(*sub.RetryAt):
			wait = time.Until(*sub.RetryAt)
		case sub.State == StateRetrying:
			return true
		case sub.Schedule != nil:
			now := time.Now()
			next := now.Truncate(time.Second).Add(time.Second)
			select {
			case <-ctx.Done():
				return false
			case <-time.After(time.Until(next)):
			}
			if sub.Schedule.Matches(next) {
				return true
			}
			continue
		case m.Progress.Indexed() > seen:
			return true
		default:
			wait = m.Poll
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
	}
}

// runWebhook delivers a subscription's events until it is removed or
// dead-lettered. Each acknowledged delivery moves its cursor, stored
// before the next: a restart re-sends at most the delivery in flight.
func (m *Manager) runWebhook(ctx context.Context, sub *Subscription) {
	seen := int64(-1)
	more := false
	for {
		if more { // the last round stopped at its page budget: go on, after a breath
			select {
			case <-ctx.Done():
				return
			case <-time.After(m.Poll):
			}
		} else if !m.trigger(ctx, sub, seen) {
			return
		}
		seen = m.Progress.Indexed()
		params, err := m.Params(sub.QueryName)
		if errors.Is(err, ErrNotFound) {
			return
		}
		if err != nil {
			m.log("subscription: query", "subscription", sub.SubscriptionID, "err", err)
			continue
		}
		if m.OwnerValid != nil && !m.OwnerValid(sub.Owner) {
			sub.State, sub.RetryAt, sub.Reason = StateDead, nil, "the token that made it ("+sub.Owner+") was revoked"
			_ = m.save(sub, true)
			return
		}
		var done bool
		if done, more = m.deliverRound(ctx, sub, params); done {
			return
		}
	}
}

// pagesPerRound bounds the index pages one round of a subscription reads
// (each at most epcisq.ScanBudget entries): a subscription far behind, or
// a query that matches little, catches up in rounds instead of holding the
// index in one loop.
const pagesPerRound = 8

// deliverRound sends what is new, page by page, up to pagesPerRound; done:
// the subscription is dead or gone; more: it stopped at the budget.
func (m *Manager) deliverRound(ctx context.Context, sub *Subscription, params url.Values) (done, more bool) {
	for page := 0; page < pagesPerRound; page++ {
		b, err := m.next(params, sub.From)
		if err != nil {
			m.log("subscription: reading the index", "subscription", sub.SubscriptionID, "err", err)
			return false, false
		}
		reportEmpty := page == 0 && sub.Schedule != nil && sub.ReportIfEmpty
		if b.events == 0 && !reportEmpty {
			// Nothing to send: the cursor moves past what was scanned
			// (not synced: losing it to a crash costs a rescan only).
			sub.From = b.from
			if err := m.save(sub, false); err != nil {
				return true, false
			}
			if !b.more {
				return false, false
			}
			continue
		}
		if err := m.Webhooks.deliver(ctx, sub, b.doc); err != nil {
			if ctx.Err() != nil {
				return true, false
			}
			m.failed(sub, err)
			return sub.State == StateDead, false
		}
		now := time.Now().UTC().Truncate(time.Millisecond)
		rt := b.recordTime
		sub.State, sub.Reason, sub.Attempts, sub.RetryAt = StateActive, "", 0, nil
		sub.LastNotifiedAt, sub.MinRecordTime = &now, &rt
		sub.Delivered += uint64(b.events)
		sub.From = b.from
		if err := m.save(sub, true); err != nil {
			return true, false
		}
		if !b.more {
			return false, false
		}
	}
	return false, true
}

// failed records a failed delivery: retried after a doubling delay, dead
// after MaxAttempts in a row.
func (m *Manager) failed(sub *Subscription, err error) {
	sub.Attempts++
	sub.Reason = err.Error()
	if m.Limits.MaxAttempts > 0 && sub.Attempts >= m.Limits.MaxAttempts {
		sub.State, sub.RetryAt = StateDead, nil
		sub.Reason = "dead after " + strconv.Itoa(sub.Attempts) + " failed deliveries in a row; the last: " + err.Error()
		m.log("subscription dead-lettered", "subscription", sub.SubscriptionID, "dest", sub.Dest, "reason", sub.Reason)
	} else {
		delay := m.Backoff << (sub.Attempts - 1)
		if delay > m.MaxBackoff || delay <= 0 {
			delay = m.MaxBackoff
		}
		at := time.Now().Add(delay).UTC()
		sub.State, sub.RetryAt = StateRetrying, &at
	}
	_ = m.save(sub, true)
}

// save stores a subscription unless it was removed meanwhile (under the
// lock Unsubscribe takes, so a removed subscription never comes back).
func (m *Manager) save(sub *Subscription, sync bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.subscription(sub.QueryName, sub.SubscriptionID); err != nil {
		return err
	}
	if sync {
		return m.Store.putSubscription(sub)
	}
	return m.Store.putSubscriptionNoSync(sub)
}

// ErrSlowConsumer ends a stream whose reader fell StreamQueue documents
// behind.
var ErrSlowConsumer = errors.New("slow consumer: the stream's queue is full; reconnect with GS1-Query-Min-Record-Time to go on")

// Stream sends a named query's events recorded from initial on (now when
// nil) to out, one EPCISQueryDocument per batch, as blocks are indexed,
// until ctx or the manager's context ends. It never blocks on out: a
// reader that lets it fill ends the stream with ErrSlowConsumer.
func (m *Manager) Stream(ctx context.Context, query string, initial *time.Time, owner string, out chan<- []byte) error {
	params, err := m.Params(query)
	if err != nil {
		return err
	}
	from, err := m.startFrom(initial)
	if err != nil {
		return err
	}
	m.mu.Lock()
	parent := m.ctx
	m.mu.Unlock()
	if parent == nil {
		return errors.New("subscriptions are not running")
	}
	if err := m.reserve(owner); err != nil {
		return err
	}
	defer m.release(owner)
	m.running.Add(1)
	defer m.running.Done()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(parent, cancel)
	defer stop()
	seen := int64(-1)
	more := false
	for {
		wait := m.Poll
		for more || m.Progress.Indexed() <= seen {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
			if more {
				break
			}
		}
		seen = m.Progress.Indexed()
		if _, err := m.Query(query); err != nil {
			return err // removed: its streams end with it
		}
		if m.OwnerValid != nil && !m.OwnerValid(owner) {
			return ErrRevoked
		}
		more = true
		for page := 0; page < pagesPerRound && more; page++ {
			b, err := m.next(params, from)
			if err != nil {
				return err
			}
			if b.events > 0 {
				select {
				case out <- b.doc:
				default:
					return ErrSlowConsumer
				}
			}
			from, more = b.from, b.more
		}
	}
}

// ErrRevoked ends a stream whose token was revoked.
var ErrRevoked = errors.New("the token this stream was opened with was revoked")
