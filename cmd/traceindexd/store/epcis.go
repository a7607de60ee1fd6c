package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"

	"github.com/cockroachdb/pebble"
)

// EPCIS tables (see the key layout in store.go):
//
//	v <pos>                                → EPCISRecord
//	i <eventID>                            → pos
//	x <field> 0x00 <len> <value> <pos>     → nothing: the event at pos has value in field
const (
	tableEPCIS     = 'v'
	tableEventID   = 'i'
	tableEPCISTerm = 'x'
)

// Pos is where an event was recorded on chain: block, transaction and its
// place among the transaction's captured events. Positions order events as
// the chain recorded them, and the same block always gives the same ones.
type Pos struct {
	Height int64
	Tx     uint32
	N      uint32
}

// PosLen is the length of an encoded position.
const PosLen = 16

// Bytes encodes p so that byte order is chain order.
func (p Pos) Bytes() []byte {
	k := u64(uint64(p.Height))
	k = binary.BigEndian.AppendUint32(k, p.Tx)
	return binary.BigEndian.AppendUint32(k, p.N)
}

// DecodePos reads an encoded position.
func DecodePos(b []byte) (Pos, bool) {
	if len(b) != PosLen {
		return Pos{}, false
	}
	return Pos{Height: int64(binary.BigEndian.Uint64(b)), Tx: binary.BigEndian.Uint32(b[8:]), N: binary.BigEndian.Uint32(b[12:])}, true
}

// EPCISRecord is one captured EPCIS event as the chain recorded it.
type EPCISRecord struct {
	EventID       string          `json:"event_id"`
	Height        int64           `json:"height"`
	TxHash        string          `json:"tx_hash"`
	RecorderOrgID string          `json:"recorder_org_id"`
	Event         json.RawMessage `json:"event"`
	// Context is the @context of the document the event came in.
	Context json.RawMessage `json:"context"`
}

// Term is one indexed (field, value) of an event.
type Term struct {
	Field string
	Value string
}

// EPCISWrite records an event at a position (again, after an error
// declaration changed it) with the terms it is found under.
type EPCISWrite struct {
	Pos    Pos
	Record EPCISRecord
	Terms  []Term
}

func epcisKey(p Pos) []byte { return append([]byte{tableEPCIS}, p.Bytes()...) }

func eventIDKey(id string) []byte { return append([]byte{tableEventID}, id...) }

// TermPrefix is the key prefix of the events having value in field.
func TermPrefix(t Term) []byte {
	k := append(append([]byte{tableEPCISTerm}, t.Field...), 0)
	k = binary.AppendUvarint(k, uint64(len(t.Value)))
	return append(k, t.Value...)
}

func putEPCIS(batch *pebble.Batch, writes []EPCISWrite) error {
	for _, w := range writes {
		bz, err := json.Marshal(w.Record)
		if err != nil {
			return err
		}
		pos := w.Pos.Bytes()
		if err := batch.Set(epcisKey(w.Pos), bz, nil); err != nil {
			return err
		}
		if err := batch.Set(eventIDKey(w.Record.EventID), pos, nil); err != nil {
			return err
		}
		for _, t := range w.Terms {
			if err := batch.Set(append(TermPrefix(t), pos...), nil, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// EPCISByID finds a recorded event by its eventID.
func (s *Store) EPCISByID(id string) (Pos, EPCISRecord, bool, error) {
	v, closer, err := s.db.Get(eventIDKey(id))
	if errors.Is(err, pebble.ErrNotFound) {
		return Pos{}, EPCISRecord{}, false, nil
	} else if err != nil {
		return Pos{}, EPCISRecord{}, false, err
	}
	pos, ok := DecodePos(v)
	closer.Close()
	if !ok {
		return Pos{}, EPCISRecord{}, false, errors.New("index: corrupt eventID entry for " + id)
	}
	rec, found, err := s.EPCISAt(pos)
	return pos, rec, found, err
}

// EPCISAt reads the event recorded at pos.
func (s *Store) EPCISAt(pos Pos) (EPCISRecord, bool, error) {
	var rec EPCISRecord
	v, closer, err := s.db.Get(epcisKey(pos))
	if errors.Is(err, pebble.ErrNotFound) {
		return rec, false, nil
	} else if err != nil {
		return rec, false, err
	}
	defer closer.Close()
	return rec, true, json.Unmarshal(v, &rec)
}

// PosIter walks positions in chain order: of every recorded event, or of
// the events having one term.
type PosIter struct {
	it     *pebble.Iterator
	prefix int
	valid  bool
}

// AllEvents iterates every recorded event's position from `from` on.
func (s *Store) AllEvents(from Pos) (*PosIter, error) {
	return s.posIter([]byte{tableEPCIS}, from)
}

// TermEvents iterates the positions of the events having t, from `from` on.
func (s *Store) TermEvents(t Term, from Pos) (*PosIter, error) {
	return s.posIter(TermPrefix(t), from)
}

func (s *Store) posIter(prefix []byte, from Pos) (*PosIter, error) {
	lower := append(append([]byte(nil), prefix...), from.Bytes()...)
	upper := append(append([]byte(nil), prefix...), bytes.Repeat([]byte{0xff}, PosLen+1)...)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return nil, err
	}
	return &PosIter{it: it, prefix: len(prefix), valid: it.First()}, nil
}

// Valid says whether Pos is a position; false at the end.
func (p *PosIter) Valid() bool { return p.valid }

// Pos is the current position.
func (p *PosIter) Pos() Pos {
	pos, _ := DecodePos(p.it.Key()[p.prefix : p.prefix+PosLen])
	return pos
}

// Next moves to the next position.
func (p *PosIter) Next() { p.valid = p.it.Next() }

// Close releases the iterator, reporting any error it met.
func (p *PosIter) Close() error {
	err := p.it.Error()
	return errors.Join(err, p.it.Close())
}
