package store

import (
	"bytes"
	"encoding/binary"
	"sort"

	"github.com/cockroachdb/pebble"
)

// termFieldPrefix is the key prefix of every term of a field.
func termFieldPrefix(field string) []byte { return append(append([]byte{tableEPCISTerm}, field...), 0) }

// afterTerm is the first key past every position of a term.
func afterTerm(t Term) []byte { return append(TermPrefix(t), bytes.Repeat([]byte{0xff}, PosLen+1)...) }

// valueLess is the order of a field's values in the index: by length, then
// bytes (the key holds the value's length before it).
func valueLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// TermValues lists the distinct values the index holds under any of the
// fields, in index order (shorter first, then bytewise), after the value
// `after` (none: from the first), at most limit of them, and whether more
// are left. Each value costs one seek, however many events have it.
func (s *Store) TermValues(fields []string, after string, hasAfter bool, limit int) ([]string, bool, error) {
	seen := map[string]bool{}
	var all []string
	for _, f := range fields {
		vs, err := s.fieldValues(f, after, hasAfter, limit+1)
		if err != nil {
			return nil, false, err
		}
		for _, v := range vs {
			if !seen[v] {
				seen[v] = true
				all = append(all, v)
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return valueLess(all[i], all[j]) })
	if len(all) > limit {
		return all[:limit], true, nil
	}
	return all, false, nil
}

func (s *Store) fieldValues(field, after string, hasAfter bool, limit int) ([]string, error) {
	prefix := termFieldPrefix(field)
	upper := append(append([]byte{tableEPCISTerm}, field...), 1)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: upper})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var valid bool
	if hasAfter {
		valid = it.SeekGE(afterTerm(Term{Field: field, Value: after}))
	} else {
		valid = it.First()
	}
	var out []string
	for ; valid && len(out) < limit; valid = it.SeekGE(afterTerm(Term{Field: field, Value: out[len(out)-1]})) {
		rest := it.Key()[len(prefix):]
		n, w := binary.Uvarint(rest)
		if w <= 0 || uint64(len(rest)-w) < n {
			break
		}
		out = append(out, string(rest[w:w+int(n)]))
	}
	return out, it.Error()
}

// HasTerm says whether any event has value in one of the fields.
func (s *Store) HasTerm(fields []string, value string) (bool, error) {
	for _, f := range fields {
		it, err := s.TermEvents(Term{Field: f, Value: value}, Pos{})
		if err != nil {
			return false, err
		}
		found := it.Valid()
		if err := it.Close(); err != nil {
			return false, err
		}
		if found {
			return true, nil
		}
	}
	return false, nil
}
