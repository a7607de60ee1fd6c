// Command traceindexd follows a TraceChain node over CometBFT RPC, indexes
// its blocks' typed events into Pebble and serves them over REST (Gin).
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/cosmos/gogoproto/proto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"cosmossdk.io/log/v2"

	"github.com/tracechain/tracechain/cmd/traceindexd/api"
	"github.com/tracechain/tracechain/cmd/traceindexd/follower"
	"github.com/tracechain/tracechain/cmd/traceindexd/store"
)

func main() {
	if err := rootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}

func rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "traceindexd",
		Short:         "Follow a TraceChain node into Pebble and serve supply-chain apps over REST",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.PersistentFlags().String("node", "tcp://127.0.0.1:26657", "CometBFT RPC address of the node to follow")
	root.PersistentFlags().String("home", "traceindexd-data", "directory of the index")
	start := &cobra.Command{
		Use:   "start",
		Short: "Follow the node and serve REST until interrupted",
		Args:  cobra.NoArgs,
		RunE:  runStart,
	}
	start.Flags().String("listen", "127.0.0.1:8090", "address of the REST server")
	start.Flags().Int64("max-lag", 5, "blocks behind the node /readyz still answers ready")
	start.Flags().String("pprof", "", "address of Go's profiling endpoints (/debug/pprof), as a node's pprof_laddr; empty: off")
	start.Flags().Duration("read-header-timeout", 5*time.Second, "time a client has to send a request's headers")
	start.Flags().Duration("read-timeout", 60*time.Second, "time a client has to send a whole request, body included (a batch upload of the largest size fits)")
	start.Flags().Duration("write-timeout", 60*time.Second, "time an answer may take to be written")
	start.Flags().Duration("idle-timeout", 120*time.Second, "time an idle keep-alive connection is kept open")
	start.Flags().Duration("shutdown-timeout", 10*time.Second, "time requests in flight get to finish on SIGINT/SIGTERM")
	d := api.DefaultLimits
	start.Flags().Float64("client-rate", d.ClientRate, "requests per second each client (IP address; IPv6 by /64) may make; 0: unlimited")
	start.Flags().Int("client-burst", d.ClientBurst, "requests a client may make at once above its rate")
	start.Flags().Int("max-in-flight", d.MaxInFlight, "requests answered at once, all clients together; one more is a 429 (0: unlimited)")
	start.Flags().Int("client-in-flight", d.ClientInFlight, "requests of one client answered at once; one more is a 429 (0: unlimited)")
	start.Flags().Int("max-uploads", d.MaxUploads, "batch uploads read at once, each holding memory in proportion to its batch; one more is a 429 (0: unlimited)")
	start.Flags().Float64("upload-rate", d.UploadRate, "batch uploads per second each member account may make; 0: unlimited")
	start.Flags().Int("upload-burst", d.UploadBurst, "batch uploads a member account may make at once above its rate")
	start.Flags().StringSlice("trusted-proxies", nil, "addresses or CIDRs of reverse proxies whose X-Forwarded-For names the client (none: the connection's address is the client)")
	start.Flags().StringSlice("cors-origins", nil, "browser origins (https://app.example.com, or *) allowed to call the indexer; none: CORS off")
	start.Flags().Bool("no-uploads", false, "refuse every batch upload (403)")
	captureFlags(start)
	reindex := &cobra.Command{
		Use:   "reindex",
		Short: "Delete the index and rebuild it from height 1 to the node's latest height",
		Args:  cobra.NoArgs,
		RunE:  runReindex,
	}
	reindex.Flags().Int64("to-height", 0, "stop at this height (0: the node's latest)")
	digest := &cobra.Command{
		Use:   "digest",
		Short: "Print a SHA-256 over every key and value of the index, the key count and the indexed height",
		Args:  cobra.NoArgs,
		RunE:  runDigest,
	}
	root.AddCommand(start, reindex, digest, tokenCmd(), qrCmd())
	return root
}

func open(cmd *cobra.Command) (*store.Store, *follower.Follower, error) {
	node, _ := cmd.Flags().GetString("node")
	home, _ := cmd.Flags().GetString("home")
	rpc, err := rpchttp.New(node, "/websocket")
	if err != nil {
		return nil, nil, fmt.Errorf("--node %s: %w", node, err)
	}
	st, err := store.Open(filepath.Join(home, "index"))
	if err != nil {
		return nil, nil, err
	}
	logger := log.NewLogger(os.Stderr)
	cdc, err := follower.NewCodec()
	if err != nil {
		return nil, nil, err
	}
	return st, &follower.Follower{RPC: rpc, Store: st, Codec: cdc, Logger: logger, Poll: 300 * time.Millisecond}, nil
}

