//go:build e2e

package e2e

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/subscribe"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/network"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// snippetBlock finds a fenced block marked <!-- snippet: NAME -->.
var snippetBlock = regexp.MustCompile("(?s)<!-- snippet: ([a-z0-9.-]+) -->\n```[a-z]*\n(.*?)```")

func clientsDir() string {
	if d := os.Getenv("CLIENTS_DIR"); d != "" {
		return d
	}
	return "../../scripts/clients"
}

// runSnippet writes a docs/CLIENTS.md snippet beside scripts/clients'
// node_modules and runs it with env; it returns stdout and stderr.
func runSnippet(t *testing.T, name string, env ...string) (string, string) {
	t.Helper()
	doc, err := os.ReadFile("../../docs/CLIENTS.md")
	require.NoError(t, err)
	snippets := map[string]string{}
	for _, m := range snippetBlock.FindAllStringSubmatch(string(doc), -1) {
		snippets[m[1]] = m[2]
	}
	code, ok := snippets[name]
	require.True(t, ok, "docs/CLIENTS.md has a snippet %s", name)
	dir := clientsDir()
	_, err = os.Stat(filepath.Join(dir, "node_modules"))
	require.NoError(t, err, "the snippets' libraries are installed by `make test-e2e` (npm ci in scripts/clients)")
	file := filepath.Join(dir, ".snippet-"+name)
	require.NoError(t, os.WriteFile(file, []byte(code), 0o600))
	t.Cleanup(func() { os.Remove(file) })
	cmd := exec.Command("node", filepath.Base(file))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s: %s", name, stderr.String())
	return stdout.String(), stderr.String()
}

// TestClientGuideSnippets runs every snippet of docs/CLIENTS.md and checks
// what it produced with the chain's own code, or on a running chain.
func TestClientGuideSnippets(t *testing.T) {
	t.Run("webhook signature", func(t *testing.T) {
		body := []byte(`{"type":"EPCISQueryDocument","epcisBody":{}}`)
		file := filepath.Join(t.TempDir(), "body.json")
		require.NoError(t, os.WriteFile(file, body, 0o600))
		sig := subscribe.Signature("the-token", body)
		out, _ := runSnippet(t, "verify-signature.mjs", "BODY_FILE="+file, "SECRET=the-token", "SIGNATURE="+sig)
		require.Equal(t, "valid", strings.TrimSpace(out))
		out, _ = runSnippet(t, "verify-signature.mjs", "BODY_FILE="+file, "SECRET=another-token", "SIGNATURE="+sig)
		require.Equal(t, "forged", strings.TrimSpace(out))
	})

	t.Run("EIP-712 readings with ethers", func(t *testing.T) {
		const chainID, org = "tracechain-guide-1", "91350400MA2XY00444"
		const key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
		out, errOut := runSnippet(t, "sign-readings.mjs", "CHAIN_ID="+chainID, "DEVICE_KEY=0x"+key, "OWNER_ORG="+org)
		dir := t.TempDir()
		readings := filepath.Join(dir, "readings.jsonl")
		require.NoError(t, os.WriteFile(readings, []byte(out), 0o600))

		// The proof of possession, checked as MsgRegisterDevice checks it.
		var reg struct{ Device, PublicKey, ProofOfPossession string }
		require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(errOut)), &reg))
		pubBytes, err := hex.DecodeString(reg.PublicKey)
		require.NoError(t, err)
		pub, err := devicetypes.ParsePublicKey(devicetypes.KEY_TYPE_SECP256K1, pubBytes)
		require.NoError(t, err)
		require.Equal(t, reg.Device, devicetypes.FormatAddress(pub.Address()))
		pop, err := hex.DecodeString(reg.ProofOfPossession)
		require.NoError(t, err)
		domain := devicetypes.NewDomain(chainID)
		require.NoError(t, pub.Verify(domain.Digest(devicetypes.RegistrationHash(pub.Address(), chainID, org)), pop))
		require.Error(t, pub.Verify(domain.Digest(devicetypes.RegistrationHash(pub.Address(), chainID, "another org")), pop))

		// The readings, anchored and verified by tracesigner with the chain's code.
		keyFile := filepath.Join(dir, "device.json")
		require.NoError(t, os.WriteFile(keyFile, fmt.Appendf(nil,
			`{"curve":"secp256k1","private_key":%q,"device_id":%q,"public_key":%q,"account":"","counter":2}`, key, reg.Device, reg.PublicKey), 0o600))
		signer := network.SignerBinary(t)
		batch := filepath.Join(dir, "batch.json")
		res, err := exec.Command(signer, "anchor", readings, "--key", keyFile, "--out", batch, "--chain-id", chainID).CombinedOutput()
		require.NoError(t, err, string(res))
		res, err = exec.Command(signer, "verify", "--batch", batch, "--all").CombinedOutput()
		require.NoError(t, err, string(res))
		require.Contains(t, string(res), "OK: 2 reading(s) verified")
	})

	t.Run("CosmJS capture, unordered, through Comet38Client", func(t *testing.T) {
		net := consortiumNet(t, 1)
		keyHex, err := net.CLI(t.Context(), "keys", "export", "farm-operator", "--unarmored-hex", "--unsafe", "--yes", "--keyring-backend", "test")
		require.NoError(t, err)
		doc := epcisbuild.Document(epcisbuild.NewClock(time.Now().Add(-time.Hour)).New("ObjectEvent", "ADD").BizStep("commissioning").
			Qty(epcisbuild.Quantity{Class: "urn:epc:class:lgtin:6901234.012345.COSMJS1", Amount: "3", UOM: "KGM"}))
		docFile := filepath.Join(t.TempDir(), "doc.jsonld")
		require.NoError(t, os.WriteFile(docFile, doc, 0o600))
		rpc := strings.Replace(net.Node("node0").RPC, "tcp://", "http://", 1)
		out, _ := runSnippet(t, "capture-cosmjs.mjs", "RPC="+rpc, "KEY_HEX="+strings.TrimSpace(keyHex), "DOC="+docFile)
		var res struct {
			Code                int
			Height              int64
			RawLog              string
			Events              []string
			FinalizeBlockEvents int
			AutoDetected        string
		}
		require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(out)), &res), out)
		require.Zero(t, res.Code, res.RawLog)
		require.Positive(t, res.Height)
		require.Contains(t, res.Events, "tracechain.trace.v1.EventCaptured")
		require.Equal(t, "Tendermint37Client", res.AutoDetected, "the guide's warning: connectComet falls back to the 0.37 client on CometBFT 0.39")
		t.Logf("CosmJS captured at height %d (unordered, zero fee); connectComet picked %s", res.Height, res.AutoDetected)
	})
}
