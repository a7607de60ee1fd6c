//go:build e2e

package e2e

import (
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/network"
)

const (
	// operatorOrg is the validator-operator organization of the built-in consortium.
	operatorOrg = "91350100MA2XY00118"
	newOrg      = "91350400MA2XY00444"
)

// authoritySigners are two of the three keys of the 2-of-3 authority.
var authoritySigners = []string{"authority-1", "authority-3"}

func requireCommitted(t *testing.T, res network.TxResult, err error) {
	t.Helper()
	require.NoError(t, err)
	require.Zero(t, res.Code, "code %d (%s): %s", res.Code, res.Codespace, res.Log)
	require.Positive(t, res.Height)
}

// TestConsortiumNetwork runs the foundation's story on a 4-validator
// localnet: the multisig authority admits an organization and a member, the
// member transacts, a non-member is refused, the chain survives a crashed
// validator which then catches up, a fifth validator joins and signs, and
// an oversized power change needs force.
func TestConsortiumNetwork(t *testing.T) {
	ctx := context.Background()
	net := network.New(t, network.Options{Validators: 4, FullNodes: 1})
	net.StartAll()
	require.NoError(t, net.WaitHeight(ctx, "node0", 3, 90*time.Second))

	// Every node serves CometBFT's Prometheus metrics on loopback.
	metricsClient := &http.Client{Timeout: 10 * time.Second}
	for _, n := range net.Nodes {
		resp, err := metricsClient.Get(n.Metrics)
		require.NoError(t, err, n.Name)
		require.Equal(t, http.StatusOK, resp.StatusCode, n.Name)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		require.Contains(t, string(body), "cometbft_consensus_height", n.Name)
	}

	// The authority (2 of 3 signatures through the CLI) admits an organization and a member.
	admin := net.AddKey(ctx, "newco-admin")
	operator := net.AddKey(ctx, "newco-operator")
	res, err := net.MultisigTx(ctx, "authority", authoritySigners,
		"membership", "register-organization", newOrg, "Newco Cold Chain", admin, "enterprise")
	requireCommitted(t, res, err)
	res, err = net.MultisigTx(ctx, "authority", authoritySigners, "membership", "add-member", newOrg, operator, "operator")
	requireCommitted(t, res, err)
	out, err := net.CLI(ctx, "query", "membership", "member", operator, "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, newOrg)

	// Every node's API serves the application's telemetry, transactions counted.
	for _, n := range net.Nodes {
		require.Eventually(t, func() bool {
			resp, err := metricsClient.Get(n.AppMetrics)
			if err != nil {
				return false
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode == http.StatusOK && strings.Contains(string(body), "tracechaind_tx_count")
		}, 30*time.Second, time.Second, "%s serves tracechaind_tx_count at %s", n.Name, n.AppMetrics)
		// and every node metric the Grafana dashboard plots.
		requireDashboardMetrics(t, scrape(t, n.Metrics, n.AppMetrics), "cometbft_", "tracechaind_")
	}

	// The new organization's ADMIN transacts.
	gateway := net.AddKey(ctx, "newco-gateway")
	res, err = net.Tx(ctx, "newco-admin", "membership", "add-member", newOrg, gateway, "gateway")
	requireCommitted(t, res, err)

	// A non-member is refused at the door with a reason.
	stranger := net.AddKey(ctx, "stranger")
	res, err = net.OfflineTx(ctx, "stranger", 0, 0, "membership", "add-member", newOrg, stranger, "admin")
	require.NoError(t, err)
	require.Equal(t, "membership", res.Codespace, res.Log)
	require.Equal(t, uint32(15), res.Code, res.Log)
	require.Contains(t, res.Log, "signer "+stranger+" is not a member of any organization")
	require.Zero(t, res.Height, "refused in CheckTx, never in a block")

	// One of four validators crashes: blocks continue.
	h, err := net.Height(ctx, "node0")
	require.NoError(t, err)
	net.Kill("node3")
	require.NoError(t, net.WaitHeight(ctx, "node0", h+3, 30*time.Second))

	// It restarts and catches up.
	net.Start("node3")
	h, err = net.Height(ctx, "node0")
	require.NoError(t, err)
	require.NoError(t, net.WaitHeight(ctx, "node3", h, 60*time.Second))

	// The authority adds node4 as a fifth validator; it starts signing blocks.
	node4 := net.Node("node4")
	res, err = net.MultisigTx(ctx, "authority", authoritySigners,
		"poa", "add-validator", "node4", string(node4.ConsensusPubKey), "10", operatorOrg)
	requireCommitted(t, res, err)
	consAddr, err := chainaddress.ConsensusAddressCodec().StringToBytes(node4.ConsensusAddress)
	require.NoError(t, err)
	signedAt, err := net.WaitSigned(ctx, "node0", hex.EncodeToString(consAddr), 30*time.Second)
	require.NoError(t, err)
	require.Greater(t, signedAt, res.Height)
	vals, err := net.Validators(ctx, "node0")
	require.NoError(t, err)
	require.Len(t, vals.Validators, 5)

	// Moving more than 1/3 of the power in one block needs force.
	node0 := net.Node("node0").ConsensusAddress
	res, err = net.MultisigTx(ctx, "authority", authoritySigners, "poa", "set-validator-power", node0, "40")
	require.NoError(t, err)
	require.Equal(t, "poa", res.Codespace, res.Log)
	require.Equal(t, uint32(9), res.Code, res.Log)
	require.Contains(t, res.Log, "this block would move 30 of the 50 total power")
	res, err = net.MultisigTx(ctx, "authority", authoritySigners, "poa", "set-validator-power", node0, "40", "--force")
	requireCommitted(t, res, err)
	require.NoError(t, net.WaitHeight(ctx, "node0", res.Height+3, 30*time.Second), "the chain goes on after the forced change")
	vals, err = net.Validators(ctx, "node0")
	require.NoError(t, err)
	var total int64
	for _, v := range vals.Validators {
		total += v.VotingPower
	}
	require.Equal(t, int64(80), total)
}
