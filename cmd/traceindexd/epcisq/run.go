package epcisq

import (
	"bytes"
	"encoding/base64"
	"errors"
	"sort"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/x/lib/epcis"
)

// ScanBudget is how many index entries one request may examine. A query
// that has not filled its page by then answers with what it found and a
// nextPageToken to go on from, so no request scans without bound.
const ScanBudget = 20_000

// estimateCap bounds the counting done to choose an index.
const estimateCap = 512

// Page is one answer: events in chain order, and where to go on.
type Page struct {
	Events []store.EPCISRecord
	// Next is the nextPageToken; empty when nothing is left.
	Next string
	// Scanned is how many index entries were examined.
	Scanned int
}

// Run answers q from st, examining at most budget index entries.
func Run(st *store.Store, q *Query, budget int) (page Page, err error) {
	from := store.Pos{}
	if q.From != nil {
		from, _ = store.DecodePos(q.From)
	}
	if len(q.EventIDs) > 0 {
		return runByID(st, q)
	}
	it, err := plan(st, q, from)
	if err != nil {
		return Page{}, err
	}
	defer func() { err = errors.Join(err, it.close()) }()
	for ; it.valid(); it.next() {
		pos := it.pos()
		if len(page.Events) == q.PerPage || page.Scanned == budget {
			page.Next = encodeToken(pos)
			return page, nil
		}
		page.Scanned++
		rec, found, err := st.EPCISAt(pos)
		if err != nil {
			return Page{}, err
		}
		if !found {
			return Page{}, errors.New("index: an index entry names no recorded event")
		}
		ev, err := epcis.ParseJSON(rec.Event)
		if err != nil {
			return Page{}, err
		}
		if q.Match(ev) {
			page.Events = append(page.Events, rec)
		}
	}
	return page, nil
}

// runByID answers an EQ_eventID query: direct lookups, no scan.
func runByID(st *store.Store, q *Query) (Page, error) {
	type hit struct {
		pos store.Pos
		rec store.EPCISRecord
	}
	var hits []hit
	for _, id := range q.EventIDs {
		pos, rec, found, err := st.EPCISByID(id)
		if err != nil {
			return Page{}, err
		}
		if found && bytes.Compare(pos.Bytes(), q.From) >= 0 {
			hits = append(hits, hit{pos, rec})
		}
	}
	sort.Slice(hits, func(i, j int) bool { return bytes.Compare(hits[i].pos.Bytes(), hits[j].pos.Bytes()) < 0 })
	var page Page
	for _, h := range hits {
		page.Scanned++
		ev, err := epcis.ParseJSON(h.rec.Event)
		if err != nil {
			return Page{}, err
		}
		if !q.Match(ev) {
			continue
		}
		if len(page.Events) == q.PerPage {
			page.Next = encodeToken(h.pos)
			break
		}
		page.Events = append(page.Events, h.rec)
	}
	return page, nil
}

// plan picks the most selective index the query allows: among its indexed
// parameters, the one whose terms have the fewest entries (counted up to
// a cap); with none, every event in order.
func plan(st *store.Store, q *Query, from store.Pos) (*merged, error) {
	var groups [][]store.Term
	fields := make([]string, 0, len(q.Terms))
	for f := range q.Terms {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		groups = append(groups, termsOf([]string{f}, q.Terms[f]))
	}
	if len(q.AnyEPC) > 0 {
		groups = append(groups, termsOf(anyEPCFields, q.AnyEPC))
	}
	if len(q.AnyEPCClass) > 0 {
		groups = append(groups, termsOf(anyClassFields, q.AnyEPCClass))
	}
	if len(groups) == 0 {
		it, err := st.AllEvents(from)
		if err != nil {
			return nil, err
		}
		return &merged{its: []*store.PosIter{it}}, nil
	}
	best, bestCount := 0, -1
	for i, g := range groups {
		n, err := count(st, g, from)
		if err != nil {
			return nil, err
		}
		if bestCount < 0 || n < bestCount {
			best, bestCount = i, n
		}
	}
	m := &merged{}
	for _, t := range groups[best] {
		it, err := st.TermEvents(t, from)
		if err != nil {
			m.close()
			return nil, err
		}
		m.its = append(m.its, it)
	}
	return m, nil
}

func termsOf(fields, vs []string) []store.Term {
	var out []store.Term
	for _, f := range fields {
		for _, v := range vs {
			out = append(out, store.Term{Field: f, Value: v})
		}
	}
	return out
}

// count is how many entries a group of terms has, up to estimateCap.
func count(st *store.Store, g []store.Term, from store.Pos) (int, error) {
	n := 0
	for _, t := range g {
		it, err := st.TermEvents(t, from)
		if err != nil {
			return 0, err
		}
		for ; it.Valid() && n < estimateCap; it.Next() {
			n++
		}
		if err := it.Close(); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// merged walks several position iterators as one, in order, each
// position once (an event can be under several terms of a group).
type merged struct {
	its []*store.PosIter
	cur []byte
}

func (m *merged) valid() bool {
	m.cur = nil
	for _, it := range m.its {
		if it.Valid() {
			if p := it.Pos().Bytes(); m.cur == nil || bytes.Compare(p, m.cur) < 0 {
				m.cur = p
			}
		}
	}
	return m.cur != nil
}

func (m *merged) pos() store.Pos {
	p, _ := store.DecodePos(m.cur)
	return p
}

func (m *merged) next() {
	for _, it := range m.its {
		if it.Valid() && bytes.Equal(it.Pos().Bytes(), m.cur) {
			it.Next()
		}
	}
}

func (m *merged) close() error {
	var errs []error
	for _, it := range m.its {
		errs = append(errs, it.Close())
	}
	return errors.Join(errs...)
}

func encodeToken(p store.Pos) string { return base64.RawURLEncoding.EncodeToString(p.Bytes()) }

// DecodeToken is the position a nextPageToken names (where a query goes on).
func DecodeToken(s string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != store.PosLen {
		return nil, errors.New("not a token this index gave")
	}
	return b, nil
}
