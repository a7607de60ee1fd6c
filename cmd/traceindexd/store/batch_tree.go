package store

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble"
	"github.com/cometbft/cometbft/crypto/merkle"
)

// A posted batch's Merkle tree is stored once, not as one proof per
// reading (a proof is ~14 hashes; the whole tree is two hashes a
// reading), and each reading's proof is drawn from it when served.
//
// The tree is CometBFT's RFC 6962 tree (x/device/types/merkle.go). In it,
// the node over leaves [k·2^j, min((k+1)·2^j, n)) exists for every level
// j and every k below ceil(n/2^j): level j+1's node k is the inner hash
// of level j's nodes 2k and 2k+1, or level j's node 2k itself when 2k+1
// is past the end. A proof is, level by level from the leaf up, the
// sibling of the leaf's ancestor whenever that sibling exists.
//
// Levels 0..chunkLevels-1 are stored by chunks of chunkLeaves aligned
// leaves (a chunk's siblings never leave it); the levels above, over the
// chunks' roots, are stored together as the batch's top. A proof reads
// one chunk and the top.
//
//	m <device> <first counter> <chunk>        → chunk: 4-byte leaf count, then its levels
//	m <device> <first counter> 0xFFFFFFFF     → top: 4-byte chunk count, then its levels
//	m <device> <first counter> 0xFFFFFFFE     → what the batch's readings share (batch_record.go)
const (
	tableBatchTree = 'm'
	chunkLevels    = 8
	chunkLeaves    = 1 << chunkLevels
	topChunk       = ^uint32(0)
)

// BatchPlace is where a reading sits in the batch that anchored it.
type BatchPlace struct {
	FirstCounter uint64 `json:"first_counter"`
	Index        int64  `json:"index"`
	Total        int64  `json:"total"`
}

// LeafHash is RFC 6962's leaf hash, SHA-256(0x00 ‖ leaf).
func LeafHash(leaf []byte) [32]byte {
	var b [1 + 32]byte
	copy(b[1:], leaf)
	return sha256.Sum256(b[:1+len(leaf)])
}

func innerHash(left, right *[32]byte) [32]byte {
	var b [1 + 64]byte
	b[0] = 1
	copy(b[1:], left[:])
	copy(b[33:], right[:])
	return sha256.Sum256(b[:])
}

// treeLevels returns level 0 (the given hashes) and every level above
// it, up to the single root.
func treeLevels(level0 [][32]byte) [][][32]byte {
	levels := [][][32]byte{level0}
	for cur := level0; len(cur) > 1; {
		next := make([][32]byte, (len(cur)+1)/2)
		for k := range next {
			if 2*k+1 < len(cur) {
				next[k] = innerHash(&cur[2*k], &cur[2*k+1])
			} else {
				next[k] = cur[2*k]
			}
		}
		levels = append(levels, next)
		cur = next
	}
	return levels
}

// encodeLevels: the count of level 0, then every level's hashes.
func encodeLevels(levels [][][32]byte) []byte {
	size := 4
	for _, l := range levels {
		size += 32 * len(l)
	}
	b := binary.BigEndian.AppendUint32(make([]byte, 0, size), uint32(len(levels[0])))
	for _, l := range levels {
		for i := range l {
			b = append(b, l[i][:]...)
		}
	}
	return b
}

// levelNode returns node k of level j in a value encodeLevels wrote,
// and false when that node does not exist.
func levelNode(v []byte, j int, k int64) ([32]byte, bool, error) {
	var h [32]byte
	if len(v) < 4 {
		return h, false, errors.New("batch tree value: truncated")
	}
	size, off := int64(binary.BigEndian.Uint32(v)), int64(4)
	for l := 0; l < j; l++ {
		if size <= 1 {
			return h, false, nil
		}
		off += 32 * size
		size = (size + 1) / 2
	}
	if k < 0 || k >= size {
		return h, false, nil
	}
	at := off + 32*k
	if int64(len(v)) < at+32 {
		return h, false, errors.New("batch tree value: truncated")
	}
	copy(h[:], v[at:at+32])
	return h, true, nil
}

func batchTreeKey(device []byte, firstCounter uint64, chunk uint32) []byte {
	k := append([]byte{tableBatchTree}, device...)
	k = binary.BigEndian.AppendUint64(k, firstCounter)
	return binary.BigEndian.AppendUint32(k, chunk)
}

