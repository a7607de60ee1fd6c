//go:build e2e

package e2e

import (
	"context"
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

	"github.com/tracechain/tracechain/testutil/network"
)

// sensor is a device of the cold-chain logistics organization, registered
// on a consortium chain, driven through the tracesigner binary; its
// gateway (logistics-gateway) submits and anchors its readings.
type sensor struct {
	t        *testing.T
	net      *network.Network
	dir, key string
	deviceID string
}

// sensorOrg is the organization owning the sensor (cold-chain logistics).
const sensorOrg = "91350400MA2XY00444"

func newSensor(t *testing.T, net *network.Network) *sensor {
	t.Helper()
	s := &sensor{t: t, net: net, dir: t.TempDir()}
	s.key = filepath.Join(s.dir, "sensor.json")
	s.run("keygen", "--curve", "secp256k1", "--out", s.key)
	reg := s.run(append([]string{"register", "--key", s.key, "--org", sensorOrg}, s.chainFlags()...)...)
	pop := regexp.MustCompile(`proof of possession ([0-9a-f]+)`).FindStringSubmatch(reg)[1]
	var kf struct {
		DeviceID  string `json:"device_id"`
		PublicKey string `json:"public_key"`
	}
	bz, err := os.ReadFile(s.key)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(bz, &kf))
	s.deviceID = kf.DeviceID
	res, err := net.Tx(context.Background(), "logistics-admin", "device", "register", sensorOrg, "sensor", "TL-200", strings.Repeat("ab", 32), "secp256k1", kf.PublicKey, pop)
	requireCommitted(t, res, err)
	return s
}

// run runs tracesigner and fails the test if it fails.
func (s *sensor) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command(network.SignerBinary(s.t), args...).CombinedOutput()
	require.NoError(s.t, err, "tracesigner %v:\n%s", args, out)
	return string(out)
}

func (s *sensor) chainFlags() []string { return []string{"--chain-id", s.net.ChainID} }

func (s *sensor) nodeFlags() []string {
	return append([]string{"--node", s.net.Node("node0").RPC, "--home", s.net.Keyring, "--keyring-backend", "test"}, s.chainFlags()...)
}

// sign has the device sign n readings and returns the file holding them.
func (s *sensor) sign(n int) string {
	s.t.Helper()
	var lines []string
	for i := range n {
		lines = append(lines, s.run(append([]string{"sign", "--key", s.key, "--value", fmt.Sprintf("4.%d", i)}, s.chainFlags()...)...))
	}
	path := filepath.Join(s.dir, fmt.Sprintf("readings-%d.jsonl", time.Now().UnixNano()))
	require.NoError(s.t, os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644))
	return path
}

// submit sends n readings in a transaction of the gateway.
func (s *sensor) submit(n int) {
	s.t.Helper()
	s.run(append([]string{"submit", s.sign(n), "--from", "logistics-gateway"}, s.nodeFlags()...)...)
}

// anchor batches n readings, has the gateway anchor the header, and
// returns the batch file (as `tracesigner anchor` writes it).
func (s *sensor) anchor(n int) string {
	s.t.Helper()
	batchFile := filepath.Join(s.dir, fmt.Sprintf("batch-%d.json", time.Now().UnixNano()))
	out := s.run(append([]string{"anchor", s.sign(n), "--key", s.key, "--out", batchFile, "--submit", "--from", "logistics-gateway"}, s.nodeFlags()...)...)
	require.Contains(s.t, out, "anchored at height")
	return batchFile
}
