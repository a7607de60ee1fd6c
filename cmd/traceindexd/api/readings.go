package api

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cometbft/cometbft/crypto/merkle"
	"github.com/gin-gonic/gin"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// Chain is what the REST server asks the node and the codec.
type Chain interface {
	Anchor(ctx context.Context, device string, counter uint64) (devicetypes.Anchor, bool, error)
	DecodeJSON(bz []byte, into interface{ ProtoMessage() }) error
}

// maxBatchBody bounds a posted batch (a million readings of ~250 bytes).
const (
	maxBatchBody     = 256 << 20
	maxBatchReadings = 1_000_000
	// batchUploadTime is how long a batch upload may take, upload and
	// answer included.
	batchUploadTime = 10 * time.Minute
)

// readings: /v1/devices/:device/readings?from_ms=&to_ms=&page_token=&limit=
func (s *Server) readings(c *gin.Context) {
	height := heightOf(c)
	device, err := devicetypes.ParseAddress("device", c.Param("id"))
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_parameter", err.Error())
		return
	}
	from, err := intParam(c, "from_ms", 0, 1<<62)
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_parameter", err.Error())
		return
	}
	to, err := intParam(c, "to_ms", 1<<62, 1<<62)
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_parameter", err.Error())
		return
	}
	if to < from {
		fail(c, http.StatusBadRequest, "invalid_parameter", "to_ms: before from_ms")
		return
	}
	limit, err := intParam(c, "limit", 100, maxLimit)
	if err != nil || limit == 0 {
		fail(c, http.StatusBadRequest, "invalid_parameter", fmt.Sprintf("limit: a whole number from 1 to %d", maxLimit))
		return
	}
	rs, next, err := s.Store.Readings(device[:], uint64(from), uint64(to), c.Query("page_token"), int(limit))
	if errors.Is(err, store.ErrBadPageToken) {
		fail(c, http.StatusBadRequest, "invalid_parameter", "page_token: "+err.Error())
		return
	} else if err != nil {
		fail(c, http.StatusInternalServerError, "internal", err.Error())
		return
	}
	if rs == nil {
		rs = []store.Reading{}
	}
	c.JSON(http.StatusOK, gin.H{"height": height, "device": devicetypes.FormatAddress(device), "readings": rs, "next_page_token": next})
}

// batchBody is what `tracesigner anchor` writes: the header and the
// readings (its proofs are not trusted: the index computes its own).
type batchBody struct {
	Header   json.RawMessage   `json:"header"`
	Readings []json.RawMessage `json:"readings"`
	// The proofs the device made, in the order of the readings: never
	// trusted, only decoded to name the reading at fault when the tree
	// does not have the anchored root.
	Proofs json.RawMessage `json:"proofs"`
}

// protobufTypes are the Content-Types of a batch sent as a
// tracechain.device.v1.BatchContents message.
var protobufTypes = []string{"application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf"}

// decodeBatch reads a posted batch — JSON as `tracesigner anchor` writes
// it, or a BatchContents protobuf message — into its header, the number
// of readings, and a function that decodes them (after the header has
// been checked against the chain, so that a stray batch costs little).
func (s *Server) decodeBatch(contentType string, body []byte) (devicetypes.BatchHeader, int, func() ([]devicetypes.Reading, error), json.RawMessage, error) {
	if slices.Contains(protobufTypes, contentType) {
		var bc devicetypes.BatchContents
		if err := bc.Unmarshal(body); err != nil {
			return bc.Header, 0, nil, nil, fmt.Errorf("body: not a tracechain.device.v1.BatchContents message: %w", err)
		}
		return bc.Header, len(bc.Readings), func() ([]devicetypes.Reading, error) { return bc.Readings, nil }, nil, nil
	}
	var in batchBody
	var h devicetypes.BatchHeader
	if err := json.Unmarshal(body, &in); err != nil {
		return h, 0, nil, nil, fmt.Errorf("body: %w", err)
	}
	if err := s.Chain.DecodeJSON(in.Header, &h); err != nil {
		return h, 0, nil, nil, fmt.Errorf("header: %w", err)
	}
	// The proofs are decoded only if the root does not match; their kind
	// is checked now, so that a malformed field is refused either way.
	if p := bytes.TrimSpace(in.Proofs); len(p) > 0 && p[0] != '[' && !bytes.Equal(p, []byte("null")) {
		return h, 0, nil, nil, fmt.Errorf("proofs: %.20s… is not a list of proofs", p)
	}
	// Decoding a reading is much of a batch's work: it is spread over the
	// cores, each reading written only by its own worker.
	return h, len(in.Readings), func() ([]devicetypes.Reading, error) {
		readings := make([]devicetypes.Reading, len(in.Readings))
		return readings, inParallel(len(readings), func(i int) error {
			if err := s.Chain.DecodeJSON(in.Readings[i], &readings[i]); err != nil {
				return fmt.Errorf("readings[%d]: %w", i, err)
			}
			return nil
		})
	}, in.Proofs, nil
}

