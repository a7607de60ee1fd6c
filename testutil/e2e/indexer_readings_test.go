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
	"strings"
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
	node := ix.node

	signer := network.SignerBinary(t)
	dir := t.TempDir()
	run := func(args ...string) string {
		out, err := exec.Command(signer, args...).CombinedOutput()
		require.NoError(t, err, "tracesigner %v:\n%s", args, out)
		return string(out)
	}
	chainFlags := []string{"--chain-id", net.ChainID}
	key := filepath.Join(dir, "sensor.json")
	run("keygen", "--curve", "secp256k1", "--out", key)
	const org = "91350400MA2XY00444"
	reg := run(append([]string{"register", "--key", key, "--org", org}, chainFlags...)...)
	pop := regexp.MustCompile(`proof of possession ([0-9a-f]+)`).FindStringSubmatch(reg)[1]
	var kf struct {
		DeviceID  string `json:"device_id"`
		PublicKey string `json:"public_key"`
	}
	bz, err := os.ReadFile(key)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(bz, &kf))
	res, err := net.Tx(ctx, "logistics-admin", "device", "register", org, "sensor", "TL-200", strings.Repeat("ab", 32), "secp256k1", kf.PublicKey, pop)
	requireCommitted(t, res, err)

	sign := func(n int) string {
		var lines []string
		for i := range n {
			lines = append(lines, run(append([]string{"sign", "--key", key, "--value", fmt.Sprintf("4.%d", i)}, chainFlags...)...))
		}
		path := filepath.Join(dir, fmt.Sprintf("readings-%d.jsonl", time.Now().UnixNano()))
		require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644))
		return path
	}
	nodeFlags := append([]string{"--node", node, "--home", net.Keyring, "--keyring-backend", "test"}, chainFlags...)
	run(append([]string{"submit", sign(3), "--from", "logistics-gateway"}, nodeFlags...)...)
	batchFile := filepath.Join(dir, "batch.json")
	out := run(append([]string{"anchor", sign(50), "--key", key, "--out", batchFile, "--submit", "--from", "logistics-gateway"}, nodeFlags...)...)
	require.Contains(t, out, "anchored at height")
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
	path := "/v1/devices/" + kf.DeviceID + "/readings?limit=1000"
	var page readingsPage
	require.Equal(t, http.StatusOK, ix.get(path, &page))
	require.Len(t, page.Readings, 3, "the submitted readings, from the blocks")
	require.NotEmpty(t, page.Readings[0].TxHash)

	// Uploads are signed by a member: the gateway that anchored the batch.
	upload := func(body []byte, from string) (string, error) {
		file := filepath.Join(dir, fmt.Sprintf("upload-%d.json", time.Now().UnixNano()))
		require.NoError(t, os.WriteFile(file, body, 0o644))
		out, err := exec.Command(signer, "upload", file, "--indexer", "http://"+ix.addr, "--from", from,
			"--home", net.Keyring, "--keyring-backend", "test").CombinedOutput()
		return string(out), err
	}
	batch, err := os.ReadFile(batchFile)
	require.NoError(t, err)
	tampered := regexp.MustCompile(`("value":\s*")4\.7(")`).ReplaceAll(batch, []byte("${1}9.7${2}"))
	require.False(t, bytes.Equal(batch, tampered), "a reading was changed")
	out, err = upload(tampered, "logistics-gateway")
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
