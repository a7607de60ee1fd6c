package types

import (
	"fmt"

	"github.com/cometbft/cometbft/crypto/merkle"
)

// A batch's Merkle tree is CometBFT's RFC 6962 tree (SHA-256, leaf and
// inner nodes domain-separated) over the readings' EIP-712 struct hashes
// in counter order. Proofs are CometBFT merkle.Proof values, so any
// CometBFT client can check them.

func leafBytes(leaves []Hash) [][]byte {
	items := make([][]byte, len(leaves))
	for i := range leaves {
		items[i] = leaves[i][:]
	}
	return items
}

// MerkleRoot is the root over leaves.
func MerkleRoot(leaves []Hash) []byte {
	return merkle.HashFromByteSlices(leafBytes(leaves))
}

// MerkleProofs returns the root and one inclusion proof per leaf.
func MerkleProofs(leaves []Hash) ([]byte, []*merkle.Proof) {
	return merkle.ProofsFromByteSlices(leafBytes(leaves))
}

// VerifyInclusion checks that leaf sits at proof.Index of the tree with
// root. A proof without its leaf hash is completed from the leaf.
func VerifyInclusion(root []byte, proof *merkle.Proof, leaf Hash) error {
	if proof == nil {
		return fmt.Errorf("no proof")
	}
	p := *proof
	if len(p.LeafHash) == 0 {
		p.LeafHash = merkleLeafHash(leaf)
	}
	if err := p.ValidateBasic(); err != nil {
		return fmt.Errorf("proof: %w", err)
	}
	return p.Verify(root, leaf[:])
}

// merkleLeafHash is RFC 6962's leaf hash, SHA-256(0x00 ‖ leaf).
func merkleLeafHash(leaf Hash) []byte {
	return merkle.HashFromByteSlices([][]byte{leaf[:]})
}
