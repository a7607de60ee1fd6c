package capture

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

// Service is the capture interface: it takes documents, keeps their jobs
// and has a worker run them.
type Service struct {
	Store *Store
	Chain Chain
	// Poll is how often a sent transaction is looked for in blocks.
	Poll time.Duration
	// TTL is how long a capture transaction stays valid; one the chain has
	// not included by then can never be, and its events are sent again.
	TTL time.Duration
	// Log receives what the worker could not do (the node unreachable).
	Log func(msg string, keyvals ...any)
	// MaxPending bounds the running jobs of one token (0: unbounded):
	// jobs run one at a time, so one client cannot queue without end.
	MaxPending int

	limitsMu  sync.Mutex
	maxEvents int
	maxBytes  int
	limitsAt  time.Time

	wake chan struct{}

	timeoutMu   sync.Mutex
	lastTimeout time.Time
}

// ErrInvalid is a document refused before any job is made (a 400): it
// names the event and the field.
type ErrInvalid struct{ Reason string }

func (e *ErrInvalid) Error() string { return e.Reason }

// ErrBusy is a client over its running jobs (a 429).
type ErrBusy struct{ Reason string }

func (e *ErrBusy) Error() string { return e.Reason }

// ErrTooLarge is a document over the chain's limits (a 413).
type ErrTooLarge struct{ Reason string }

func (e *ErrTooLarge) Error() string { return e.Reason }

// limitsTTL is how long the chain's limits are taken as read.
const limitsTTL = time.Minute

// Limits are the capture limits the chain sets (GS1-EPCIS-Capture-Limit
// and -File-Size-Limit), read from the chain at most once a minute.
func (s *Service) Limits(ctx context.Context) (maxEvents, maxBytes int, err error) {
	s.limitsMu.Lock()
	defer s.limitsMu.Unlock()
	if s.maxEvents > 0 && time.Since(s.limitsAt) < limitsTTL {
		return s.maxEvents, s.maxBytes, nil
	}
	e, b, err := s.Chain.Limits(ctx)
	if err != nil {
		if s.maxEvents > 0 {
			return s.maxEvents, s.maxBytes, nil
		}
		return 0, 0, err
	}
	s.maxEvents, s.maxBytes, s.limitsAt = e, b, time.Now()
	return e, b, nil
}

// Submit validates a document (JSON-LD or XML) and stores its job; the
// worker takes it from there. Nothing is stored for a refused document.
func (s *Service) Submit(ctx context.Context, body []byte, behaviour, client string) (*Job, error) {
	switch behaviour {
	case "":
		behaviour = Rollback
	case Rollback, Proceed:
	default:
		return nil, &ErrInvalid{fmt.Sprintf("GS1-Capture-Error-Behaviour: %q; rollback (the default) or proceed", behaviour)}
	}
	maxEvents, maxBytes, err := s.Limits(ctx)
	if err != nil {
		return nil, err
	}
	doc, jsonDoc, err := read(body)
	if err != nil {
		return nil, err
	}
	if len(jsonDoc) > maxBytes {
		return nil, &ErrTooLarge{fmt.Sprintf("the document is %d bytes as JSON-LD; the chain takes at most %d (GS1-EPCIS-Capture-File-Size-Limit)", len(jsonDoc), maxBytes)}
	}
	if len(doc.Events) > maxEvents {
		return nil, &ErrTooLarge{fmt.Sprintf("epcisBody.eventList: %d events; the chain takes at most %d per capture (GS1-EPCIS-Capture-Limit)", len(doc.Events), maxEvents)}
	}
	ids, _, err := doc.EventIDs()
	if err != nil {
		return nil, &ErrInvalid{err.Error()}
	}
	if s.MaxPending > 0 {
		pending := 0
		if err := s.Store.unfinished(func(_, owner string) bool {
			if owner == client {
				pending++
			}
			return pending < s.MaxPending
		}); err != nil {
			return nil, err
		}
		if pending >= s.MaxPending {
			return nil, &ErrBusy{fmt.Sprintf("token %q has %d capture jobs running, its limit; wait for them", client, pending)}
		}
	}
	id, err := s.Store.newID()
	if err != nil {
		return nil, err
	}
	r := &record{
		Job: Job{
			CaptureID: id, CreatedAt: time.Now().UTC(), Running: true, Success: true,
			CaptureErrorBehaviour: behaviour, Errors: []Problem{}, EventCount: len(doc.Events),
			Captured: []Captured{}, Transactions: []Transaction{}, SubmittedBy: client,
		},
		Document: jsonDoc, EventIDs: ids,
	}
	for i, ev := range doc.Events {
		r.Remaining = append(r.Remaining, i)
		if ev.Get("errorDeclaration") != nil {
			r.Declaring = append(r.Declaring, i)
		}
	}
	if err := s.Store.putNew(r); err != nil {
		return nil, err
	}
	s.notify()
	return &r.Job, nil
}

