//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/network"
)

// TestSimulateFleet runs `tracesigner simulate` against a one-validator
// chain: a fleet of sensors and RFID readers on both curves, registered by
// the logistics firm's ADMIN, reading through its GATEWAY. Every reading
// the tool reports committed is on chain exactly once, and nothing else is.
func TestSimulateFleet(t *testing.T) {
	ctx := context.Background()
	net := consortiumNet(t, 1)

	report := filepath.Join(t.TempDir(), "report.json")
	node := net.Node("node0")
	sim := exec.CommandContext(ctx, network.SignerBinary(t), "simulate",
		"--node", node.RPC, "--chain-id", net.ChainID, "--home", net.Keyring, "--keyring-backend", "test",
		"--admin", "logistics-admin", "--gateway", "logistics-gateway",
		"--devices", "12", "--rate", "400", "--duration", "6s", "--per-tx", "60", "--report", report)
	out, err := sim.CombinedOutput()
	require.NoError(t, err, "simulate:\n%s", out)
	t.Logf("simulate:\n%s", out)

	var res struct {
		Sent      int                 `json:"sent"`
		Committed int                 `json:"committed"`
		Readings  map[string][]uint64 `json:"committed_readings"`
	}
	bz, err := os.ReadFile(report)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(bz, &res))
	require.Equal(t, 2400, res.Sent)
	require.Equal(t, res.Sent, res.Committed, "at this rate everything commits")
	require.Len(t, res.Readings, 12)

	total := 0
	for device, counters := range res.Readings {
		got, err := net.CLI(ctx, "query", "device", "readings", device, "--page-limit", "10000", "--output", "json")
		require.NoError(t, err)
		var page struct {
			Readings []struct {
				Reading struct {
					Counter string `json:"counter"`
				} `json:"reading"`
			} `json:"readings"`
		}
		require.NoError(t, json.Unmarshal([]byte(got), &page))
		var onChain []uint64
		for _, r := range page.Readings {
			n, err := strconv.ParseUint(r.Reading.Counter, 10, 64)
			require.NoError(t, err)
			onChain = append(onChain, n)
		}
		reported := slices.Clone(counters)
		slices.Sort(reported)
		require.Equal(t, reported, onChain, fmt.Sprintf("device %s: the chain holds exactly the readings reported committed", device))
		total += len(onChain)
	}
	require.Equal(t, res.Committed, total)
}
