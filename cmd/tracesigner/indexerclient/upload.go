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
)

// The content types of a batch upload.
const (
	ContentJSON     = "application/json"
	ContentProtobuf = "application/x-protobuf"
)

// Upload posts one batch — JSON as `tracesigner anchor` writes it, or a
// BatchContents message — to the indexer, which stores it only if every
// reading is under the root anchored on chain.
func Upload(ctx context.Context, indexer string, body []byte, contentType string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, indexer+"/v1/batches", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("indexer answered %s: %s", resp.Status, answer)
	}
	return nil
}