// read parses a document in either binding and checks every event as the
// chain will (its schema, duplicate keys); the JSON-LD form is what is
// captured, so an XML document and its JSON-LD twin capture the same events.
func read(body []byte) (*epcis.Document, []byte, error) {
	doc, err := epcis.ReadAnyDocument(body)
	if err != nil {
		return nil, nil, &ErrInvalid{err.Error()}
	}
	if err := doc.DuplicateKeyError(); err != nil {
		return nil, nil, &ErrInvalid{err.Error()}
	}
	if len(doc.Events) == 0 {
		return nil, nil, &ErrInvalid{"epcisBody.eventList: no events"}
	}
	for i, ev := range doc.Events {
		if err := epcis.ValidateCapturedEvent(ev, doc.Context); err != nil {
			return nil, nil, &ErrInvalid{fmt.Sprintf("event %d (%s): %v", i, ev.Str("type"), err)}
		}
	}
	jsonDoc := body
	if epcis.IsXML(body) {
		if jsonDoc, err = doc.Root.MarshalJSON(); err != nil {
			return nil, nil, err
		}
	}
	return doc, jsonDoc, nil
}

// Job is a job by ID, if client submitted it (another's is not found).
func (s *Service) Job(id, client string) (*Job, bool, error) {
	r, found, err := s.Store.get(id)
	if err != nil || !found || r.Job.SubmittedBy != client {
		return nil, false, err
	}
	return &r.Job, true, nil
}

// Jobs lists up to n of client's jobs after the job `after`, oldest
// first, and the ID to go on from ("" when none is left).
func (s *Service) Jobs(after, client string, n int) ([]Job, string, error) {
	var jobs []Job
	next := ""
	scanned := 0
	err := s.Store.scan(after, func(r *record) (bool, error) {
		scanned++
		if len(jobs) == n || scanned > maxListScan {
			next = r.Job.CaptureID
			if len(jobs) == n {
				next = jobs[n-1].CaptureID
			}
			return false, nil
		}
		if r.Job.SubmittedBy == client {
			jobs = append(jobs, r.Job)
		}
		return true, nil
	})
	return jobs, next, err
}

// maxListScan bounds the jobs one listing reads (others' included): a
// page may then hold fewer than asked, with a token to go on.
const maxListScan = 10_000

// subDocument is the document with only the events at indexes, under its
// own @context: what a proceed job sends again after a refusal. Events
// hash to the same IDs in it as in the whole document.
func subDocument(doc []byte, indexes []int) ([]byte, error) {
	parsed, err := epcis.ReadDocument(doc)
	if err != nil {
		return nil, err
	}
	events := make([]json.RawMessage, 0, len(indexes))
	for _, i := range indexes {
		if i < 0 || i >= len(parsed.Events) {
			return nil, errors.New("event index out of range")
		}
		bz, err := parsed.Events[i].MarshalJSON()
		if err != nil {
			return nil, err
		}
		events = append(events, bz)
	}
	ctxJSON, err := parsed.ContextNode.MarshalJSON()
	if err != nil {
		return nil, err
	}
	created := parsed.Root.Str("creationDate")
	if created == "" {
		created = time.Now().UTC().Format(time.RFC3339)
	}
	return json.Marshal(map[string]any{
		"@context": json.RawMessage(ctxJSON), "type": "EPCISDocument", "schemaVersion": "2.0",
		"creationDate": created, "epcisBody": map[string]any{"eventList": events},
	})
}
