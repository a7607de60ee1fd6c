//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/cmd/tracesigner/loadgen"
	"github.com/tracechain/tracechain/cmd/tracesigner/simulator"
	"github.com/tracechain/tracechain/testutil/network"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
)

// faultPlan is how long each step of a fault run lasts and how often the
// whole sequence repeats. make test runs the short form; make test-faults
// (TRACECHAIN_FAULTS=long) the long one.
type faultPlan struct {
	phase  time.Duration
	rounds int
	// Offered load: bank sends per second and readings per second.
	bankRate, readingRate float64
}

func planFromEnv() faultPlan {
	if os.Getenv("TRACECHAIN_FAULTS") == "long" {
		return faultPlan{phase: 20 * time.Second, rounds: 3, bankRate: 40, readingRate: 600}
	}
	return faultPlan{phase: 6 * time.Second, rounds: 1, bankRate: 15, readingRate: 150}
}

// TestFaultsUnderLoad runs a 4-validator localnet with an indexer under a
// load of bank sends and device readings, both sent to node1, and breaks
// it: one validator killed (the chain goes on), a second killed (it halts:
// half the power cannot commit), both restarted (it resumes and they catch
// up), then node0 and the indexer that follows it killed -9 together (both
// resume). Afterwards, three ways: every transaction and reading the
// clients saw committed is in every node's blocks exactly once and in the
// indexer exactly once, and all four nodes agree on every block hash.
func TestFaultsUnderLoad(t *testing.T) {
	plan := planFromEnv()
	ctx := context.Background()
	net := consortiumNet(t, 4)
	ix := &indexer{
		t: t, bin: network.IndexerBinary(t), home: t.TempDir(), node: net.Node("node0").RPC,
		addr: fmt.Sprintf("127.0.0.1:%d", network.FreePortRange(t, 1)),
	}
	ix.start()

	client, err := chainclient.New(net.Node("node1").RPC, net.ChainID)
	require.NoError(t, err)
	signer := func(name string) chainclient.Signer { return memberSigner(t, net, client, name) }
	var senders []chainclient.Signer
	for _, name := range []string{"farm-admin", "farm-operator", "mill-admin", "mill-operator", "retail-admin", "retail-operator"} {
		senders = append(senders, signer(name))
	}

	// Both loads run through every fault: steps of one phase each (the
	// restarts take longer), plus the time the loads need to set up.
	loadFor := time.Duration(plan.rounds)*7*plan.phase + 10*time.Second
	type bankOut struct {
		res *loadgen.Result
		err error
	}
	type simOut struct {
		res *simulator.Result
		err error
	}
	bankDone, simDone := make(chan bankOut, 1), make(chan simOut, 1)
	go func() {
		res, err := loadgen.RunBankSends(ctx, client, loadgen.Config{
			Senders: senders, Issuer: signer("bank-admin"), Fund: 1_000_000, Denom: servicetypes.DefaultSettlementDenom,
			Rate: plan.bankRate, Duration: loadFor, Drain: 90 * time.Second, Out: io.Discard,
		})
		bankDone <- bankOut{res, err}
	}()
	go func() {
		res, err := simulator.Run(ctx, client, signer("logistics-admin"), signer("logistics-gateway"), simulator.Config{
			Devices: 8, Rate: plan.readingRate, Duration: loadFor, Org: "91350400MA2XY00444", PerTx: 50,
			Tick: 100 * time.Millisecond, RFIDEvery: 4, Drain: 90 * time.Second, Curve: "mixed", Senders: 2, Out: io.Discard,
		})
		simDone <- simOut{res, err}
	}()

	height := func(name string) int64 {
		h, err := net.Height(ctx, name)
		require.NoError(t, err, name)
		return h
	}
	for round := 1; round <= plan.rounds; round++ {
		time.Sleep(plan.phase)

		// One of four down: the other three hold 3/4 of the power.
		net.Kill("node3")
		h := height("node1")
		require.NoError(t, net.WaitHeight(ctx, "node1", h+3, 3*plan.phase+20*time.Second), "round %d: the chain goes on with node3 down", round)
		t.Logf("round %d: node3 killed at height %d; the chain reached %d", round, h, height("node1"))

		// Two of four down: half the power commits nothing.
		net.Kill("node2")
		time.Sleep(3 * time.Second) // a block whose votes were cast may still commit
		halted := height("node1")
		time.Sleep(plan.phase)
		require.Equal(t, halted, height("node1"), "round %d: with two of four validators down the chain halts", round)
		t.Logf("round %d: node2 killed too; halted at %d for %s", round, halted, plan.phase)

		// Both back: blocks again, and they catch up.
		net.Start("node2")
		net.Start("node3")
		require.NoError(t, net.WaitHeight(ctx, "node1", halted+3, 90*time.Second), "round %d: the chain resumes", round)
		now := height("node1")
		require.NoError(t, net.WaitHeight(ctx, "node2", now, 90*time.Second))
		require.NoError(t, net.WaitHeight(ctx, "node3", now, 90*time.Second))
		t.Logf("round %d: node2 and node3 restarted; resumed past %d, both caught up to %d", round, halted, now)

		// kill -9 of node0 and of the indexer that follows it.
		net.Kill("node0")
		ix.kill9()
		h = height("node1")
		time.Sleep(plan.phase)
		require.Greater(t, height("node1"), h, "round %d: the chain goes on without node0", round)
		net.Start("node0")
		ix.start()
		now = height("node1")
		require.NoError(t, net.WaitHeight(ctx, "node0", now, 90*time.Second), "round %d: node0 catches up", round)
		ix.waitHeight(now)
		t.Logf("round %d: node0 and the indexer killed -9 at %d, both back and caught up to %d", round, h, now)
	}

	bank, sim := <-bankDone, <-simDone
	require.NoError(t, bank.err)
	require.NoError(t, sim.err)
	t.Logf("bank sends: sent %d, committed %d, refused at admission %d, failed in block %d, not seen %d",
		bank.res.Sent, bank.res.Committed, bank.res.RefusedAtAdmission, bank.res.FailedInBlock, bank.res.NotSeen)
	t.Logf("readings: sent %d, committed %d, refused at admission %d, failed in block %d, not seen %d",
		sim.res.Sent, sim.res.Committed, sim.res.RefusedAtAdmission, sim.res.FailedInBlock, sim.res.NotSeen)
	for _, e := range append(bank.res.Errors, sim.res.Errors...) {
		t.Logf("a refusal or failure the loads saw: %s", e)
	}
	require.Positive(t, bank.res.Committed)
	require.Positive(t, sim.res.Committed)

	// Everything settles: every node and the indexer at one height.
	top := height("node1")
	for _, n := range []string{"node0", "node2", "node3"} {
		require.NoError(t, net.WaitHeight(ctx, n, top, 90*time.Second))
	}
	ix.waitHeight(top)

	acked := map[string]int64{} // tx hash → height the client saw it committed at
	for _, c := range append(bank.res.Txs, sim.res.Txs...) {
		acked[c.Hash] = c.Height
	}
	checkEveryNodeHoldsOnce(t, net, top, acked)
	checkIndexerHoldsOnce(t, ix, bank.res.Txs, sim.res.Readings)
	t.Logf("three-way check: %d transactions (%d bank sends, %d reading transactions with %d readings) on 4 nodes and in the indexer exactly once; 4 nodes agree on %d block hashes",
		len(acked), len(bank.res.Txs), len(sim.res.Txs), sim.res.Committed, top)
}

