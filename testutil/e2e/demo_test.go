//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/network"
)

// TestDemoStory runs `make demo`'s script as a user would, on its own
// ports, to the end of its story: master data, the farm's harvest and
// shipment, milling, packing, delivery, a certification and a refused
// document, the truck's sensor and the dock's reader signing readings
// (one an excursion) and a batch anchored and verified, all through the
// CLIs; then the mill's escrowed transport order, blocked by the
// excursion, arbitrated, a clean second order, and credit scores. Then, on the node it left behind, the
// genealogy from a pallet reaches the farm's wheat lot.
func TestDemoStory(t *testing.T) {
	bin := network.Binary(t)
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "demo")
	base := network.FreePortRange(t, 10)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(repo, "scripts", "demo.sh"))
	cmd.Env = append(os.Environ(), "TRACECHAIND_BIN="+bin, "TRACESIGNER_BIN="+network.SignerBinary(t), "TRACEINDEXD_BIN="+network.IndexerBinary(t), "DEMO_DIR="+dir, "DEMO_BASE_PORT="+strconv.Itoa(base), "DEMO_STORY_ONLY=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "demo failed:\n%s", out)
	require.Contains(t, string(out), "story told")
	require.Contains(t, string(out), "refused: event 1 (ObjectEvent)")
	require.Contains(t, string(out), "1 of 1 readings accepted", "the dock reader's own P-256 account submits")
	require.Contains(t, string(out), "4 of 4 readings accepted", "the gateway submits the sensor's")
	require.Contains(t, string(out), "excursion 1 recorded")
	require.Contains(t, string(out), "OK: 1 reading(s) verified against the root")
	require.Contains(t, string(out), "QR code of http://127.0.0.1:")
	require.Contains(t, string(out), "the flour lot's page shows the product, its journey and the excursion")
	png, err := os.ReadFile(filepath.Join(dir, "flour-lot-qr.png"))
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(png, []byte("\x89PNG")), "a PNG")
	// The order with escrow: the excursion blocks release, the dispute is
	// arbitrated, a clean order completes, and both firms get scores.
	require.Contains(t, string(out), "escrow holds 800000 usettle")
	require.Contains(t, string(out), "automatic release blocked: 2 excursions")
	require.Contains(t, string(out), "order 1 ORDER_STATE_RESOLVED: 240000 usettle to Coldline, 560000 to the mill")
	require.Contains(t, string(out), "order 2 ORDER_STATE_COMPLETED; Coldline holds 640000 usettle")
	require.Regexp(t, `91350400MA2XY00444: grade [A-D]+\n\s+\d+\.\d\d \([A-D]+\) by formula v2`, string(out))
	require.Regexp(t, `91350300MA2XY0033T: grade [A-D]+\n\s+\d+\.\d\d \([A-D]+\) by formula v2`, string(out))

	// Start the demo's node again and ask for the pallet's genealogy.
	home := filepath.Join(dir, "node0")
	node := exec.Command(bin, "start", "--home", home)
	node.Stdout, node.Stderr = nil, nil
	require.NoError(t, node.Start())
	t.Cleanup(func() {
		_ = node.Process.Kill()
		_ = node.Wait()
	})
	var g struct {
		Nodes []struct {
			Object struct {
				ID string `json:"id"`
			} `json:"object"`
			Depth int `json:"depth"`
		} `json:"nodes"`
		EventIDs []string `json:"event_ids"`
	}
	require.Eventually(t, func() bool {
		res, err := exec.Command(bin, "query", "trace", "genealogy", "urn:epc:id:sscc:6902345.0000000011",
			"--direction", "up", "--home", home, "--output", "json").Output()
		return err == nil && json.Unmarshal(res, &g) == nil
	}, time.Minute, 500*time.Millisecond)
	depths := map[string]int{}
	for _, n := range g.Nodes {
		depths[n.Object.ID] = n.Depth
	}
	require.Equal(t, -2, depths["https://id.gs1.org/01/06901234123456/10/WH-2026-07"], "the pallet's genealogy reaches the wheat lot: %+v", g)
	require.Equal(t, -1, depths["https://id.gs1.org/01/06902345543218/10/FL-A"])
	require.Len(t, g.EventIDs, 2, "the packing and the milling")

	// The demo's indexer, started again on its index, catches up; then
	// every answer it gives is the chain's.
	sensor := regexp.MustCompile(`truck sensor (0x[0-9a-f]{40})`).FindStringSubmatch(string(out))
	require.NotNil(t, sensor, "the demo names the truck's sensor")
	ix := &indexer{
		t: t, bin: network.IndexerBinary(t), home: filepath.Join(dir, "indexer"),
		node: fmt.Sprintf("tcp://127.0.0.1:%d", base+7), addr: fmt.Sprintf("127.0.0.1:%d", base+9),
	}
	ix.start()
	status, err := exec.Command(bin, "status", "--home", home).Output()
	require.NoError(t, err)
	var st struct {
		SyncInfo struct {
			Height string `json:"latest_block_height"`
		} `json:"sync_info"`
	}
	require.NoError(t, json.Unmarshal(status, &st))
	h, err := strconv.ParseInt(st.SyncInfo.Height, 10, 64)
	require.NoError(t, err)
	ix.waitHeight(h)
	checkDemoIndex(t, ix, gateway{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", base+1)}, repo, sensor[1])
	checkTheFlourPageInABrowser(t, ix)
}
