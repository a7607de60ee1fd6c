//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/merkle"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/network"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// TestIndexerServesReadingsAndBatches: readings submitted in transactions
// are indexed from the blocks; a batch's contents posted to the indexer
// are stored only after every leaf checks against the root anchored on
// chain, and come back with their inclusion proofs.
func TestIndexerServesReadingsAndBatches(t *testing.T) {
	ctx := context.Background()
	net, ix := indexedConsortium(t)
	sn := newSensor(t, net)
	sn.submit(3)
	batchFile := sn.anchor(50)
	h, err := net.Height(ctx, "node0")
	require.NoError(t, err)
	ix.waitHeight(h)

	type readingsPage struct {
		Readings []struct {
			Counter    uint64          `json:"counter"`
			StructHash string          `json:"struct_hash"`
			TxHash     string          `json:"tx_hash"`
			MerkleRoot string          `json:"merkle_root"`
			Proof      json.RawMessage `json:"proof"`
		} `json:"readings"`
	}
	path := "/v1/devices/" + sn.deviceID + "/readings?limit=1000"
	var page readingsPage
	require.Equal(t, http.StatusOK, ix.get(path, &page))
	require.Len(t, page.Readings, 3, "the submitted readings, from the blocks")
	require.NotEmpty(t, page.Readings[0].TxHash)

	// Uploads are signed by a member: the gateway that anchored the batch.
	upload := func(body []byte, from string) (string, error) {
		file := filepath.Join(sn.dir, fmt.Sprintf("upload-%d.json", time.Now().UnixNano()))
		require.NoError(t, os.WriteFile(file, body, 0o644))
		out, err := exec.Command(network.SignerBinary(t), "upload", file, "--indexer", "http://"+ix.addr, "--from", from,
			"--home", net.Keyring, "--keyring-backend", "test").CombinedOutput()
		return string(out), err
	}
	batch, err := os.ReadFile(batchFile)
	require.NoError(t, err)
	tampered := regexp.MustCompile(`("value":\s*")4\.7(")`).ReplaceAll(batch, []byte("${1}9.7${2}"))
	require.False(t, bytes.Equal(batch, tampered), "a reading was changed")
	out, err := upload(tampered, "logistics-gateway")
	require.Error(t, err, out)
	require.Contains(t, out, "400 Bad Request")
	require.Contains(t, out, "readings[")
	// An account of another organization (not the device's, not the
	// anchoring gateway) may not post it.
	out, err = upload(batch, "farm-admin")
	require.Error(t, err, out)
	require.Contains(t, out, "403 Forbidden")
	// Unsigned, it is refused before the body is read.
	resp, err := http.Post("http://"+ix.addr+"/v1/batches", "application/json", bytes.NewReader(batch))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	out, err = upload(batch, "logistics-gateway")
	require.NoError(t, err, out)
	require.Contains(t, out, "stored by")

	require.Equal(t, http.StatusOK, ix.get(path, &page))
	require.Len(t, page.Readings, 53)
	proved := 0
	for _, r := range page.Readings {
		if r.MerkleRoot == "" {
			continue
		}
		var p merkle.Proof
		require.NoError(t, json.Unmarshal(r.Proof, &p))
		root, err := hex.DecodeString(r.MerkleRoot)
		require.NoError(t, err)
		leaf, err := hex.DecodeString(r.StructHash)
		require.NoError(t, err)
		require.NoError(t, devicetypes.VerifyInclusion(root, &p, devicetypes.Hash(leaf)), "counter %d", r.Counter)
		proved++
	}
	require.Equal(t, 50, proved, "every batch reading comes with its proof")
	var bad struct{ Code, Message string }
	require.Equal(t, http.StatusBadRequest, ix.get("/v1/devices/0x12/readings", &bad))
	require.Contains(t, bad.Message, "device")
}