// checkEveryNodeHoldsOnce: all nodes have the same block at every height
// up to top, and each acknowledged transaction is in it exactly once, at
// the height its client saw.
func checkEveryNodeHoldsOnce(t *testing.T, net *network.Network, top int64, acked map[string]int64) {
	t.Helper()
	ctx := context.Background()
	var reference []string // block hash by height, node0's
	for _, node := range []string{"node0", "node1", "node2", "node3"} {
		c := net.Client(node)
		seen := map[string][]int64{}
		var hashes []string
		for h := int64(1); h <= top; h++ {
			blk, err := c.Block(ctx, &h)
			require.NoError(t, err, "%s height %d", node, h)
			hashes = append(hashes, blk.BlockID.Hash.String())
			for _, tx := range blk.Block.Txs {
				key := fmt.Sprintf("%X", tx.Hash())
				seen[key] = append(seen[key], h)
			}
		}
		if reference == nil {
			reference = hashes
		} else {
			for i := range hashes {
				require.Equal(t, reference[i], hashes[i], "%s and node0 disagree on the block at height %d", node, i+1)
			}
		}
		for hash, at := range acked {
			require.Equal(t, []int64{at}, seen[hash], "%s: transaction %s acknowledged at height %d", node, hash, at)
		}
	}
}

// checkIndexerHoldsOnce: the indexer has every acknowledged bank send, and
// every acknowledged reading exactly once.
func checkIndexerHoldsOnce(t *testing.T, ix *indexer, bankTxs []chainclient.Committed, readings map[string][]uint64) {
	t.Helper()
	for _, c := range bankTxs {
		var got struct {
			Tx struct {
				Height int64  `json:"height"`
				Hash   string `json:"hash"`
			} `json:"tx"`
		}
		require.Equal(t, http.StatusOK, ix.get("/v1/txs/"+c.Hash, &got), "bank send %s", c.Hash)
		require.Equal(t, c.Height, got.Tx.Height, "bank send %s", c.Hash)
	}
	for device, counters := range readings {
		var indexed []uint64
		token := ""
		for {
			var page struct {
				Readings []struct {
					Counter uint64 `json:"counter"`
				} `json:"readings"`
				Next string `json:"next_page_token"`
			}
			path := "/v1/devices/" + device + "/readings?limit=1000"
			if token != "" {
				path += "&page_token=" + url.QueryEscape(token)
			}
			require.Equal(t, http.StatusOK, ix.get(path, &page))
			for _, r := range page.Readings {
				indexed = append(indexed, r.Counter)
			}
			if token = page.Next; token == "" {
				break
			}
		}
		slices.Sort(indexed)
		require.Equal(t, len(indexed), len(slices.Compact(slices.Clone(indexed))), "device %s: a reading indexed twice", device)
		for _, c := range counters {
			_, found := slices.BinarySearch(indexed, c)
			require.True(t, found, "device %s: reading %d acknowledged, not indexed", device, c)
		}
	}
}
