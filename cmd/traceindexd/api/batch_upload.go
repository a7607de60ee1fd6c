package api

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/uploadauth"
)

// UploadAuthorizer says who may post the contents of an anchored batch.
type UploadAuthorizer interface {
	// MayUpload answers nil if account may post anchor's contents, an
	// error wrapping ErrUploadForbidden saying why not, or another error
	// if the node could not be asked.
	MayUpload(ctx context.Context, account string, anchor devicetypes.Anchor) error
}

// ErrUploadForbidden is an upload by an account that may not post the batch.
var ErrUploadForbidden = errors.New("forbidden")

// postBatch stores a batch's readings after checking every one against
// the root anchored on chain. Everything that does not depend on the
// body — the signature, the member's upload rate, the anchor on chain,
// the member's right to post it — is checked before a byte of it is
// read; the body is then read as a stream, at most as many readings as
// were anchored, within a size bound derived from that count.
func (s *Server) postBatch(c *gin.Context) {
	named, account, err := uploadauth.Verify(c.Request.Header, time.Now())
	if err != nil {
		fail(c, http.StatusUnauthorized, "unauthenticated", err.Error())
		return
	}
	ctx := c.Request.Context()
	anchor, found, err := s.Chain.Anchor(ctx, named.Device, named.FirstCounter)
	if err != nil {
		fail(c, http.StatusBadGateway, "node_unavailable", err.Error())
		return
	}
	if !found || anchor.Header.FirstCounter != named.FirstCounter {
		fail(c, http.StatusNotFound, "not_anchored", fmt.Sprintf("%s: no batch of device %s from counter %d is anchored on chain",
			uploadauth.BatchHeader, named.Device, named.FirstCounter))
		return
	}
	if s.Uploads == nil {
		fail(c, http.StatusForbidden, "forbidden", "this indexer takes no batch uploads")
		return
	}
	if err := s.Uploads.MayUpload(ctx, account, anchor); errors.Is(err, ErrUploadForbidden) {
		fail(c, http.StatusForbidden, "forbidden", err.Error())
		return
	} else if err != nil {
		fail(c, http.StatusBadGateway, "node_unavailable", err.Error())
		return
	}
	// The member's allowance is spent only once it is known to be one: an
	// outsider's attempts cannot exhaust members' allowances (they count
	// against the client's rate like any request).
	if !s.admission.member(c, account) {
		return
	}
	// Uploads hold memory in proportion to their batch: only a few at once.
	release, ok := s.admission.upload(c)
	if !ok {
		return
	}
	defer release()

	// A batch may be large: it gets longer than the server's read and write
	// timeouts (which bound every other request) to arrive and be answered.
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetReadDeadline(time.Now().Add(batchUploadTime))
	_ = rc.SetWriteDeadline(time.Now().Add(batchUploadTime))
	h := anchor.Header
	limit := batchBodyLimit(h.Count)
	if c.Request.ContentLength > limit {
		fail(c, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("body: %d bytes, a batch of %d readings takes at most %d", c.Request.ContentLength, h.Count, limit))
		return
	}
	body := http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	var posted postedBatch
	if isProtobuf(c.ContentType()) {
		posted, err = readBatchProtobuf(body, h.Count)
	} else {
		posted, err = s.readBatchJSON(body, h.Count)
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		fail(c, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("body: a batch of %d readings takes at most %d bytes", h.Count, limit))
		return
	case err != nil:
		fail(c, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	if err := posted.header.Validate(); err != nil {
		fail(c, http.StatusBadRequest, "invalid_body", "header: "+err.Error())
		return
	}
	if posted.header.Device != h.Device || posted.header.FirstCounter != h.FirstCounter ||
		!bytes.Equal(posted.header.MerkleRoot, h.MerkleRoot) || posted.header.Count != h.Count {
		fail(c, http.StatusBadRequest, "invalid_body", "header: differs from the header anchored on chain (and named in "+uploadauth.BatchHeader+")")
		return
	}
	if uint64(posted.count()) != h.Count {
		fail(c, http.StatusBadRequest, "invalid_body", fmt.Sprintf("readings: %d, the anchored batch counts %d", posted.count(), h.Count))
		return
	}
	readings, err := s.decodeReadings(posted)
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	s.storeBatch(c, anchor, readings, posted)
}

// storeBatch checks the readings against the anchored root and stores them.
func (s *Server) storeBatch(c *gin.Context, anchor devicetypes.Anchor, readings []devicetypes.Reading, posted postedBatch) {
	h := anchor.Header
	order := make([]uint64, len(readings)) // counters in the order posted
	for i := range readings {
		order[i] = readings[i].Counter
	}
	slices.SortStableFunc(readings, func(a, b devicetypes.Reading) int { return cmp.Compare(a.Counter, b.Counter) })
	for i := range readings {
		r := &readings[i]
		if r.Counter < h.FirstCounter || r.Counter > h.LastCounter || i > 0 && r.Counter == readings[i-1].Counter {
			fail(c, http.StatusBadRequest, "invalid_body", fmt.Sprintf("readings: counter %d outside %d..%d or repeated", r.Counter, h.FirstCounter, h.LastCounter))
			return
		}
	}
	device, err := devicetypes.ParseAddress("header.device", h.Device)
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
		if id, err := devicetypes.CanonicalAddress("device", r.Device); err != nil || id != h.Device {
			return fmt.Errorf("readings (counter %d): not device %s's", r.Counter, h.Device)
		}
		r.Device = h.Device
		// The leaf does not cover a reading's own signature (the device
		// signed the root in the header): what is stored and served is
		// only what the root proves, so no one can attach another.
		r.Signature = nil
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
	if !bytes.Equal(tree.Root(), h.MerkleRoot) {
		fail(c, http.StatusBadRequest, "invalid_body", notUnderRoot(h, tree.Root(), order, readings, leaves, posted.proofs))
		return
	}
	if err := s.Store.PutBatch(device[:], h.FirstCounter, anchor.Height, tree, readings, leaves); err != nil {
		fail(c, http.StatusInternalServerError, "internal", err.Error())
		return
	}
	s.batchReadings.Add(float64(len(readings)))
	root := hex.EncodeToString(h.MerkleRoot)
	c.JSON(http.StatusCreated, gin.H{"height": heightOf(c), "stored": len(readings), "merkle_root": root, "anchor_height": anchor.Height})
}