func runStart(cmd *cobra.Command, _ []string) error {
	listen, _ := cmd.Flags().GetString("listen")
	maxLag, _ := cmd.Flags().GetInt64("max-lag")
	st, f, err := open(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	reg := prometheus.NewRegistry()
	duration := func(name string) time.Duration { d, _ := cmd.Flags().GetDuration(name); return d }
	server, err := apiServer(cmd, st, f, maxLag)
	if err != nil {
		return err
	}
	node, _ := cmd.Flags().GetString("node")
	capturer, closeCapture, err := openWritePath(ctx, cmd, node, f.Logger.Info)
	if err != nil {
		return err
	}
	defer func() { _ = closeCapture() }()
	queries, closeQueries, err := openSubscriptions(ctx, cmd, st, f, f.Logger.Info)
	if err != nil {
		return err
	}
	defer func() { _ = closeQueries() }()
	server.Queries = queries
	if server.Tokens != nil {
		queries.OwnerValid = server.Tokens.Exists
	}
	if capturer != nil {
		server.Capture = capturer
		f.Logger.Info("capture interface on", "key", mustString(cmd, "capture-key"))
	}
	handler, err := server.Handler(reg)
	if err != nil {
		return err
	}
	// Every phase of a request is bounded: a client dripping its headers or
	// body, or never reading the answer, holds nothing for long.
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: duration("read-header-timeout"),
		ReadTimeout:       duration("read-timeout"),
		WriteTimeout:      duration("write-timeout"),
		IdleTimeout:       duration("idle-timeout"),
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("--listen %s: %w", listen, err)
	}
	f.Logger.Info("traceindexd serving", "listen", ln.Addr().String())
	if addr, _ := cmd.Flags().GetString("pprof"); addr != "" {
		if _, err := servePprof(addr, f.Logger); err != nil {
			return err
		}
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	followed := make(chan error, 1)
	go func() { followed <- f.Run(ctx) }()

	select {
	case <-ctx.Done():
	case err := <-served:
		stop()
		if ferr := <-followed; ferr != nil {
			return errors.Join(err, ferr)
		}
		return err
	case err := <-followed:
		stop()
		_ = srv.Close()
		return err
	}
	// Graceful shutdown: finish requests in flight, let the follower end
	// its block (a block is written whole or not at all anyway).
	shutdownCtx, cancel := context.WithTimeout(context.Background(), duration("shutdown-timeout"))
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-followed
}

// apiServer is the REST server as the start flags configure it.
func apiServer(cmd *cobra.Command, st *store.Store, f *follower.Follower, maxLag int64) (*api.Server, error) {
	flags := cmd.Flags()
	var l api.Limits
	l.ClientRate, _ = flags.GetFloat64("client-rate")
	l.ClientBurst, _ = flags.GetInt("client-burst")
	l.MaxInFlight, _ = flags.GetInt("max-in-flight")
	l.ClientInFlight, _ = flags.GetInt("client-in-flight")
	l.MaxUploads, _ = flags.GetInt("max-uploads")
	l.UploadRate, _ = flags.GetFloat64("upload-rate")
	l.UploadBurst, _ = flags.GetInt("upload-burst")
	if l.ClientRate < 0 || l.UploadRate < 0 || l.MaxInFlight < 0 || l.ClientInFlight < 0 || l.MaxUploads < 0 {
		return nil, errors.New("--client-rate, --upload-rate, --max-in-flight, --client-in-flight, --max-uploads: 0 (unlimited) or more")
	}
	s := &api.Server{Store: st, Progress: f, Chain: chain{f}, State: state{f}, MaxLag: maxLag, Logger: f.Logger, Limits: l, Uploads: chain{f}}
	s.TrustedProxies, _ = flags.GetStringSlice("trusted-proxies")
	s.QueryTokens, _ = flags.GetBool("query-tokens")
	keys, err := openTokens(cmd)
	if err != nil {
		return nil, err
	}
	s.Tokens = keys
	s.CORSOrigins, _ = flags.GetStringSlice("cors-origins")
	if off, _ := flags.GetBool("no-uploads"); off {
		s.Uploads = nil
	}
	return s, nil
}

func runReindex(cmd *cobra.Command, _ []string) error {
	home, _ := cmd.Flags().GetString("home")
	if err := os.RemoveAll(filepath.Join(home, "index")); err != nil {
		return err
	}
	st, f, err := open(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	status, err := f.RPC.Status(cmd.Context())
	if err != nil {
		return fmt.Errorf("node status: %w", err)
	}
	latest := status.SyncInfo.LatestBlockHeight
	if to, _ := cmd.Flags().GetInt64("to-height"); to > 0 {
		if to > latest {
			return fmt.Errorf("--to-height %d: the node is at %d", to, latest)
		}
		latest = to
	}
	for h := int64(1); h <= latest; h++ {
		if err := f.IndexHeight(cmd.Context(), h); err != nil {
			return fmt.Errorf("height %d: %w", h, err)
		}
	}
	fmt.Fprintf(cmd.OutOrStdout(), "reindexed heights 1..%d\n", latest)
	return nil
}

func runDigest(cmd *cobra.Command, _ []string) error {
	home, _ := cmd.Flags().GetString("home")
	st, err := store.Open(filepath.Join(home, "index"))
	if err != nil {
		return err
	}
	defer st.Close()
	cursor, err := st.Cursor()
	if err != nil {
		return err
	}
	digest, keys, err := st.Digest()
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s %d %d\n", digest, keys, cursor)
	return nil
}

// chain answers the REST server's questions to the node and the codec.
type chain struct{ *follower.Follower }

func (c chain) DecodeJSON(bz []byte, into interface{ ProtoMessage() }) error {
	return c.Codec.DecodeJSON(bz, into)
}

// state answers the views from the node at the indexed height.
type state struct{ *follower.Follower }

func (s state) ProtoJSON(msg proto.Message) ([]byte, error) { return s.Codec.ProtoJSON(msg) }

func mustString(cmd *cobra.Command, name string) string {
	v, _ := cmd.Flags().GetString(name)
	return v
}

// nodeChainID asks the node its chain ID (what transactions are signed for).
func nodeChainID(ctx context.Context, node string) (string, error) {
	rpc, err := rpchttp.New(node, "/websocket")
	if err != nil {
		return "", err
	}
	st, err := rpc.Status(ctx)
	if err != nil {
		return "", fmt.Errorf("--node %s: %w", node, err)
	}
	return st.NodeInfo.Network, nil
}
