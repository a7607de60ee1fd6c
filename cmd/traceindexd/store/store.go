// Package store is traceindexd's Pebble database: one batch per block,
// written together with the cursor and synced, so that a crash at any
// moment leaves either the whole block indexed or none of it.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble"
)

// Key layout (every key starts with a one-byte table):
//
//	c                                  → cursor: the last fully indexed height
//	b <height>                         → Block
//	t <height> <tx index>              → Tx (successful transactions only)
//	h <tx hash>                        → <height> <tx index> of that Tx
//	e <type> 0x00 <height> <tx> <n>    → Event (typed events of successful transactions
//	                                     and of the block itself, tx = 0xFFFFFFFF)
//	r <device> <time ms> <counter>     → Reading (JSON from transactions; posted batches
//	                                     compact, batch_record.go)
//	v, i, x                            → EPCIS events and their indexes (epcis.go)
const (
	tableCursor = 'c'
	tableBlock  = 'b'
	tableTx     = 't'
	tableTxHash = 'h'
	tableEvent  = 'e'
)

// BlockTx is the transaction index of events a block emits outside any
// transaction (begin and end of block).
const BlockTx = ^uint32(0)

// Block is what the indexer keeps of a block.
type Block struct {
	Height int64  `json:"height"`
	Time   string `json:"time"`
	Hash   string `json:"hash"`
	// Transactions in the block, and how many succeeded (the only ones indexed).
	Txs       int `json:"txs"`
	Succeeded int `json:"succeeded"`
}

// Tx is a successful transaction.
type Tx struct {
	Height int64    `json:"height"`
	Index  uint32   `json:"index"`
	Hash   string   `json:"hash"`
	Events []string `json:"event_types"`
}

// Event is one typed event, decoded.
type Event struct {
	Type   string          `json:"type"`
	Height int64           `json:"height"`
	Tx     uint32          `json:"tx"`
	TxHash string          `json:"tx_hash,omitempty"`
	N      uint32          `json:"n"`
	Data   json.RawMessage `json:"data"`
}

// Store is the index.
type Store struct {
	db *pebble.DB
}