// BatchTree is the Merkle tree over a batch's leaf hashes, by chunks.
type BatchTree struct {
	chunks [][][][32]byte // each chunk's levels
	top    [][][32]byte   // the levels over the chunks' roots
}

// NewBatchTree builds the tree over leafHashes (LeafHash of each reading's
// struct hash, in counter order; at least one).
func NewBatchTree(leafHashes [][32]byte) *BatchTree {
	t := &BatchTree{}
	var roots [][32]byte
	for c := 0; c*chunkLeaves < len(leafHashes); c++ {
		levels := treeLevels(leafHashes[c*chunkLeaves : min((c+1)*chunkLeaves, len(leafHashes))])
		t.chunks = append(t.chunks, levels)
		roots = append(roots, levels[len(levels)-1][0])
	}
	t.top = treeLevels(roots)
	return t
}

// Root is the tree's root: the batch's Merkle root.
func (t *BatchTree) Root() []byte {
	root := t.top[len(t.top)-1][0]
	return root[:]
}

// putBatchTree stores the tree of device's batch from firstCounter.
func putBatchTree(batch *pebble.Batch, device []byte, firstCounter uint64, tree *BatchTree) error {
	for c, levels := range tree.chunks {
		if err := batch.Set(batchTreeKey(device, firstCounter, uint32(c)), encodeLevels(levels), nil); err != nil {
			return err
		}
	}
	return batch.Set(batchTreeKey(device, firstCounter, topChunk), encodeLevels(tree.top), nil)
}

// treeReader draws proofs from stored batch trees, keeping the values it
// has read for the next reading of the same page.
type treeReader struct {
	db     pebble.Reader
	values map[string][]byte
}

func (t *treeReader) value(key []byte) ([]byte, error) {
	if v, ok := t.values[string(key)]; ok {
		return v, nil
	}
	v, closer, err := t.db.Get(key)
	if err != nil {
		return nil, err
	}
	v = append([]byte(nil), v...)
	closer.Close()
	if t.values == nil {
		t.values = map[string][]byte{}
	}
	t.values[string(key)] = v
	return v, nil
}

// proof is the inclusion proof of the reading at place in device's batch.
func (t *treeReader) proof(device []byte, place BatchPlace) (*merkle.Proof, error) {
	if place.Index < 0 || place.Index >= place.Total {
		return nil, fmt.Errorf("batch place %d of %d", place.Index, place.Total)
	}
	chunk := place.Index / chunkLeaves
	low, err := t.value(batchTreeKey(device, place.FirstCounter, uint32(chunk)))
	if err != nil {
		return nil, fmt.Errorf("batch tree chunk %d of the batch from counter %d: %w", chunk, place.FirstCounter, err)
	}
	top, err := t.value(batchTreeKey(device, place.FirstCounter, topChunk))
	if err != nil {
		return nil, fmt.Errorf("batch tree top of the batch from counter %d: %w", place.FirstCounter, err)
	}
	// The stored tree must be the one the place was written with.
	chunks := (place.Total + chunkLeaves - 1) / chunkLeaves
	if len(low) < 4 || int64(binary.BigEndian.Uint32(low)) != min(chunkLeaves, place.Total-chunk*chunkLeaves) ||
		len(top) < 4 || int64(binary.BigEndian.Uint32(top)) != chunks {
		return nil, fmt.Errorf("batch from counter %d: the stored tree is not of %d readings", place.FirstCounter, place.Total)
	}
	local := place.Index % chunkLeaves
	leaf, ok, err := levelNode(low, 0, local)
	if err != nil {
		return nil, fmt.Errorf("batch from counter %d, leaf %d: %w", place.FirstCounter, place.Index, err)
	} else if !ok {
		return nil, fmt.Errorf("batch from counter %d: no leaf %d", place.FirstCounter, place.Index)
	}
	p := &merkle.Proof{Total: place.Total, Index: place.Index, LeafHash: leaf[:]}
	add := func(v []byte, j int, k int64) error {
		h, ok, err := levelNode(v, j, k^1)
		if ok {
			p.Aunts = append(p.Aunts, h[:])
		}
		return err
	}
	for j := 0; j < chunkLevels; j++ {
		if err := add(low, j, local>>j); err != nil {
			return nil, err
		}
	}
	for j := 0; int64(1)<<j < chunks; j++ {
		if err := add(top, j, chunk>>j); err != nil {
			return nil, err
		}
	}
	return p, nil
}