// postBatch stores a batch's readings after checking every one against
// the root anchored on chain.
func (s *Server) postBatch(c *gin.Context) {
	// A batch may be large: it gets longer than the server's read and write
	// timeouts (which bound every other request) to arrive and be answered.
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetReadDeadline(time.Now().Add(batchUploadTime))
	_ = rc.SetWriteDeadline(time.Now().Add(batchUploadTime))
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBatchBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		fail(c, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("body: above %d bytes", maxBatchBody))
		return
	case err != nil:
		fail(c, http.StatusBadRequest, "invalid_body", "body: unreadable: "+err.Error())
		return
	}
	h, count, decodeReadings, supplied, err := s.decodeBatch(c.ContentType(), body)
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	if err := h.Validate(); err != nil {
		fail(c, http.StatusBadRequest, "invalid_body", "header: "+err.Error())
		return
	}
	if count == 0 || count > maxBatchReadings || uint64(count) != h.Count {
		fail(c, http.StatusBadRequest, "invalid_body", fmt.Sprintf("readings: %d, the header counts %d", count, h.Count))
		return
	}
	anchor, found, err := s.Chain.Anchor(c.Request.Context(), h.Device, h.FirstCounter)
	if err != nil {
		fail(c, http.StatusBadGateway, "node_unavailable", err.Error())
		return
	}
	if !found || anchor.Header.FirstCounter != h.FirstCounter {
		fail(c, http.StatusNotFound, "not_anchored", fmt.Sprintf("header: no batch of device %s from counter %d is anchored on chain", h.Device, h.FirstCounter))
		return
	}
	if !bytes.Equal(anchor.Header.MerkleRoot, h.MerkleRoot) || anchor.Header.Count != h.Count {
		fail(c, http.StatusBadRequest, "invalid_body", "header: differs from the header anchored on chain")
		return
	}
	readings, err := decodeReadings()
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	posted := make([]uint64, len(readings)) // counters in the order posted
	for i := range readings {
		posted[i] = readings[i].Counter
	}
	slices.SortStableFunc(readings, func(a, b devicetypes.Reading) int { return cmp.Compare(a.Counter, b.Counter) })
	for i := range readings {
		r := &readings[i]
		if r.Counter < h.FirstCounter || r.Counter > h.LastCounter || i > 0 && r.Counter == readings[i-1].Counter {
			fail(c, http.StatusBadRequest, "invalid_body", fmt.Sprintf("readings: counter %d outside %d..%d or repeated", r.Counter, h.FirstCounter, h.LastCounter))
			return
		}
	}
	device, err := devicetypes.ParseAddress("header.device", anchor.Header.Device)
	if err != nil {
		fail(c, http.StatusBadGateway, "node_unavailable", "anchor: "+err.Error())
		return
	}
	// Each reading's struct hash is its leaf; the readings are stored with
	// it, in the device's canonical form, as the chain hashed them.
	leaves := make([]devicetypes.Hash, len(readings))
	leafHashes := make([][32]byte, len(readings))
	if err := inParallel(len(readings), func(i int) error {
		r := &readings[i]
		if id, err := devicetypes.CanonicalAddress("device", r.Device); err != nil || id != anchor.Header.Device {
			return fmt.Errorf("readings (counter %d): not device %s's", r.Counter, anchor.Header.Device)
		}
		r.Device = anchor.Header.Device
		var err error
		if leaves[i], err = r.StructHash(); err != nil {
			return fmt.Errorf("readings (counter %d): %w", r.Counter, err)
		}
		leafHashes[i] = store.LeafHash(leaves[i][:])
		return nil
	}); err != nil {
		fail(c, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	// The readings' own tree must have the anchored root: then every proof
	// drawn from it holds against the root on chain.
	tree := store.NewBatchTree(leafHashes)
	if !bytes.Equal(tree.Root(), anchor.Header.MerkleRoot) {
		fail(c, http.StatusBadRequest, "invalid_body", notUnderRoot(anchor.Header, tree.Root(), posted, readings, leaves, supplied))
		return
	}
	if err := s.Store.PutBatch(device[:], h.FirstCounter, anchor.Height, tree, readings, leaves); err != nil {
		fail(c, http.StatusInternalServerError, "internal", err.Error())
		return
	}
	root := hex.EncodeToString(anchor.Header.MerkleRoot)
	c.JSON(http.StatusCreated, gin.H{"height": heightOf(c), "stored": len(readings), "merkle_root": root, "anchor_height": anchor.Height})
}

// notUnderRoot says why a batch's readings do not give the anchored root,
// naming the first reading (in the order posted) whose leaf does not hold
// under the root with the proof the device made, when proofs came along.
func notUnderRoot(h devicetypes.BatchHeader, computed []byte, posted []uint64, sorted []devicetypes.Reading, leaves []devicetypes.Hash, suppliedJSON json.RawMessage) string {
	var supplied []*merkle.Proof
	if len(suppliedJSON) > 0 && json.Unmarshal(suppliedJSON, &supplied) == nil && len(supplied) == len(posted) {
		for i, counter := range posted {
			j, _ := slices.BinarySearchFunc(sorted, counter, func(r devicetypes.Reading, c uint64) int { return cmp.Compare(r.Counter, c) })
			if supplied[i] == nil || devicetypes.VerifyInclusion(h.MerkleRoot, supplied[i], leaves[j]) != nil {
				return fmt.Sprintf("readings[%d] (counter %d): not under the anchored root %x: it differs from what device %s signed",
					i, counter, h.MerkleRoot, h.Device)
			}
		}
	}
	return fmt.Sprintf("readings: not under the anchored root %x (they give %x): a reading differs from what device %s signed, or one is missing",
		h.MerkleRoot, computed, h.Device)
}

// inParallel runs work(0..n-1) over the cores, each index once; the first
// error stops the rest and is returned.
func inParallel(n int, work func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := work(i); err != nil {
					errs[w] = err
					next.Store(int64(n)) // the others stop too
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