// Open opens (or creates) the index in dir.
func Open(dir string) (*Store, error) {
	opts := indexOptions()
	db, err := pebble.Open(dir, opts)
	opts.Cache.Unref() // the open database holds its own reference
	if err != nil {
		return nil, fmt.Errorf("index in %s: %w", dir, err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func blockKey(h int64) []byte { return append([]byte{tableBlock}, u64(uint64(h))...) }

func txKey(h int64, i uint32) []byte {
	return binary.BigEndian.AppendUint32(append([]byte{tableTx}, u64(uint64(h))...), i)
}

func eventPrefix(typ string) []byte { return append(append([]byte{tableEvent}, typ...), 0) }

func eventKey(e Event) []byte {
	k := append(eventPrefix(e.Type), u64(uint64(e.Height))...)
	k = binary.BigEndian.AppendUint32(k, e.Tx)
	return binary.BigEndian.AppendUint32(k, e.N)
}

// Cursor is the last fully indexed height (0: none).
func (s *Store) Cursor() (int64, error) {
	v, closer, err := s.db.Get([]byte{tableCursor})
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	defer closer.Close()
	return int64(binary.BigEndian.Uint64(v)), nil
}

// BlockData is everything one block adds to the index.
type BlockData struct {
	Block  Block
	Txs    []Tx
	Events []Event
	// Devices are the 20-byte addresses of Readings' devices (same order).
	Devices  [][]byte
	Readings []Reading
	// EPCIS events captured in the block, and events it declared erroneous.
	EPCIS []EPCISWrite
}

// WriteBlock indexes one block and moves the cursor to it, in one synced
// batch. Writing a block again writes the same keys and values.
func (s *Store) WriteBlock(d BlockData) error {
	batch := s.db.NewBatch()
	defer batch.Close()
	if err := putReadings(batch, d.Devices, d.Readings); err != nil {
		return err
	}
	if err := putEPCIS(batch, d.EPCIS); err != nil {
		return err
	}
	put := func(k []byte, v any) error {
		bz, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return batch.Set(k, bz, nil)
	}
	if err := put(blockKey(d.Block.Height), d.Block); err != nil {
		return err
	}
	for _, t := range d.Txs {
		if err := put(txKey(t.Height, t.Index), t); err != nil {
			return err
		}
		hash, err := hex.DecodeString(t.Hash)
		if err != nil {
			return fmt.Errorf("tx %d at height %d: hash %q: %w", t.Index, t.Height, t.Hash, err)
		}
		if err := batch.Set(append([]byte{tableTxHash}, hash...), txKey(t.Height, t.Index)[1:], nil); err != nil {
			return err
		}
	}
	for _, e := range d.Events {
		if err := put(eventKey(e), e); err != nil {
			return err
		}
	}
	if err := batch.Set([]byte{tableCursor}, u64(uint64(d.Block.Height)), nil); err != nil {
		return err
	}
	return batch.Commit(pebble.Sync)
}

// Block returns an indexed block.
func (s *Store) Block(h int64) (Block, bool, error) {
	var b Block
	v, closer, err := s.db.Get(blockKey(h))
	if errors.Is(err, pebble.ErrNotFound) {
		return b, false, nil
	} else if err != nil {
		return b, false, err
	}
	defer closer.Close()
	return b, true, json.Unmarshal(v, &b)
}

// TxByHash returns the successful transaction with that hash, if indexed.
func (s *Store) TxByHash(hash []byte) (Tx, bool, error) {
	var t Tx
	at, closer, err := s.db.Get(append([]byte{tableTxHash}, hash...))
	if errors.Is(err, pebble.ErrNotFound) {
		return t, false, nil
	} else if err != nil {
		return t, false, err
	}
	key := append([]byte{tableTx}, at...)
	closer.Close()
	v, closer, err := s.db.Get(key)
	if err != nil {
		return t, false, fmt.Errorf("tx hash index names a missing tx: %w", err)
	}
	defer closer.Close()
	return t, true, json.Unmarshal(v, &t)
}

// Events lists events of a type from a height on (or from pageToken, a
// previous answer's next token), at most limit; next is empty at the end.
func (s *Store) Events(typ string, fromHeight int64, pageToken string, limit int) (events []Event, next string, err error) {
	prefix := eventPrefix(typ)
	lower := append(append([]byte(nil), prefix...), u64(uint64(fromHeight))...)
	if pageToken != "" {
		tok, err := hex.DecodeString(pageToken)
		if err != nil || !bytes.HasPrefix(tok, prefix) {
			return nil, "", ErrBadPageToken
		}
		lower = tok
	}
	upper := append(append([]byte(nil), prefix[:len(prefix)-1]...), 1)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return nil, "", err
	}
	defer it.Close()
	for valid := it.First(); valid; valid = it.Next() {
		if len(events) == limit {
			return events, hex.EncodeToString(it.Key()), nil
		}
		var e Event
		if err := json.Unmarshal(it.Value(), &e); err != nil {
			return nil, "", err
		}
		events = append(events, e)
	}
	return events, "", it.Error()
}

// ErrBadPageToken says the page token is not one this index gave for that type.
var ErrBadPageToken = errors.New("page_token is not a token this index gave for this event type")

// Reading is an indexed device reading: submitted in a transaction, or
// posted with its batch and checked against the batch's on-chain root.
type Reading struct {
	Device     string          `json:"device"`
	Counter    uint64          `json:"counter"`
	TimeMs     uint64          `json:"device_time_ms"`
	Reading    json.RawMessage `json:"reading"`
	StructHash string          `json:"struct_hash"`
	// Height of the transaction or of the batch's anchor.
	Height int64  `json:"height"`
	TxHash string `json:"tx_hash,omitempty"`
	// Batch readings: the anchored root, the reading's place in its batch,
	// and the inclusion proof, drawn from the batch's stored tree when the
	// reading is served (batch_record.go; indexes written before the tree
	// kept the proof in the record).
	MerkleRoot string          `json:"merkle_root,omitempty"`
	Batch      *BatchPlace     `json:"batch,omitempty"`
	Proof      json.RawMessage `json:"proof,omitempty"`
}

const tableReading = 'r'

func readingPrefix(device []byte) []byte { return append([]byte{tableReading}, device...) }

func readingKey(device []byte, r Reading) []byte {
	return appendReadingKey(nil, device, r.TimeMs, r.Counter)
}

func appendReadingKey(k, device []byte, timeMs, counter uint64) []byte {
	k = append(append(k, tableReading), device...)
	k = binary.BigEndian.AppendUint64(k, timeMs)
	return binary.BigEndian.AppendUint64(k, counter)
}

func putReadings(batch *pebble.Batch, devices [][]byte, readings []Reading) error {
	var buf []byte
	for i := range readings {
		buf = appendRecord(buf[:0], &readings[i])
		// Set copies the value into the batch.
		if err := batch.Set(readingKey(devices[i], readings[i]), buf, nil); err != nil {
			return err
		}
	}
	return nil
}

// Readings lists a device's readings by device time in [fromMs, toMs],
// at most limit, continuing from pageToken.
func (s *Store) Readings(device []byte, fromMs, toMs uint64, pageToken string, limit int) (out []Reading, next string, err error) {
	prefix := readingPrefix(device)
	lower := append(append([]byte(nil), prefix...), u64(fromMs)...)
	if pageToken != "" {
		tok, err := hex.DecodeString(pageToken)
		if err != nil || !bytes.HasPrefix(tok, prefix) {
			return nil, "", ErrBadPageToken
		}
		lower = tok
	}
	upper := append(append([]byte(nil), prefix...), u64(toMs)...)
	upper = append(upper, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return nil, "", err
	}
	defer it.Close()
	trees := treeReader{db: s.db}
	for valid := it.First(); valid; valid = it.Next() {
		if len(out) == limit {
			return out, hex.EncodeToString(it.Key()), nil
		}
		if v := it.Value(); len(v) > 0 && v[0] == batchRecordTag {
			r, err := trees.batchReading(device, v)
			if err != nil {
				return nil, "", err
			}
			out = append(out, r)
			continue
		}
		var r Reading
		if err := json.Unmarshal(it.Value(), &r); err != nil {
			return nil, "", err
		}
		if r.Batch != nil && len(r.Proof) == 0 {
			p, err := trees.proof(device, *r.Batch)
			if err != nil {
				return nil, "", fmt.Errorf("reading %d: %w", r.Counter, err)
			}
			r.Proof = ProofJSON(p)
		}
		out = append(out, r)
	}
	return out, "", it.Error()
}

// Metrics are Pebble's own figures (sizes, compactions, cache, WAL).
func (s *Store) Metrics() *pebble.Metrics { return s.db.Metrics() }
