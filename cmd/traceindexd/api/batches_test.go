package api

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/merkle"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/tracechain/tracechain/cmd/traceindexd/follower"
	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/chainaddress"
	"github.com/tracechain/tracechain/x/lib/devicekey"
	"github.com/tracechain/tracechain/x/lib/uploadauth"
)

// anchoredChain is a chain on which some batch headers are anchored; it
// decodes and records readings as the follower's codec does.
type anchoredChain struct {
	*follower.Codec
	anchors map[string]devicetypes.Anchor // device/first counter
}

func (c anchoredChain) Anchor(_ context.Context, device string, counter uint64) (devicetypes.Anchor, bool, error) {
	for _, a := range c.anchors {
		if a.Header.Device == device && a.Header.FirstCounter <= counter && counter <= a.Header.LastCounter {
			return a, true, nil
		}
	}
	return devicetypes.Anchor{}, false, nil
}

// MayUpload lets the test's member account post, nobody else.
func (c anchoredChain) MayUpload(_ context.Context, account string, _ devicetypes.Anchor) error {
	if account != testMember.account() {
		return fmt.Errorf("%w: account %s is not a member of the consortium", ErrUploadForbidden, account)
	}
	return nil
}

// uploader is a member account's key signing batch uploads.
type uploader struct{ key *secp256k1.PrivKey }

var (
	testMember = uploader{secp256k1.GenPrivKeyFromSecret([]byte("member"))}
	stranger   = uploader{secp256k1.GenPrivKeyFromSecret([]byte("stranger"))}
)

func (u uploader) account() string {
	a, err := chainaddress.AccountAddressCodec().BytesToString(u.key.PubKey().Address())
	if err != nil {
		panic(err)
	}
	return a
}

// deviceBatch is a device's batch of n readings from counter 1 and the
// body `tracesigner anchor` writes for it.
func deviceBatch(t testing.TB, n int) (devicetypes.BatchHeader, []byte) {
	t.Helper()
	key, err := devicekey.Generate(devicetypes.KEY_TYPE_SECP256K1)
	require.NoError(t, err)
	readings := make([]devicetypes.Reading, n)
	leaves := make([]devicetypes.Hash, n)
	for i := range readings {
		readings[i] = devicetypes.Reading{
			Device: key.ID(), Counter: uint64(i + 1), DeviceTimeMs: 1_780_000_000_000 + uint64(i)*1000,
			MeasurementType: devicetypes.TemperatureType, Value: fmt.Sprintf("4.%d", i%10), Unit: "CEL",
		}
		leaves[i], err = readings[i].StructHash()
		require.NoError(t, err)
	}
	h := devicetypes.BatchHeader{
		Device: key.ID(), FirstCounter: 1, LastCounter: uint64(n), Count: uint64(n),
		FirstTimeMs: readings[0].DeviceTimeMs, LastTimeMs: readings[n-1].DeviceTimeMs, MerkleRoot: devicetypes.MerkleRoot(leaves),
	}
	require.NoError(t, key.SignBatch(devicetypes.NewDomain("tracechain-test-1"), &h))
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	_, proofs := devicetypes.MerkleProofs(leaves)
	body := struct {
		Header   json.RawMessage   `json:"header"`
		Readings []json.RawMessage `json:"readings"`
		Proofs   []*merkle.Proof   `json:"proofs"` // as the batch file of `tracesigner anchor`
	}{Proofs: proofs}
	body.Header, err = cdc.MarshalJSON(&h)
	require.NoError(t, err)
	for i := range readings {
		bz, err := cdc.MarshalJSON(&readings[i])
		require.NoError(t, err)
		body.Readings = append(body.Readings, bz)
	}
	bz, err := json.Marshal(body)
	require.NoError(t, err)
	return h, bz
}

func batchServer(t testing.TB, anchored ...devicetypes.BatchHeader) http.Handler {
	t.Helper()
	return batchServerWith(t, Limits{}, anchored...)
}

func batchServerWith(t testing.TB, limits Limits, anchored ...devicetypes.BatchHeader) http.Handler {
	t.Helper()
	st, err := store.Open(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	codec, err := follower.NewCodec()
	require.NoError(t, err)
	chain := anchoredChain{Codec: codec, anchors: map[string]devicetypes.Anchor{}}
	for _, h := range anchored {
		chain.anchors[fmt.Sprintf("%s/%d", h.Device, h.FirstCounter)] = devicetypes.Anchor{Header: h, Height: 7}
	}
	s := &Server{Store: st, Progress: fixedProgress{height: 9}, Chain: chain, Uploads: chain, Limits: limits}
	return mustHandler(s)
}

// mustHandler is s's handler with a registry of its own.
func mustHandler(s *Server) http.Handler {
	h, err := s.Handler(prometheus.NewRegistry())
	if err != nil {
		panic(err)
	}
	return h
}

// post uploads body as the test's member, naming the batch of hdr.
func post(h http.Handler, hdr devicetypes.BatchHeader, body []byte) *httptest.ResponseRecorder {
	return testMember.post(h, hdr, "application/json", body)
}

func postAs(h http.Handler, hdr devicetypes.BatchHeader, contentType string, body []byte) *httptest.ResponseRecorder {
	return testMember.post(h, hdr, contentType, body)
}

func (u uploader) post(h http.Handler, hdr devicetypes.BatchHeader, contentType string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/v1/batches", bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if u.key != nil {
		if err := uploadauth.Sign(req, u.key, uploadauth.Batch{Device: hdr.Device, FirstCounter: hdr.FirstCounter}, timeNow()); err != nil {
			panic(err)
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// TestPostedProtobufBatch: the same batch as a BatchContents message is
// stored the same way; bytes that are no such message are a 400.
func TestPostedProtobufBatch(t *testing.T) {
	h, body := deviceBatch(t, 50)
	codec, err := follower.NewCodec()
	require.NoError(t, err)
	bz := asBatchContents(t, codec, h, body)
	var bc devicetypes.BatchContents
	require.NoError(t, bc.Unmarshal(bz))
	srv := batchServer(t, h)
	w := postAs(srv, h, "application/x-protobuf", []byte{0xff, 0x01, 0x02})
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "not a tracechain.device.v1.BatchContents message")
	bc.Readings[7].Value = "9.9"
	changed, err := bc.Marshal()
	require.NoError(t, err)
	w = postAs(srv, h, "application/x-protobuf", changed)
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	w = postAs(srv, h, "application/x-protobuf", bz)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), `"stored":50`)
}

