package keeper

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/device/types"
)

// TestVerifiedSignaturesBounded: the cache holds at most its limit,
// forgetting the older generation first, and an entry is found once.
func TestVerifiedSignaturesBounded(t *testing.T) {
	c := newVerifiedSignatures()
	key := func(i int) signatureKey {
		var d types.Hash
		d[0], d[1], d[2] = byte(i), byte(i>>8), byte(i>>16)
		return signatureKeyOf(types.KEY_TYPE_SECP256K1, []byte{2, 1}, [20]byte{}, d, []byte{1})
	}
	for i := range verifiedCacheLimit/2 + 1 {
		c.add(key(i))
	}
	require.True(t, c.take(key(0)), "the older generation is still asked")
	require.False(t, c.take(key(0)), "once")
	for i := verifiedCacheLimit/2 + 1; i < verifiedCacheLimit+10; i++ {
		c.add(key(i))
	}
	require.LessOrEqual(t, c.len(), verifiedCacheLimit)
	require.False(t, c.take(key(1)), "the oldest generation was forgotten")
	require.True(t, c.take(key(verifiedCacheLimit+9)))
	require.NotEqual(t, signatureKeyOf(types.KEY_TYPE_SECP256K1, []byte{2, 1}, [20]byte{}, types.Hash{}, []byte{1}),
		signatureKeyOf(types.KEY_TYPE_P256, []byte{2, 1}, [20]byte{}, types.Hash{}, []byte{1}), "every input is in the key")
}
