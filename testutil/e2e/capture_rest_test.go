//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/capture"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/network"
)

// capturingIndexer starts a one-validator consortium and an indexer whose
// write path signs as the farm's operator (a test-backend keyring key),
// with a token holding the capture and query scopes.
func capturingIndexer(t *testing.T) (*network.Network, *indexer, string) {
	t.Helper()
	net := consortiumNet(t, 1)
	ix := &indexer{
		t: t, bin: network.IndexerBinary(t), home: t.TempDir(), node: net.Node("node0").RPC,
		addr: fmt.Sprintf("127.0.0.1:%d", network.FreePortRange(t, 1)),
	}
	ix.args = append(append([]string{}, noLimits...),
		"--capture-key", "farm-operator", "--keyring-home", net.Keyring, "--keyring-backend", "test")
	out, err := exec.Command(ix.bin, "token", "issue", "erp", "--scope", "capture,query", "--home", ix.home).Output()
	require.NoError(t, err)
	token := strings.TrimSpace(string(out))
	ix.start()
	ix.waitHeight(1)
	return net, ix, token
}

// TestEPCISClientCapturesOverREST: epcis2.js, an EPCIS 2.0 client this
// project did not write, captures through POST /capture, polls its jobs,
// queries the events back through /events, and reads a refused
// document's job (scripts/epcis-client/flow.js).
func TestEPCISClientCapturesOverREST(t *testing.T) {
	dir := os.Getenv("EPCIS_CLIENT_DIR")
	if dir == "" {
		dir = "../../scripts/epcis-client"
	}
	_, err := os.Stat(filepath.Join(dir, "node_modules", "epcis2.js"))
	require.NoError(t, err, "epcis2.js is installed by `make test-e2e` (npm ci in scripts/epcis-client)")
	_, ix, token := capturingIndexer(t)

	cmd := exec.Command("node", "flow.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "INDEXER_URL=http://"+ix.addr, "TOKEN="+token, "LOT=E2JS")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "epcis2.js flow: %s", stderr.String())
	var summary struct {
		Captured []string `json:"captured"`
		Refused  struct {
			Error capture.Problem `json:"error"`
		} `json:"refused"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &summary), stdout.String())
	require.Len(t, summary.Captured, 2)
	t.Logf("epcis2.js: captured %v; refused: %s (%s)", summary.Captured, summary.Refused.Error.Title, summary.Refused.Error.Detail)
	for _, id := range summary.Captured {
		require.Equal(t, http.StatusOK, ix.get("/events/"+escapeID(id), nil), id)
	}
}

func escapeID(id string) string {
	return strings.NewReplacer("/", "%2F", ";", "%3B", "?", "%3F", "=", "%3D", ":", "%3A").Replace(id)
}

// postCapture posts a document and returns its job's Location.
func postCapture(t *testing.T, ix *indexer, token, contentType string, doc []byte) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+ix.addr+"/capture", bytes.NewReader(doc))
	require.NoError(t, err)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, string(body))
	return resp.Header.Get("Location")
}

// job reads a capture job (false while the indexer is down).
func job(ix *indexer, token, location string) (capture.Job, bool) {
	req, _ := http.NewRequest(http.MethodGet, "http://"+ix.addr+location, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return capture.Job{}, false
	}
	defer resp.Body.Close()
	var j capture.Job
	return j, resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&j) == nil
}

// TestCaptureJobsSurviveKill9: jobs posted just before the indexer is
// killed with SIGKILL — some not yet signed, some sent, some in a block —
// each reach a final state after a restart, and every event is on chain
// exactly once.
func TestCaptureJobsSurviveKill9(t *testing.T) {
	_, ix, token := capturingIndexer(t)
	clock := epcisbuild.NewClock(time.Now().Add(-time.Hour))
	var locations []string
	lots := map[string]bool{}
	runningAtKill, sentAtKill := 0, 0
	for round, pause := range []time.Duration{0, 1500 * time.Millisecond, 3 * time.Second} {
		for i := 0; i < 3; i++ {
			lot := fmt.Sprintf("urn:epc:class:lgtin:6901234.012345.K9R%dN%d", round, i)
			lots[lot] = true
			doc := epcisbuild.Document(clock.New("ObjectEvent", "ADD").BizStep("harvesting").
				Qty(epcisbuild.Quantity{Class: lot, Amount: "100", UOM: "KGM"}))
			media := "application/ld+json"
			if i == 1 {
				x, err := asXML(doc)
				require.NoError(t, err)
				doc, media = x, "application/xml"
			}
			locations = append(locations, postCapture(t, ix, token, media, doc))
		}
		time.Sleep(pause)
		for _, loc := range locations {
			if j, ok := job(ix, token, loc); ok && j.Running {
				runningAtKill++
				if n := len(j.Transactions); n > 0 && j.Transactions[n-1].State == capture.TxPending {
					sentAtKill++
				}
			}
		}
		ix.kill9()
		ix.start()
		ix.waitHeight(1)
	}
	jobs := map[string]capture.Job{}
	require.Eventually(t, func() bool {
		for _, loc := range locations {
			j, ok := job(ix, token, loc)
			if !ok || j.Running {
				return false
			}
			jobs[loc] = j
		}
		return true
	}, 3*time.Minute, 250*time.Millisecond, "every job ends after the restarts")
	seen := map[string]string{}
	expired := 0
	for loc, j := range jobs {
		require.True(t, j.Success, "%s: %+v", loc, j.Errors)
		require.Len(t, j.Captured, 1, loc)
		committed := 0
		for _, tx := range j.Transactions {
			switch tx.State {
			case capture.TxCommitted:
				committed++
			case capture.TxExpired:
				expired++
			default:
				t.Fatalf("%s: transaction %s %s", loc, tx.Hash, tx.State)
			}
		}
		require.Equal(t, 1, committed, "%s: one transaction carried its event", loc)
		id := j.Captured[0].EventID
		require.Empty(t, seen[id], "event %s captured by %s and %s", id, seen[id], loc)
		seen[id] = loc
	}
	// On chain (through the index): each lot harvested exactly once.
	for lot := range lots {
		var events []streamedEvent
		require.Eventually(t, func() bool {
			var raw json.RawMessage
			if ix.get("/events?MATCH_epcClass="+lot, &raw) != http.StatusOK {
				return false
			}
			events = eventsOf(t, raw)
			return len(events) > 0
		}, time.Minute, 250*time.Millisecond, lot)
		require.Len(t, events, 1, lot)
	}
	require.Positive(t, runningAtKill, "some job was cut off mid-way")
	t.Logf("9 jobs across 3 SIGKILLs (counted at each kill: %d jobs running, %d with a transaction sent and unsettled): each recorded once; %d transactions expired unsent and were signed again",
		runningAtKill, sentAtKill, expired)
}

// TestCaptureWithCurlAsTheREADMEShows runs the README's curl flow as
// written, against a capturing indexer.
func TestCaptureWithCurlAsTheREADMEShows(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	const marker = "<!-- tested by testutil/e2e/capture_rest_test.go: TestCaptureWithCurlAsTheREADMEShows -->\n```sh\n"
	start := bytes.Index(readme, []byte(marker))
	require.GreaterOrEqual(t, start, 0, "the README's curl flow")
	script := readme[start+len(marker):]
	end := bytes.Index(script, []byte("```"))
	require.GreaterOrEqual(t, end, 0, "the README's curl flow ends")
	script = script[:end]

	_, ix, _ := capturingIndexer(t)
	lot := "urn:epc:class:lgtin:6901234.012345.CURL1"
	doc := epcisbuild.Document(epcisbuild.NewClock(time.Now().Add(-time.Minute)).New("ObjectEvent", "ADD").BizStep("commissioning").
		Qty(epcisbuild.Quantity{Class: lot, Amount: "40", UOM: "KGM"}))
	docFile := filepath.Join(t.TempDir(), "doc.jsonld")
	require.NoError(t, os.WriteFile(docFile, doc, 0o600))

	cmd := exec.Command("bash", "-euo", "pipefail", "-c", string(script))
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "INDEXER=http://"+ix.addr, "INDEXD_HOME="+ix.home, "DOC="+docFile, "LOT="+lot,
		"PATH="+filepath.Dir(ix.bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	done := make(chan struct{})
	time.AfterFunc(time.Minute, func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
		}
	})
	out, err := cmd.CombinedOutput()
	close(done)
	require.NoError(t, err, string(out))
	text := string(out)
	require.Contains(t, strings.ToLower(text), "gs1-epcis-capture-limit: 200")
	require.Contains(t, text, `"success":true`)
	require.Contains(t, text, `"type":"EPCISQueryDocument"`)
	require.Contains(t, text, lot[len("urn:epc:class:lgtin:"):])
}
