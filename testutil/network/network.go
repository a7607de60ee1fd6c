// Package network runs real tracechaind processes on 127.0.0.1 for
// end-to-end tests: it writes a localnet with `tracechaind localnet`,
// starts, kills and restarts nodes, and drives the CLI the way an operator
// or a consortium member would.
package network

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Node is one generated home, as the localnet manifest describes it.
type Node struct {
	Name             string          `json:"name"`
	Home             string          `json:"home"`
	Validator        bool            `json:"validator"`
	NodeID           string          `json:"node_id"`
	ConsensusAddress string          `json:"consensus_address"`
	ConsensusPubKey  json.RawMessage `json:"consensus_pubkey"`
	RPC              string          `json:"rpc"`
	API              string          `json:"api"`
	Metrics          string          `json:"metrics"`
	AppMetrics       string          `json:"app_metrics"`
}

// Manifest is <dir>/localnet.json.
type Manifest struct {
	ChainID   string            `json:"chain_id"`
	Authority string            `json:"authority"`
	Keyring   string            `json:"keyring_home"`
	Accounts  map[string]string `json:"accounts"`
	Nodes     []Node            `json:"nodes"`
}

// Network is a localnet whose nodes run as child processes.
type Network struct {
	t   testing.TB
	Bin string
	Dir string
	Manifest
	mu    sync.Mutex
	procs map[string]*process
}

// process is a running node; done closes when it has exited.
type process struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// Options shape the network.
type Options struct {
	Validators int
	FullNodes  int
	// Consortium is a consortium JSON file; empty uses the built-in one.
	Consortium string
}

