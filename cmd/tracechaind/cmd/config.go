package cmd

import (
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/tracechain/tracechain/app"
)

// cometConfig is the config.toml a new home gets: Pebble storage, and
// block times that suit a consortium chain.
func cometConfig() *cmtcfg.Config {
	cfg := cmtcfg.DefaultConfig()
	cfg.DBBackend = "pebbledb"
	// Not CometBFT's 1s default: the SDK would replace that with 5s.
	cfg.Consensus.TimeoutCommit = 800 * time.Millisecond
	cfg.Consensus.TimeoutPropose = 2 * time.Second
	// A transaction of the largest size the chain admits (1 MiB) is 1.4 MB
	// in a JSON-RPC broadcast (base64); CometBFT's default body limit of
	// 1,000,000 bytes would refuse it before the mempool could judge it.
	cfg.RPC.MaxBodyBytes = 2_000_000
	return cfg
}

// AppConfig is app.toml: the SDK's settings and TraceChain's own.
type AppConfig struct {
	serverconfig.Config `mapstructure:",squash"`
	TraceChain          TraceChainConfig `mapstructure:"tracechain"`
}

// TraceChainConfig is app.toml's [tracechain] section.
type TraceChainConfig struct {
	MempoolMaxTxsPerSender int `mapstructure:"mempool-max-txs-per-sender"`
}

const traceChainConfigTemplate = `
###############################################################################
###                              TraceChain                                 ###
###############################################################################

[tracechain]

# How many transactions one sender (a transaction's first signer) may have
# waiting in this node's app-side mempool, of mempool.max-txs in all; more
# are refused at CheckTx until some are in a block. 0: no limit of its own.
mempool-max-txs-per-sender = {{ .TraceChain.MempoolMaxTxsPerSender }}
`

// appConfig is the app.toml a new home gets: gas is free (membership bounds
// spam), the API and gRPC servers are on, and app state is in Pebble too.
func appConfig() (string, *AppConfig) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = "0" + app.FeeDenom
	cfg.AppDBBackend = "pebbledb"
	cfg.API.Enable = true
	cfg.GRPC.Enable = true
	// The SDK's sender-nonce mempool: proposals take each sender's
	// transactions in nonce order. CometBFT's own list may hold a sender's
	// transactions out of order (two peers' CheckTx responses race), which
	// fails the later ones in the block; unordered transactions come out in
	// the order of their timeouts, that is, as their gateway sent them.
	cfg.Mempool.MaxTxs = 10_000
	// The IAVL node cache, 100,000 nodes instead of the SDK's 781,250: the
	// chain's bulk is readings written once under new keys, so a large cache
	// holds little that is read again, and as it fills it becomes most of a
	// node's live heap — every garbage collection marks it. On the loaded
	// localnet, CPU per committed reading grew by half within minutes with
	// the SDK's size and stayed nearly flat with this one (docs/BENCHMARKS.md).
	cfg.IAVLCacheSize = 100_000
	return serverconfig.DefaultConfigTemplate + traceChainConfigTemplate, &AppConfig{
		Config:     *cfg,
		TraceChain: TraceChainConfig{MempoolMaxTxsPerSender: app.DefaultMempoolMaxTxsPerSender},
	}
}

// validateOnly sets a node up to validate and serve no queries: no
// transaction index (traceindexd follows a node that keeps one), no block
// results kept after a block is applied, and no IAVL fast index (a second
// copy of every key, only worth it for reads). Under load this is a fifth
// less CPU per reading on each such node, most of it Pebble compactions.
//
// When query nodes are its peers (clients send through them, and they
// pass every transaction to every node), it relays no transactions
// either: a relayed copy only reaches peers that have it already, and
// each such copy of a 1,000-reading transaction cost its receiver the
// transfer and, in CometBFT's mempool, a hex dump for a debug line never
// written — 15 % of a validator's CPU under load.
// enableTelemetry turns on the application's telemetry (transactions,
// queries, block phases) served in Prometheus form by the API server at
// /metrics?format=prometheus, on the API's loopback address. The SDK's
// go-metrics telemetry is deprecated in favour of OpenTelemetry but still
// what its API server exports without a collector.
func enableTelemetry(app *serverconfig.Config) {
	app.Telemetry.Enabled = true               //nolint:staticcheck // the SDK's Prometheus export still rides on it
	app.Telemetry.ServiceName = "tracechaind"  //nolint:staticcheck // as above
	app.Telemetry.PrometheusRetentionTime = 60 //nolint:staticcheck // as above
	app.Telemetry.EnableHostnameLabel = false  //nolint:staticcheck // as above
}

func validateOnly(cfg *cmtcfg.Config, app *serverconfig.Config, queryNodePeers bool) {
	cfg.TxIndex.Indexer = "null"
	cfg.Storage.DiscardABCIResponses = true
	app.IAVLDisableFastNode = true
	if queryNodePeers {
		cfg.Mempool.Broadcast = false
	}
}
