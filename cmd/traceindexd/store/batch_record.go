package store

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// A posted batch stores up to a million readings in one write, and what
// its readings share — the device, the anchor's height, the Merkle root,
// the batch's size — would be most of their JSON records (~620 bytes
// each). Every byte is written to the log, the memtable and again by each
// compaction, so batch readings are stored compact (~110 bytes), with
// what they share stored once:
//
//	r <device> <time ms> <counter>          → batchRecordTag, uvarint first counter of the batch,
//	                                          uvarint index in it, struct hash (32 bytes),
//	                                          the Reading's protobuf without its device
//	m <device> <first counter> 0xFFFFFFFE   → anchor height (8 bytes), reading count (8), Merkle root
//
// and a served reading is made from both (and the batch's tree). Readings
// of transactions keep JSON records; those start with '{', never with
// the tag. Indexes written before kept batch readings as JSON records too,
// and are read as they are.
const (
	batchRecordTag = 0x01
	batchMetaChunk = topChunk - 1 // past any chunk of a batch of at most 2^32-2 chunks
)

// PutBatch stores a posted batch of one device, anchored at height, in one
// synced batch: its readings (in counter order; hashes[i] is readings[i]'s
// struct hash, the leaf of its tree), what they share, and the tree, from
// which every reading's proof is drawn when served. readings' devices
// must be device's.
func (s *Store) PutBatch(device []byte, firstCounter uint64, height int64, tree *BatchTree, readings []devicetypes.Reading, hashes []devicetypes.Hash) error {
	if len(readings) != len(hashes) {
		return fmt.Errorf("batch from counter %d: %d readings, %d struct hashes", firstCounter, len(readings), len(hashes))
	}
	// Sized up front: growing a batch of a million records copies it again
	// at every doubling.
	const keyAndFixed = 1 + 20 + 8 + 8 + 1 + 2*binary.MaxVarintLen64 + 32
	size := 0
	for i := range readings {
		size += keyAndFixed + readings[i].Size()
	}
	batch := s.db.NewBatchWithSize(size)
	defer batch.Close()
	key := make([]byte, 0, 1+len(device)+16)
	var value []byte
	for i := range readings {
		r := &readings[i]
		var err error
		if value, err = appendBatchRecord(value[:0], firstCounter, i, r, &hashes[i]); err != nil {
			return fmt.Errorf("reading %d: %w", r.Counter, err)
		}
		key = appendReadingKey(key[:0], device, r.DeviceTimeMs, r.Counter)
		// Set copies key and value into the batch.
		if err := batch.Set(key, value, nil); err != nil {
			return err
		}
	}
	meta := batchMeta{height: height, total: int64(len(readings)), root: tree.Root()}
	if err := batch.Set(batchTreeKey(device, firstCounter, batchMetaChunk), meta.encode(), nil); err != nil {
		return err
	}
	if err := putBatchTree(batch, device, firstCounter, tree); err != nil {
		return err
	}
	return batch.Commit(pebble.Sync)
}

// appendBatchRecord appends the compact record of the reading at index in
// its batch. The device is left out of the protobuf: it is in the key.
func appendBatchRecord(b []byte, firstCounter uint64, index int, r *devicetypes.Reading, hash *devicetypes.Hash) ([]byte, error) {
	b = append(b, batchRecordTag)
	b = binary.AppendUvarint(b, firstCounter)
	b = binary.AppendUvarint(b, uint64(index))
	b = append(b, hash[:]...)
	withoutDevice := *r
	withoutDevice.Device = ""
	n := withoutDevice.Size()
	at := len(b)
	b = append(b, make([]byte, n)...)
	if _, err := withoutDevice.MarshalToSizedBuffer(b[at:]); err != nil {
		return nil, err
	}
	return b, nil
}

// batchMeta is what every reading of a batch shares.
type batchMeta struct {
	height int64
	total  int64
	root   []byte
}

func (m batchMeta) encode() []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, 16+len(m.root)), uint64(m.height))
	b = binary.BigEndian.AppendUint64(b, uint64(m.total))
	return append(b, m.root...)
}

func decodeBatchMeta(v []byte) (batchMeta, error) {
	if len(v) != 16+32 {
		return batchMeta{}, fmt.Errorf("batch value of %d bytes, want 48", len(v))
	}
	return batchMeta{height: int64(binary.BigEndian.Uint64(v)), total: int64(binary.BigEndian.Uint64(v[8:])), root: v[16:]}, nil
}

var errTruncatedBatchRecord = errors.New("batch reading record: truncated")

// batchReading makes the served Reading of device's compact record v:
// the reading, what its batch shares and its inclusion proof.
func (t *treeReader) batchReading(device []byte, v []byte) (Reading, error) {
	v = v[1:] // the tag
	first, n := binary.Uvarint(v)
	if n <= 0 {
		return Reading{}, errTruncatedBatchRecord
	}
	v = v[n:]
	index, n := binary.Uvarint(v)
	if n <= 0 || len(v) < n+32 {
		return Reading{}, errTruncatedBatchRecord
	}
	hash, pb := v[n:n+32], v[n+32:]
	var r devicetypes.Reading
	if err := r.Unmarshal(pb); err != nil {
		return Reading{}, fmt.Errorf("batch reading record: %w", err)
	}
	var addr [20]byte
	copy(addr[:], device)
	r.Device = devicetypes.FormatAddress(addr)
	mv, err := t.value(batchTreeKey(device, first, batchMetaChunk))
	if err != nil {
		return Reading{}, fmt.Errorf("reading %d: the batch from counter %d: %w", r.Counter, first, err)
	}
	meta, err := decodeBatchMeta(mv)
	if err != nil {
		return Reading{}, fmt.Errorf("reading %d: the batch from counter %d: %w", r.Counter, first, err)
	}
	place := BatchPlace{FirstCounter: first, Index: int64(index), Total: meta.total}
	proof, err := t.proof(device, place)
	if err != nil {
		return Reading{}, fmt.Errorf("reading %d: %w", r.Counter, err)
	}
	return Reading{
		Device: r.Device, Counter: r.Counter, TimeMs: r.DeviceTimeMs, Reading: AppendReadingJSON(nil, &r),
		StructHash: hex.EncodeToString(hash), Height: meta.height, MerkleRoot: hex.EncodeToString(meta.root),
		Batch: &place, Proof: ProofJSON(proof),
	}, nil
}