// TestPostedBatchIsServedWithProofs: a batch whose header is anchored is
// stored whole and each reading served with a proof that holds against
// the anchored root; a reading changed, or a batch not anchored, is
// refused and stores nothing.
func TestPostedBatchIsServedWithProofs(t *testing.T) {
	h, body := deviceBatch(t, 300)
	unanchored, other := deviceBatch(t, 5)
	srv := batchServer(t, h)

	changed := bytes.Replace(body, []byte(`"value":"4.3"`), []byte(`"value":"9.3"`), 1)
	require.NotEqual(t, body, changed)
	w := post(srv, h, changed)
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "readings[3] (counter 4): not under the anchored root", "the device's own proofs name the reading changed")
	var fields map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(body, &fields))
	fields["proofs"] = json.RawMessage(`{"total":1}`)
	badProofs, err := json.Marshal(fields)
	require.NoError(t, err)
	w = post(srv, h, badProofs)
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "proofs: ", "the device's proofs must be a list, even when unused")
	w = post(srv, unanchored, other)
	require.Equal(t, http.StatusNotFound, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), unanchored.Device)
	w = get(srv, "/v1/devices/"+h.Device+"/readings")
	require.Contains(t, w.Body.String(), `"readings":[]`, "nothing stored by the refusals")

	w = post(srv, h, body)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), `"stored":300`)

	var page struct {
		Readings []struct {
			Counter    uint64        `json:"counter"`
			StructHash string        `json:"struct_hash"`
			MerkleRoot string        `json:"merkle_root"`
			Proof      *merkle.Proof `json:"proof"`
		} `json:"readings"`
	}
	w = get(srv, "/v1/devices/"+h.Device+"/readings?limit=1000")
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &page))
	require.Len(t, page.Readings, 300)
	for i, r := range page.Readings {
		require.Equal(t, uint64(i+1), r.Counter)
		require.Equal(t, hex.EncodeToString(h.MerkleRoot), r.MerkleRoot)
		leaf, err := hex.DecodeString(r.StructHash)
		require.NoError(t, err)
		require.NoError(t, devicetypes.VerifyInclusion(h.MerkleRoot, r.Proof, devicetypes.Hash(leaf)), "reading %d", r.Counter)
	}
}

// BenchmarkPostBatch10000 posts 10,000-reading batches, as JSON and as
// BatchContents: decoding, hashing, the tree checked against the anchored
// root, proofs, one synced write.
func BenchmarkPostBatch10000(b *testing.B) {
	const n = 10_000
	codec, err := follower.NewCodec()
	require.NoError(b, err)
	for _, format := range []string{"application/json", "application/x-protobuf"} {
		b.Run(format[len("application/"):], func(b *testing.B) {
			var bodies [][]byte
			var headers []devicetypes.BatchHeader
			for range b.N {
				h, body := deviceBatch(b, n)
				if format == "application/x-protobuf" {
					body = asBatchContents(b, codec, h, body)
				}
				headers, bodies = append(headers, h), append(bodies, body)
			}
			srv := batchServer(b, headers...)
			b.ResetTimer()
			for i := range b.N {
				if w := postAs(srv, headers[i], format, bodies[i]); w.Code != http.StatusCreated {
					b.Fatal(w.Body.String())
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "readings/s")
		})
	}
}

// asBatchContents turns a JSON batch body into a BatchContents message.
func asBatchContents(t testing.TB, codec *follower.Codec, h devicetypes.BatchHeader, body []byte) []byte {
	t.Helper()
	var in struct {
		Readings []json.RawMessage `json:"readings"`
	}
	require.NoError(t, json.Unmarshal(body, &in))
	bc := devicetypes.BatchContents{Header: h, Readings: make([]devicetypes.Reading, len(in.Readings))}
	for i, raw := range in.Readings {
		require.NoError(t, codec.DecodeJSON(raw, &bc.Readings[i]))
	}
	bz, err := bc.Marshal()
	require.NoError(t, err)
	return bz
}

func timeNow() time.Time { return time.Now() }
