package uploadauth

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/tracechain/tracechain/x/lib/chainaddress"
)

// A signed upload verifies as the signing account; every header altered
// or missing is refused, naming the header.
func TestSignedUploadVerifies(t *testing.T) {
	key := secp256k1.GenPrivKeyFromSecret([]byte("gateway"))
	want, err := chainaddress.AccountAddressCodec().BytesToString(key.PubKey().Address())
	require.NoError(t, err)
	now := time.Unix(1_790_000_000, 0)
	batch := Batch{Device: "0x00000000000000000000000000000000000000aa", FirstCounter: 42}
	signed := func() http.Header {
		req, _ := http.NewRequest(http.MethodPost, "http://indexer/v1/batches", nil)
		require.NoError(t, Sign(req, key, batch, now))
		return req.Header
	}
	got, account, err := Verify(signed(), now.Add(time.Minute))
	require.NoError(t, err)
	require.Equal(t, batch, got)
	require.Equal(t, want, account)

	_, _, err = Verify(http.Header{}, now)
	require.ErrorIs(t, err, ErrUnsigned)
	other := secp256k1.GenPrivKeyFromSecret([]byte("other"))
	for name, tc := range map[string]struct {
		header, value string
		at            time.Time
		blamed        string // the header the error names
	}{
		"another batch":        {BatchHeader, batch.Device + "/43", now, SignatureHeader},
		"batch not named":      {BatchHeader, "nonsense", now, BatchHeader},
		"signed later":         {SignedAtHeader, strconv.FormatInt(now.Unix()+1, 10), now, SignatureHeader},
		"time not a number":    {SignedAtHeader, "yesterday", now, SignedAtHeader},
		"signed long ago":      {"", "", now.Add(MaxSkew + time.Second), SignedAtHeader},
		"signed in the future": {"", "", now.Add(-MaxSkew - time.Second), SignedAtHeader},
		"another key":          {PubKeyHeader, encode(other.PubKey().Bytes()), now, SignatureHeader},
		"key not a key":        {PubKeyHeader, "AAAA", now, PubKeyHeader},
		"signature cut":        {SignatureHeader, "AAAA", now, SignatureHeader},
	} {
		h := signed()
		if tc.header != "" {
			h.Set(tc.header, tc.value)
		}
		_, _, err := Verify(h, tc.at)
		require.Error(t, err, name)
		require.Contains(t, err.Error(), tc.blamed+":", name)
	}
}
