// Package indexerclient is the device side's client of traceindexd's
// REST API: the upload of a batch's contents, which the indexer stores
// only if every reading is under the root anchored on chain. `tracesigner
// upload` and the batch load driver both use it.
package indexerclient

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/tracechain/tracechain/x/lib/uploadauth"
)

// The content types of a batch upload.
const (
	ContentJSON     = "application/json"
	ContentProtobuf = "application/x-protobuf"
)

// noRedirects sends the signed headers only where they were meant for:
// a redirect is answered as the error it is, never followed.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Upload posts one batch — JSON as `tracesigner anchor` writes it, or a
// BatchContents message — to the indexer, signed by a member account
// (the gateway that anchored it, or a member of the device's
// organization). The indexer stores it only if every reading is under the
// root anchored on chain. A 429 is waited out as its Retry-After says,
// as long as ctx allows.
func Upload(ctx context.Context, indexer string, signer uploadauth.Signer, batch uploadauth.Batch, body []byte, contentType string) error {
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, indexer+"/v1/batches", bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", contentType)
		if err := uploadauth.Sign(req, signer, batch, time.Now()); err != nil {
			return err
		}
		resp, err := noRedirects.Do(req)
		if err != nil {
			return err
		}
		answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusCreated:
			return nil
		case http.StatusTooManyRequests:
			wait, err := strconv.Atoi(resp.Header.Get("Retry-After"))
			if err != nil || wait < 1 {
				wait = 1
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("indexer answered %s: %s (%w)", resp.Status, answer, ctx.Err())
			case <-time.After(time.Duration(wait) * time.Second):
			}
		default:
			return fmt.Errorf("indexer answered %s: %s", resp.Status, answer)
		}
	}
}
