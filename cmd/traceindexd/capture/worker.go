package capture

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"time"

	errorsmod "cosmossdk.io/errors"
)

// NewService is the capture interface over a job store and a chain.
func NewService(st *Store, chain Chain) *Service {
	return &Service{Store: st, Chain: chain, Poll: 500 * time.Millisecond, TTL: 30 * time.Second, MaxPending: 100, wake: make(chan struct{}, 1)}
}

func (s *Service) notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run works on unfinished jobs, oldest first, one at a time (one signer,
// one chain: a job's events may depend on an earlier job's), until ctx
// ends. It starts with the jobs a previous run left unfinished.
func (s *Service) Run(ctx context.Context) error {
	retry := time.NewTimer(0)
	defer retry.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-retry.C:
		}
		if err := s.runUnfinished(ctx); err != nil && ctx.Err() == nil {
			s.log("capture: the node did not answer; the job is retried", "err", err)
			retry.Reset(2 * time.Second)
		}
	}
}

func (s *Service) log(msg string, kv ...any) {
	if s.Log != nil {
		s.Log(msg, kv...)
	}
}

// runUnfinished runs every job still running, oldest first.
func (s *Service) runUnfinished(ctx context.Context) error {
	for {
		var next string
		if err := s.Store.unfinished(func(id, _ string) bool { next = id; return false }); err != nil || next == "" {
			return err
		}
		if err := s.runJob(ctx, next); err != nil {
			return err
		}
	}
}

// runJob takes a job to its end. Every step is stored before the next: a
// signed transaction before it is sent, an outcome before more is sent.
func (s *Service) runJob(ctx context.Context, id string) error {
	r, found, err := s.Store.get(id)
	if err != nil || !found {
		return err
	}
	if r.Document, err = s.Store.document(id); err != nil {
		return err
	}
	for r.Job.Running {
		if err := s.step(ctx, r); err != nil {
			return err
		}
		if err := s.Store.put(r); err != nil {
			return err
		}
	}
	return nil
}

// step does the next thing a running job needs.
func (s *Service) step(ctx context.Context, r *record) error {
	switch {
	case !r.Checked:
		return s.checkRecorded(ctx, r)
	case r.Pending != nil:
		o, err := s.settle(ctx, r)
		if err != nil {
			return err
		}
		s.apply(r, o)
		return nil
	case len(r.Remaining) == 0:
		now := time.Now().UTC()
		r.Job.Running, r.Job.FinishedAt, r.Job.Success = false, &now, len(r.Job.Errors) == 0
		return nil
	default:
		return s.sign(r)
	}
}

// checkRecorded asks which events the chain holds already. A document sent
// again whose events are all on chain resolves to them, with no
// transaction; a proceed job skips those it holds. (A rollback job with
// only some recorded is sent whole: the chain refuses it, naming the
// event it already holds.)
func (s *Service) checkRecorded(ctx context.Context, r *record) error {
	heights := make(map[int]int64)
	declaring := map[int]bool{}
	for _, i := range r.Declaring {
		declaring[i] = true
	}
	for _, i := range r.Remaining {
		if declaring[i] {
			continue
		}
		h, found, err := s.Chain.Recorded(ctx, r.EventIDs[i])
		if err != nil {
			return err
		}
		if found {
			heights[i] = h
		}
	}
	if len(heights) == len(r.Remaining) || r.Job.CaptureErrorBehaviour == Proceed {
		var left []int
		for _, i := range r.Remaining {
			if h, found := heights[i]; found {
				r.Job.Captured = append(r.Job.Captured, Captured{Index: i, EventID: r.EventIDs[i], Height: h, AlreadyRecorded: true})
			} else {
				left = append(left, i)
			}
		}
		r.Remaining = left
	}
	r.Checked = true
	return nil
}

// nextTimeout is TTL from now, later than any before: the chain tells a
// signer's unordered transactions apart by their timeouts.
func (s *Service) nextTimeout() time.Time {
	s.timeoutMu.Lock()
	defer s.timeoutMu.Unlock()
	t := time.Now().Add(s.TTL).UTC().Truncate(time.Microsecond)
	if !t.After(s.lastTimeout) {
		t = s.lastTimeout.Add(time.Microsecond)
	}
	s.lastTimeout = t
	return t
}

// sign makes the transaction for the remaining events; it is stored (by
// the caller) before it is sent.
func (s *Service) sign(r *record) error {
	doc := r.Document
	if len(r.Remaining) != r.Job.EventCount {
		var err error
		if doc, err = subDocument(r.Document, r.Remaining); err != nil {
			return err
		}
	}
	timeout := s.nextTimeout()
	tx, err := s.Chain.SignCapture(doc, timeout)
	if err != nil {
		return err
	}
	a := &attempt{Events: append([]int(nil), r.Remaining...), Tx: tx, Hash: txHash(tx), Timeout: timeout}
	r.Pending = a
	r.Job.Transactions = append(r.Job.Transactions, Transaction{Hash: a.Hash, Events: a.Events, State: TxPending})
	return nil
}

