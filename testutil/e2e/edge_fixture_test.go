//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/testutil/network"
	"github.com/tracechain/tracechain/x/lib/uploadauth"
)

// edge is a real traceindexd process facing what the open internet sends
// it: a one-validator consortium chain, a sensor with readings submitted
// in blocks and a batch anchored (its contents not posted), and the
// gateway account that anchored it.
type edge struct {
	net     *network.Network
	ix      *indexer
	sensor  *sensor
	batch   uploadauth.Batch
	body    []byte // the batch file
	count   int
	gateway chainclient.Signer
}

func newEdge(t *testing.T, indexerArgs ...string) *edge {
	t.Helper()
	ctx := context.Background()
	net := consortiumNet(t, 1)
	ix := &indexer{
		t: t, bin: network.IndexerBinary(t), home: t.TempDir(), node: net.Node("node0").RPC,
		addr: fmt.Sprintf("127.0.0.1:%d", network.FreePortRange(t, 1)), args: indexerArgs,
	}
	ix.start()
	e := &edge{net: net, ix: ix, sensor: newSensor(t, net), count: 50}
	e.sensor.submit(20)
	batchFile := e.sensor.anchor(e.count)
	var err error
	e.body, err = os.ReadFile(batchFile)
	require.NoError(t, err)
	var bf struct {
		Header struct {
			Device       string `json:"device"`
			FirstCounter uint64 `json:"first_counter,string"`
		} `json:"header"`
	}
	require.NoError(t, json.Unmarshal(e.body, &bf))
	e.batch = uploadauth.Batch{Device: bf.Header.Device, FirstCounter: bf.Header.FirstCounter}
	client, err := chainclient.New(net.Node("node0").RPC, net.ChainID)
	require.NoError(t, err)
	e.gateway = memberSigner(t, net, client, "logistics-gateway")
	h, err := net.Height(ctx, "node0")
	require.NoError(t, err)
	ix.waitHeight(h)
	return e
}

// clientFrom is an HTTP client whose connections come from a loopback
// address of their own (127.0.0.0/8 is all local): to the indexer, a
// client of its own.
func clientFrom(ip string) *http.Client {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	return &http.Client{
		Timeout: 60 * time.Second,
		Transport: &http.Transport{
			DialContext: dialer.DialContext, MaxIdleConnsPerHost: 8,
			// A body the server refuses before reading is never sent.
			ExpectContinueTimeout: 10 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// usage is what the indexer process has spent so far: CPU time (all
// threads, from /proc) and bytes allocated (its Go runtime's counter).
type usage struct {
	cpu   time.Duration
	alloc float64
	rss   float64
}

// monitor scrapes /metrics as a client of its own.
var monitor = clientFrom("127.0.0.250")

func (ix *indexer) usage(t *testing.T) usage {
	t.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", ix.cmd.Process.Pid))
	require.NoError(t, err)
	// Fields after the command name (which may hold spaces) in parentheses:
	// utime and stime are the 12th and 13th, in clock ticks of 1/100 s.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	utime, err := strconv.ParseInt(fields[11], 10, 64)
	require.NoError(t, err)
	stime, err := strconv.ParseInt(fields[12], 10, 64)
	require.NoError(t, err)
	u := usage{cpu: time.Duration(utime+stime) * 10 * time.Millisecond}
	resp, err := monitor.Get("http://" + ix.addr + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), " ")
		switch name {
		case "go_memstats_alloc_bytes_total":
			u.alloc, err = strconv.ParseFloat(value, 64)
		case "process_resident_memory_bytes":
			u.rss, err = strconv.ParseFloat(value, 64)
		}
		require.NoError(t, err)
	}
	require.NoError(t, sc.Err())
	require.NotZero(t, u.alloc)
	return u
}

// postStreaming posts body chunked over a connection of dial and reads the answer while
// the body is still being sent: a server refusing a body part-way answers
// and closes, and a client that only reads after writing would see just
// the reset connection.
func postStreaming(dial func(ctx context.Context, network, addr string) (net.Conn, error), addr, path string, header http.Header, body io.Reader) (answer, error) {
	conn, err := dial(context.Background(), "tcp", addr)
	if err != nil {
		return answer{}, err
	}
	defer conn.Close()
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+path, body)
	if err != nil {
		return answer{}, err
	}
	req.Header = header.Clone()
	req.ContentLength = -1 // chunked
	go func() { _ = req.Write(conn) }()
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	br := bufio.NewReader(conn)
	for {
		resp, err := http.ReadResponse(br, req)
		if err != nil {
			return answer{}, err
		}
		if resp.StatusCode >= 200 {
			return read(resp)
		}
		resp.Body.Close() // 100 Continue
	}
}

// answer is an HTTP answer read whole (up to 1 MiB).
type answer struct {
	status int
	header http.Header
	body   []byte
}

func do(c *http.Client, req *http.Request) (answer, error) {
	resp, err := c.Do(req)
	if err != nil {
		return answer{}, err
	}
	return read(resp)
}

func read(resp *http.Response) (answer, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return answer{status: resp.StatusCode, header: resp.Header, body: body}, err
}
