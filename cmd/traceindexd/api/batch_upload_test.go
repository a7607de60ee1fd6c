package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/uploadauth"
)

// Only a member may post a batch's contents, signing the upload; every
// refusal says why and stores nothing.
func TestBatchUploadIsSignedByAMember(t *testing.T) {
	h, body := deviceBatch(t, 20)
	h2, body2 := deviceBatch(t, 20)
	unanchored, _ := deviceBatch(t, 20)
	srv := batchServer(t, h, h2)

	w := uploader{}.post(srv, h, "application/json", body)
	require.Equal(t, http.StatusUnauthorized, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), uploadauth.SignatureHeader)
	w = stranger.post(srv, h, "application/json", body)
	require.Equal(t, http.StatusForbidden, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "not a member")
	w = post(srv, unanchored, body)
	require.Equal(t, http.StatusNotFound, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "not_anchored")
	w = post(srv, h, body2)
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "differs from the header anchored on chain")
	for _, hd := range []devicetypes.BatchHeader{h, h2} {
		require.Contains(t, get(srv, "/v1/devices/"+hd.Device+"/readings").Body.String(), `"readings":[]`, "nothing stored by the refusals")
	}
	// A signature attached to a reading is not what the root proves: it is
	// never stored, so no uploader can put words in the device's mouth.
	forged := bytes.ReplaceAll(body2, []byte(`"unit":"CEL"`), []byte(`"unit":"CEL","signature":"Zm9yZ2Vk"`))
	require.NotEqual(t, body2, forged)
	w = post(srv, h2, forged)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), `"stored":20`)
	served := get(srv, "/v1/devices/"+h2.Device+"/readings?limit=100").Body.String()
	require.Contains(t, served, `"counter":"20"`)
	require.NotContains(t, served, "Zm9yZ2Vk")
}

// chunked hides a body's length, as a client streaming it would.
type chunked struct{ io.Reader }

// A posted body is read only up to what the anchored batch can take: a
// flood of empty readings (2 bytes each in protobuf, the issue's ×456
// allocation) or one reading too many is refused at once, announced
// (413 before reading) or streamed (400 at the first reading too many),
// within a small allocation.
func TestBatchBodyIsBoundedByTheAnchoredCount(t *testing.T) {
	h, body := deviceBatch(t, 5)
	srv := batchServer(t, h)
	hdr, err := h.Marshal()
	require.NoError(t, err)
	flood := protowire.AppendVarint([]byte{0x0a}, uint64(len(hdr)))
	flood = append(flood, hdr...)
	flood = append(flood, bytes.Repeat([]byte{0x12, 0x00}, 8<<20)...) // 8 Mi empty readings, 16 MiB

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	w := postAs(srv, h, "application/x-protobuf", flood)
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "a batch of 5 readings takes at most")

	req := httptest.NewRequest(http.MethodPost, "/v1/batches", chunked{bytes.NewReader(flood)})
	req.Header.Set("Content-Type", "application/x-protobuf")
	require.NoError(t, uploadauth.Sign(req, testMember.key, uploadauth.Batch{Device: h.Device, FirstCounter: h.FirstCounter}, timeNow()))
	w = httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	runtime.ReadMemStats(&after)
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), errTooManyReadings.Error())
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<20), "the refused floods allocated %d bytes", after.TotalAlloc-before.TotalAlloc)

	// JSON: one reading more than anchored.
	six := bytes.Replace(body, []byte(`"readings":[`), []byte(`"readings":[{},`), 1)
	w = post(srv, h, six)
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), errTooManyReadings.Error())
	// and one too few
	var fields map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(body, &fields))
	var readings []json.RawMessage
	require.NoError(t, json.Unmarshal(fields["readings"], &readings))
	fields["readings"], err = json.Marshal(readings[:4])
	require.NoError(t, err)
	four, err := json.Marshal(fields)
	require.NoError(t, err)
	w = post(srv, h, four)
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "readings: 4, the anchored batch counts 5")
	// A body cut short, or with a key no batch has, is refused.
	w = post(srv, h, body[:len(body)-1])
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), "not closed")
	w = post(srv, h, bytes.Replace(body, []byte(`"readings":[`), []byte(`"extra":1,"readings":[`), 1))
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), `extra\" is not a key of a batch`)
	require.Contains(t, get(srv, "/v1/devices/"+h.Device+"/readings").Body.String(), `"readings":[]`)
}

// Each member's uploads are rate-limited, refused or not: the 429 says
// when to come back. Outsiders' attempts spend no member's allowance.
func TestBatchUploadsAreRateLimitedPerMember(t *testing.T) {
	h, _ := deviceBatch(t, 3)
	srv := batchServerWith(t, Limits{UploadRate: 0.5, UploadBurst: 2}, h)
	for range 5 {
		require.Equal(t, http.StatusForbidden, stranger.post(srv, h, "application/json", nil).Code)
	}
	for range 2 {
		require.Equal(t, http.StatusBadRequest, post(srv, h, nil).Code)
	}
	w := post(srv, h, nil)
	require.Equal(t, http.StatusTooManyRequests, w.Code, w.Body.String())
	retry, err := strconv.Atoi(w.Header().Get("Retry-After"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, retry, 1)
	require.Contains(t, w.Body.String(), testMember.account())
}
