package store

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/cometbft/cometbft/crypto/merkle"
	"github.com/stretchr/testify/require"
)

// TestRecordsAreWhatEncodingJSONWrites: the hand-written encodings of
// reading records and proofs are json.Marshal's bytes.
func TestRecordsAreWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	strs := []string{"", "0xab", `q"uo\te`, "<&>", "温度\u2028", "ctl\x01", "bad\xfe"}
	pick := func() string { return strs[rng.IntN(len(strs))] }
	for i := range 2000 {
		items := make([][]byte, 1+rng.IntN(40))
		for j := range items {
			items[j] = []byte(pick())
		}
		_, proofs := merkle.ProofsFromByteSlices(items)
		p := proofs[rng.IntN(len(proofs))]
		if rng.IntN(5) == 0 {
			p.LeafHash = nil
		}
		want, err := json.Marshal(p)
		require.NoError(t, err)
		require.Equal(t, string(want), string(ProofJSON(p)), "proof %d", i)

		r := Reading{
			Device: pick(), Counter: rng.Uint64(), TimeMs: rng.Uint64(), StructHash: pick(), Height: rng.Int64() - rng.Int64(),
			TxHash: pick(), MerkleRoot: pick(),
		}
		if rng.IntN(4) > 0 {
			r.Reading = json.RawMessage(`{"device":"0xab","counter":"5"}`)
		}
		if rng.IntN(2) == 0 {
			r.Proof = ProofJSON(p)
		}
		if rng.IntN(2) == 0 {
			r.Batch = &BatchPlace{FirstCounter: rng.Uint64(), Index: rng.Int64(), Total: rng.Int64() - rng.Int64()}
		}
		want, err = json.Marshal(r)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendRecord(nil, &r)), "record %d", i)
	}
}
