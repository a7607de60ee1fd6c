package store

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
	"github.com/cometbft/cometbft/crypto/merkle"
	"github.com/stretchr/testify/require"
)

// TestBatchTreeProofsAreCometBFTs: every proof drawn from a stored batch
// tree is the proof CometBFT's merkle package makes for that leaf, for
// batches of every size up to a few chunks and some larger ones.
func TestBatchTreeProofsAreCometBFTs(t *testing.T) {
	db, err := pebble.Open("", &pebble.Options{FS: vfs.NewMem()})
	require.NoError(t, err)
	defer db.Close()
	rng := rand.New(rand.NewPCG(7, 8))
	device := make([]byte, 20)
	sizes := []int{chunkLeaves - 1, chunkLeaves, chunkLeaves + 1, 3*chunkLeaves + 5, 4 * chunkLeaves, 10_000, 70_001}
	for n := 1; n <= 40; n++ {
		sizes = append(sizes, n)
	}
	for batchNo, n := range sizes {
		first := uint64(1 + batchNo*100_000)
		items := make([][]byte, n)
		leafHashes := make([][32]byte, n)
		for i := range items {
			leaf := sha256.Sum256(binary.BigEndian.AppendUint64(nil, rng.Uint64()))
			items[i] = leaf[:]
			leafHashes[i] = LeafHash(leaf[:])
		}
		root, want := merkle.ProofsFromByteSlices(items)
		tree := NewBatchTree(leafHashes)
		require.Equal(t, root, tree.Root(), "batch of %d", n)
		batch := db.NewBatch()
		require.NoError(t, putBatchTree(batch, device, first, tree))
		require.NoError(t, batch.Commit(pebble.Sync))

		trees := treeReader{db: db}
		check := func(i int) {
			got, err := trees.proof(device, BatchPlace{FirstCounter: first, Index: int64(i), Total: int64(n)})
			require.NoError(t, err, "batch of %d, leaf %d", n, i)
			require.Equal(t, want[i].Total, got.Total)
			require.Equal(t, want[i].Index, got.Index)
			require.Equal(t, want[i].LeafHash, got.LeafHash, "batch of %d, leaf %d", n, i)
			if n == 1 {
				require.Empty(t, got.Aunts, "a batch of one: the leaf is the root")
			} else {
				require.Equal(t, want[i].Aunts, got.Aunts, "batch of %d, leaf %d", n, i)
			}
			require.NoError(t, got.Verify(root, items[i]))
		}
		if n <= 4*chunkLeaves {
			for i := range n {
				check(i)
			}
		} else {
			for range 500 {
				check(rng.IntN(n))
			}
			check(0)
			check(n - 1)
		}
	}
}

// A place outside its batch, or a batch with no stored tree, is an error,
// not a wrong proof.
func TestBatchTreeRefusesWhatItDoesNotHold(t *testing.T) {
	db, err := pebble.Open("", &pebble.Options{FS: vfs.NewMem()})
	require.NoError(t, err)
	defer db.Close()
	device := make([]byte, 20)
	leaf := sha256.Sum256([]byte("x"))
	batch := db.NewBatch()
	require.NoError(t, putBatchTree(batch, device, 1, NewBatchTree([][32]byte{LeafHash(leaf[:]), LeafHash(leaf[:])})))
	require.NoError(t, batch.Commit(pebble.Sync))
	trees := treeReader{db: db}
	_, err = trees.proof(device, BatchPlace{FirstCounter: 1, Index: 2, Total: 2})
	require.Error(t, err)
	_, err = trees.proof(device, BatchPlace{FirstCounter: 1, Index: 1, Total: 3})
	require.Error(t, err, "a leaf the stored tree does not have")
	_, err = trees.proof(device, BatchPlace{FirstCounter: 5, Index: 0, Total: 2})
	require.ErrorIs(t, err, pebble.ErrNotFound)
}
