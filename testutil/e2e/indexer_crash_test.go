//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/bech32"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/network"
	"github.com/tracechain/tracechain/x/lib/epcis"
)

// TestIndexerCrashSafety: traceindexd is killed with SIGKILL at random
// moments, 20 times, while blocks with EPCIS documents and member
// transactions arrive. After each restart it catches up; at the end its
// index is byte for byte the one `reindex` builds to the same height.
func TestIndexerCrashSafety(t *testing.T) {
	ctx := context.Background()
	net, ix := indexedConsortium(t)
	res, err := net.Tx(ctx, "farm-admin", "trace", "register-product", "06901234123456", "Winter wheat", "--category", "grain", "--shelf-life-days", "365")
	requireCommitted(t, res, err)

	// The load: the farm harvests a lot per document while its admin adds
	// members, each sender waiting for its transaction's block.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	committed := map[string]int{}
	load := func(kind string, send func(i int) (network.TxResult, error)) {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			res, err := send(i)
			if err == nil && res.Code == 0 {
				mu.Lock()
				committed[kind]++
				mu.Unlock()
			}
		}
	}
	clock := epcisbuild.NewClock(time.Now().Add(-time.Hour))
	docs := t.TempDir()
	wg.Add(2)
	go load("documents", func(i int) (network.TxResult, error) {
		doc := epcisbuild.Document(clock.New("ObjectEvent", "ADD").BizStep("harvesting").
			Qty(epcisbuild.Quantity{Class: fmt.Sprintf("urn:epc:class:lgtin:6901234.012345.CRASH%d", i), Amount: "100", UOM: "KGM"}))
		file := filepath.Join(docs, fmt.Sprintf("%d.jsonld", i))
		if i%2 == 1 { // every other document in the XML binding
			var err error
			if doc, err = asXML(doc); err != nil {
				return network.TxResult{}, err
			}
			file = filepath.Join(docs, fmt.Sprintf("%d.xml", i))
		}
		if err := os.WriteFile(file, doc, 0o600); err != nil {
			return network.TxResult{}, err
		}
		return net.Tx(ctx, "farm-operator", "trace", "capture", file)
	})
	go load("members", func(i int) (network.TxResult, error) {
		addr, err := bech32.ConvertAndEncode("trace", []byte(fmt.Sprintf("crash-member-%07d", i)))
		if err != nil {
			return network.TxResult{}, err
		}
		return net.Tx(ctx, "farm-admin", "membership", "add-member", "91350200MA2XY0022H", addr, "operator")
	})

	rng := rand.New(rand.NewPCG(1, 2))
	for kill := 0; kill < 20; kill++ {
		time.Sleep(time.Duration(150+rng.IntN(900)) * time.Millisecond)
		ix.kill9()
		ix.start()
	}
	close(stop)
	wg.Wait()
	mu.Lock()
	t.Logf("committed while the indexer was killed: %v", committed)
	require.Positive(t, committed["documents"], "EPCIS documents committed during the kills")
	require.Positive(t, committed["members"], "member transactions committed during the kills")
	mu.Unlock()

	// A document captured as XML is the same events as its JSON-LD twin:
	// the twin is refused as a duplicate.
	captured, err := os.ReadFile(filepath.Join(docs, "1.xml"))
	require.NoError(t, err)
	parsed, err := epcis.ReadAnyDocument(captured)
	require.NoError(t, err)
	twin, err := parsed.Root.MarshalJSON()
	require.NoError(t, err)
	twinFile := filepath.Join(docs, "1-twin.jsonld")
	require.NoError(t, os.WriteFile(twinFile, twin, 0o600))
	_, err = net.Tx(ctx, "farm-operator", "trace", "capture", twinFile)
	require.ErrorContains(t, err, "event already recorded", "the JSON-LD twin of a captured XML document is a duplicate (refused when its gas is estimated)")

	h, err := net.Height(ctx, "node0")
	require.NoError(t, err)
	ix.waitHeight(h)
	ix.kill9()
	digest := func(home string) (string, int64) {
		cmd := exec.Command(ix.bin, "digest", "--home", home)
		var stderr strings.Builder
		cmd.Stderr = &stderr // Pebble's own log
		out, err := cmd.Output()
		require.NoError(t, err, "%s", stderr.String())
		var sum string
		var keys, cursor int64
		_, err = fmt.Sscanf(strings.TrimSpace(string(out)), "%s %d %d", &sum, &keys, &cursor)
		require.NoError(t, err, "%s", out)
		return fmt.Sprintf("%s (%d keys)", sum, keys), cursor
	}
	survived, cursor := digest(ix.home)
	require.GreaterOrEqual(t, cursor, h)
	rebuilt := t.TempDir()
	out, err := exec.Command(ix.bin, "reindex", "--node", ix.node, "--home", rebuilt, "--to-height", fmt.Sprint(cursor)).CombinedOutput()
	require.NoError(t, err, "%s", out)
	again, rebuiltCursor := digest(rebuilt)
	require.Equal(t, cursor, rebuiltCursor)
	require.Equal(t, again, survived, "after 20 kills the index is byte for byte a reindex to height %d", cursor)
	t.Logf("index to height %d: %s", cursor, survived)
}

// asXML is a JSON-LD document in the XML binding.
func asXML(doc []byte) ([]byte, error) {
	parsed, err := epcis.ReadDocument(doc)
	if err != nil {
		return nil, err
	}
	return epcis.WriteXML(parsed)
}