// New writes a localnet in a temporary directory; nothing runs yet.
func New(t testing.TB, opts Options) *Network {
	t.Helper()
	n := &Network{t: t, Bin: Binary(t), Dir: t.TempDir(), procs: map[string]*process{}}
	nodes := opts.Validators + opts.FullNodes
	args := []string{
		"localnet", "--output-dir", filepath.Join(n.Dir, "net"),
		"--validators", fmt.Sprint(opts.Validators), "--full-nodes", fmt.Sprint(opts.FullNodes),
		"--base-port", fmt.Sprint(FreePortRange(t, 10*nodes)), "--chain-id", "tracechain-e2e-1",
	}
	if opts.Consortium != "" {
		args = append(args, "--consortium", opts.Consortium)
	}
	if out, err := exec.Command(n.Bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("tracechaind localnet: %v\n%s", err, out)
	}
	bz, err := os.ReadFile(filepath.Join(n.Dir, "net", "localnet.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(bz, &n.Manifest); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.stopAll)
	return n
}

// Binary is $TRACECHAIND_BIN, or a tracechaind built once per test binary.
func Binary(t testing.TB) string {
	t.Helper()
	return tracechaind.path(t)
}

// SignerBinary is $TRACESIGNER_BIN, or a tracesigner built once per test binary.
func SignerBinary(t testing.TB) string {
	t.Helper()
	return tracesigner.path(t)
}

// IndexerBinary is $TRACEINDEXD_BIN, or a traceindexd built once per test binary.
func IndexerBinary(t testing.TB) string {
	t.Helper()
	return traceindexd.path(t)
}

// VegetaBinary is $VEGETA_BIN (make test-e2e installs it in build/tools),
// or vegeta installed once per test binary from the module proxy: the HTTP
// load generator of the indexer's load test.
func VegetaBinary(t testing.TB) string {
	t.Helper()
	return vegeta.path(t)
}

// VegetaModule is the load generator's module, at the version the Makefile installs.
const VegetaModule = "github.com/tsenart/vegeta/v12@v12.13.0"

// binary is a command of this repository, built on first use unless its
// environment variable names one (make test-e2e passes the ones it built).
type binary struct {
	name, env string
	// module, if set, is installed with go install instead of built here.
	module string
	once   sync.Once
	built  string
	err    error
}

var (
	tracechaind = &binary{name: "tracechaind", env: "TRACECHAIND_BIN"}
	tracesigner = &binary{name: "tracesigner", env: "TRACESIGNER_BIN"}
	traceindexd = &binary{name: "traceindexd", env: "TRACEINDEXD_BIN"}
	vegeta      = &binary{name: "vegeta", env: "VEGETA_BIN", module: VegetaModule}
)

func (b *binary) path(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv(b.env); bin != "" {
		return bin
	}
	b.once.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		dir, err := os.MkdirTemp("", b.name+"-e2e")
		if err != nil {
			b.err = err
			return
		}
		b.built = filepath.Join(dir, b.name)
		cmd := exec.Command("go", "build", "-tags", "pebbledb", "-o", b.built, "./cmd/"+b.name)
		if b.module != "" {
			cmd = exec.Command("go", "install", b.module)
			cmd.Env = append(os.Environ(), "GOBIN="+dir)
		}
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.built
}

// NodeEnv is the environment nodes run in: the garbage collector tuned as
// networks/README.md advises operators (GOGC 400 halves the CPU a loaded
// node spends collecting, for a few hundred MB), unless GOGC is set.
func NodeEnv() []string {
	env := os.Environ()
	if os.Getenv("GOGC") == "" {
		env = append(env, "GOGC=400")
	}
	return env
}

// FreePortRange finds count consecutive free ports on 127.0.0.1.
func FreePortRange(t testing.TB, count int) int {
	t.Helper()
	for base := 30000 + int(time.Now().UnixNano()%2000)*10; base < 60000; base += count + 10 {
		free := true
		for p := base; p < base+count && free; p++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
			if err != nil {
				free = false
				continue
			}
			_ = l.Close()
		}
		if free {
			return base
		}
	}
	t.Fatal("no free port range")
	return 0
}

// Node returns the named node of the manifest.
func (n *Network) Node(name string) Node {
	for _, node := range n.Nodes {
		if node.Name == name {
			return node
		}
	}
	n.t.Fatalf("no node %s", name)
	return Node{}
}

// Start launches a node; its output goes to <dir>/<name>.log.
func (n *Network) Start(name string) {
	n.t.Helper()
	node := n.Node(name)
	logFile, err := os.OpenFile(filepath.Join(n.Dir, name+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		n.t.Fatal(err)
	}
	cmd := exec.Command(n.Bin, "start", "--home", node.Home, "--log_no_color")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = NodeEnv()
	if err := cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); _ = logFile.Close(); close(p.done) }()
	n.mu.Lock()
	n.procs[name] = p
	n.mu.Unlock()
}

// StartAll launches every node.
func (n *Network) StartAll() {
	for _, node := range n.Nodes {
		n.Start(node.Name)
	}
}

// Kill ends a node with SIGKILL, as a crash would.
func (n *Network) Kill(name string) {
	n.mu.Lock()
	p := n.procs[name]
	delete(n.procs, name)
	n.mu.Unlock()
	if p == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		n.t.Errorf("%s did not exit after SIGKILL", name)
	}
}

func (n *Network) stopAll() {
	n.mu.Lock()
	names := make([]string, 0, len(n.procs))
	for name := range n.procs {
		names = append(names, name)
	}
	n.mu.Unlock()
	for _, name := range names {
		n.Kill(name)
	}
	if n.t.Failed() {
		for _, node := range n.Nodes {
			n.t.Logf("--- last lines of %s.log ---\n%s", node.Name, tail(filepath.Join(n.Dir, node.Name+".log"), 30))
		}
	}
}

func tail(path string, lines int) string {
	bz, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(bz), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// CLI runs tracechaind against node0's home (its keyring holds the
// consortium's keys) and returns stdout; stderr is folded into the error.
func (n *Network) CLI(ctx context.Context, args ...string) (string, error) {
	full := append(args, "--home", n.Keyring)
	cmd := exec.CommandContext(ctx, n.Bin, full...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("tracechaind %s: %w: %s%s", strings.Join(args, " "), err, stderr.String(), stdout.String())
	}
	return stdout.String(), nil
}