// settled is what became of an attempt.
type settled struct {
	outcome *Outcome // nil: expired, never in a block
}

// resendEvery is how often a pending transaction is sent again (the node
// may have restarted and lost its mempool; a node holding it says so).
const resendEvery = 5 * time.Second

// settle follows a transaction until a block holds it, the node refuses
// it, or its timeout passes on chain without it. Sending it again is
// harmless: the node and the chain tell it apart by its hash and timeout.
func (s *Service) settle(ctx context.Context, r *record) (settled, error) {
	a := r.Pending
	hash, err := hexHash(a.Hash)
	if err != nil {
		return settled{}, err
	}
	var sentAt time.Time
	for {
		o, found, err := s.Chain.Outcome(ctx, hash)
		if err != nil {
			return settled{}, err
		}
		if found {
			return settled{o}, nil
		}
		now, err := s.Chain.Now(ctx)
		if err != nil {
			return settled{}, err
		}
		if now.After(a.Timeout) {
			return settled{}, nil
		}
		if time.Since(sentAt) >= resendEvery {
			err := s.Chain.Broadcast(ctx, a.Tx)
			var refused *Outcome
			switch {
			case errors.As(err, &refused) && !a.Accepted:
				// Refused at its first admission, unless a block took it
				// meanwhile.
				if o, found, err := s.Chain.Outcome(ctx, hash); err != nil || found {
					return settled{o}, err
				}
				return settled{refused}, nil
			case errors.As(err, &refused):
				// Once accepted, it may still be committed from another
				// node's mempool: only a block or the timeout settle it.
			case err != nil:
				return settled{}, err
			case !a.Accepted:
				a.Accepted = true
				if err := s.Store.put(r); err != nil {
					return settled{}, err
				}
			}
			sentAt = time.Now()
		}
		select {
		case <-ctx.Done():
			return settled{}, ctx.Err()
		case <-time.After(s.Poll):
		}
	}
}

// eventInLog finds the event a refusal names ("event 2 (ObjectEvent): …").
var eventInLog = regexp.MustCompile(`event (\d+) \(\w+\)`)

// apply records an attempt's outcome in its job.
func (s *Service) apply(r *record, st settled) {
	a := r.Pending
	r.Pending = nil
	tx := &r.Job.Transactions[len(r.Job.Transactions)-1]
	o := st.outcome
	switch {
	case o == nil:
		// Its timeout passed with no block found holding it. The node's
		// transaction index may lag its blocks, so the chain is asked
		// again which events it holds before anything is signed again.
		tx.State = TxExpired
		r.Checked = false
		return
	case o.Code == 0:
		tx.State, tx.Height = TxCommitted, o.Height
		for _, i := range a.Events {
			r.Job.Captured = append(r.Job.Captured, Captured{Index: i, EventID: r.EventIDs[i], Height: o.Height})
		}
		r.Remaining = without(r.Remaining, a.Events...)
		return
	}
	tx.State, tx.Height = TxRefused, o.Height
	p := Problem{
		Type: "epcisException:ValidationException", Title: registeredError(o), Detail: o.Log,
		Codespace: o.Codespace, Code: o.Code, TxHash: a.Hash, Height: o.Height,
	}
	if m := eventInLog.FindStringSubmatch(o.Log); m != nil {
		if j, err := strconv.Atoi(m[1]); err == nil && j < len(a.Events) {
			i := a.Events[j]
			p.EventIndex, p.EventID = &i, r.EventIDs[i]
		}
	}
	r.Job.Errors = append(r.Job.Errors, p)
	r.Job.Success = false
	if r.Job.CaptureErrorBehaviour == Proceed && p.EventIndex != nil {
		r.Remaining = without(r.Remaining, *p.EventIndex)
		return
	}
	r.Remaining = nil
}

// registeredError is the chain's registered description of a refusal's
// code (e.g. "object not commissioned"), or the codespace and code.
func registeredError(o *Outcome) string {
	err := errorsmod.ABCIError(o.Codespace, o.Code, "")
	for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(u) {
		err = u
	}
	var reg *errorsmod.Error
	if errors.As(err, &reg) && reg.Codespace() == o.Codespace && reg.ABCICode() == o.Code {
		return reg.Error()
	}
	return o.Codespace + " error " + strconv.FormatUint(uint64(o.Code), 10)
}

func without(list []int, drop ...int) []int {
	out := list[:0:0]
	for _, v := range list {
		keep := true
		for _, d := range drop {
			keep = keep && v != d
		}
		if keep {
			out = append(out, v)
		}
	}
	return out
}
