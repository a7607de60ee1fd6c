package api

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
