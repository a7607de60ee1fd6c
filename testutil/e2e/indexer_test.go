//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/networks/grafana"
	"github.com/tracechain/tracechain/testutil/network"
)

// indexer is a traceindexd process.
type indexer struct {
	t    *testing.T
	bin  string
	home string
	node string
	addr string
	// args are start's further flags; nil: no rate limits (the tests
	// that read the index hard are not about the edge's limits, which
	// TestAbuseAtTheEdge covers).
	args []string
	cmd  *exec.Cmd
}

func (ix *indexer) start() {
	ix.t.Helper()
	args := ix.args
	if args == nil {
		args = noLimits
	}
	ix.cmd = exec.Command(ix.bin, append([]string{"start", "--node", ix.node, "--home", ix.home, "--listen", ix.addr}, args...)...)
	require.NoError(ix.t, ix.cmd.Start())
	ix.t.Cleanup(func() {
		if ix.cmd.ProcessState == nil {
			_ = ix.cmd.Process.Kill()
			_, _ = ix.cmd.Process.Wait()
		}
	})
}

// noLimits are start's flags turning the admission limits off.
var noLimits = []string{"--client-rate", "0", "--client-in-flight", "0", "--upload-rate", "0", "--max-uploads", "0"}

func (ix *indexer) kill9() {
	ix.t.Helper()
	require.NoError(ix.t, ix.cmd.Process.Signal(syscall.SIGKILL))
	_, _ = ix.cmd.Process.Wait()
}

func (ix *indexer) get(path string, into any) int {
	resp, err := http.Get("http://" + ix.addr + path)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if into != nil {
		_ = json.NewDecoder(resp.Body).Decode(into)
	}
	return resp.StatusCode
}

func (ix *indexer) waitHeight(h int64) {
	ix.t.Helper()
	require.Eventually(ix.t, func() bool {
		var s struct{ Height int64 }
		return ix.get("/v1/status", &s) == http.StatusOK && s.Height >= h
	}, 90*time.Second, 200*time.Millisecond, "indexer reaches height %d", h)
}

type eventsPage struct {
	Height int64 `json:"height"`
	Events []struct {
		Height int64           `json:"height"`
		TxHash string          `json:"tx_hash"`
		Data   json.RawMessage `json:"data"`
	} `json:"events"`
	Next string `json:"next_page_token"`
}

// indexedConsortium starts a one-validator chain of the demo consortium
// and an indexer following it.
func indexedConsortium(t *testing.T) (*network.Network, *indexer) {
	t.Helper()
	net := consortiumNet(t, 1)
	ix := &indexer{
		t: t, bin: network.IndexerBinary(t), home: t.TempDir(), node: net.Node("node0").RPC,
		addr: fmt.Sprintf("127.0.0.1:%d", network.FreePortRange(t, 1)),
	}
	ix.start()
	return net, ix
}

// TestIndexerFollowsTheChain: traceindexd follows a real node, indexes
// only successful transactions, survives kill -9 (resuming from its
// cursor without losing or repeating a block) and answers bad parameters
// with 400.
func TestIndexerFollowsTheChain(t *testing.T) {
	ctx := context.Background()
	net, ix := indexedConsortium(t)

	farm := "91350200MA2XY0022H"
	first := net.AddKey(ctx, "ix-first")
	res, err := net.Tx(ctx, "farm-admin", "membership", "add-member", farm, first, "operator")
	requireCommitted(t, res, err)
	// The same account again fails in its block: its events must not appear.
	res, err = net.Tx(ctx, "farm-admin", "membership", "add-member", farm, first, "operator", "--gas", "300000")
	require.NoError(t, err)
	require.NotZero(t, res.Code, "the second add fails: %s", res.Log)
	failedHeight := res.Height
	ix.waitHeight(failedHeight)

	const added = "/v1/events?type=tracechain.membership.v1.EventMemberAdded"
	var page eventsPage
	require.Equal(t, http.StatusOK, ix.get(added, &page))
	require.Len(t, page.Events, 1, "the failed transaction left nothing")
	require.Contains(t, string(page.Events[0].Data), first)
	require.GreaterOrEqual(t, page.Height, failedHeight)

	// kill -9 while blocks arrive; the chain moves on; a restart catches up.
	ix.kill9()
	second := net.AddKey(ctx, "ix-second")
	res, err = net.Tx(ctx, "farm-admin", "membership", "add-member", farm, second, "operator")
	requireCommitted(t, res, err)
	ix.start()
	ix.waitHeight(res.Height)
	require.Equal(t, http.StatusOK, ix.get(added, &page))
	require.Len(t, page.Events, 2, "resumed from its cursor: nothing lost, nothing twice")
	require.Contains(t, string(page.Events[1].Data), second)

	// Bad input is a 400 naming the parameter; unknown routes 404.
	var bad struct{ Code, Message string }
	require.Equal(t, http.StatusBadRequest, ix.get("/v1/events?type=", &bad))
	require.True(t, strings.HasPrefix(bad.Message, "type:"), bad.Message)
	require.Equal(t, http.StatusBadRequest, ix.get(added+"&limit=abc", &bad))
	require.True(t, strings.HasPrefix(bad.Message, "limit:"), bad.Message)
	require.Equal(t, http.StatusBadRequest, ix.get(added+"&page_token=zz", &bad))
	require.Equal(t, http.StatusNotFound, ix.get("/v1/nothing", nil))
	require.Equal(t, http.StatusOK, ix.get("/readyz", nil))
	require.Equal(t, http.StatusOK, ix.get("/healthz", nil))

	// Every indexer metric the Grafana dashboard plots is served (the
	// nodes' are checked on the 4-validator localnet of TestConsortiumNetwork).
	requireDashboardMetrics(t, scrape(t, "http://"+ix.addr+"/metrics"), "traceindexd_", "process_", "go_")

	// reindex rebuilds the same events from height 1.
	ix.kill9()
	out, err := exec.Command(ix.bin, "reindex", "--node", ix.node, "--home", ix.home).CombinedOutput()
	require.NoError(t, err, "%s", out)
	ix.start()
	var rebuilt eventsPage
	require.Eventually(t, func() bool { return ix.get(added, &rebuilt) == http.StatusOK && len(rebuilt.Events) == 2 }, time.Minute, 200*time.Millisecond)
	require.Equal(t, page.Events, rebuilt.Events)
}

// scrape is the concatenated Prometheus text of urls.
func scrape(t *testing.T, urls ...string) string {
	t.Helper()
	var all strings.Builder
	for _, url := range urls {
		resp, err := http.Get(url)
		require.NoError(t, err, url)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, url)
		all.Write(body)
	}
	return all.String()
}

// requireDashboardMetrics: every metric of the Grafana dashboard with one
// of the prefixes is in scraped.
func requireDashboardMetrics(t *testing.T, scraped string, prefixes ...string) {
	t.Helper()
	plotted, err := grafana.Metrics()
	require.NoError(t, err)
	checked := 0
	for _, m := range plotted {
		if slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(m, p) }) {
			require.Regexp(t, `(?m)^`+m+`[{ ]`, scraped, "the dashboard plots %s", m)
			checked++
		}
	}
	require.NotZero(t, checked)
}
