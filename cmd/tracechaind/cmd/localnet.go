package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	serverconfig "github.com/cosmos/cosmos-sdk/server/config"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/tracechain/tracechain/app"
)

const (
	flagValidators = "validators"
	flagFullNodes  = "full-nodes"
	flagOutputDir  = "output-dir"
	flagBasePort   = "base-port"
	flagConsortium = "consortium"
	flagPower      = "power"
	flagChainID    = "chain-id"
	flagQueryNodes = "query-nodes"

	// Each node gets ten ports from base+10*i; node 0 keeps CometBFT's
	// familiar 26656 (p2p) and 26657 (RPC) with the default base 26650.
	portGRPC       = 0
	portAPI        = 1
	portPprof      = 2
	portPrometheus = 3
	portP2P        = 6
	portRPC        = 7
)

// localNode is one generated home and how to reach it.
type localNode struct {
	Name      string `json:"name"`
	Home      string `json:"home"`
	Validator bool   `json:"validator"`
	// ServesQueries: the node keeps CometBFT's transaction index, every
	// block's results and the IAVL fast index, for clients and traceindexd.
	ServesQueries    bool            `json:"serves_queries"`
	NodeID           string          `json:"node_id"`
	ConsensusAddress string          `json:"consensus_address"`
	ConsensusPubKey  json.RawMessage `json:"consensus_pubkey"`
	P2P              string          `json:"p2p"`
	RPC              string          `json:"rpc"`
	GRPC             string          `json:"grpc"`
	API              string          `json:"api"`
	// Metrics is CometBFT's Prometheus endpoint of the node.
	Metrics string `json:"metrics"`
	// AppMetrics is the application's telemetry (the SDK's, in Prometheus
	// form) on the node's API server.
	AppMetrics string `json:"app_metrics"`

	basePort int
	pubKey   cryptotypes.PubKey
}

// localnetManifest is written to <output-dir>/localnet.json for scripts and tests.
type localnetManifest struct {
	ChainID   string            `json:"chain_id"`
	Authority string            `json:"authority"`
	Keyring   string            `json:"keyring_home"`
	Accounts  map[string]string `json:"accounts"`
	Nodes     []localNode       `json:"nodes"`
}

func localnetCommand(basicManager module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "localnet",
		Short: "Write the homes of an N-validator TraceChain network on 127.0.0.1 ports",
		Long: `Creates <output-dir>/node0 ... with keys, config and one shared genesis:
the consortium authority (a multisig), the organizations and accounts of the
consortium file, and N validators operated by its validator-operator
organizations. The consortium's keys are in node0's keyring (test backend).
Ports: node i uses base+10*i: +6 p2p, +7 RPC, +0 gRPC, +1 REST API.`,
		Example: "tracechaind localnet --validators 4 --output-dir networks/localnet --consortium networks/consortium.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			validators, _ := cmd.Flags().GetInt(flagValidators)
			fullNodes, _ := cmd.Flags().GetInt(flagFullNodes)
			dir, _ := cmd.Flags().GetString(flagOutputDir)
			basePort, _ := cmd.Flags().GetInt(flagBasePort)
			chainID, _ := cmd.Flags().GetString(flagChainID)
			power, _ := cmd.Flags().GetInt64(flagPower)
			specPath, _ := cmd.Flags().GetString(flagConsortium)
			queryNodes, _ := cmd.Flags().GetInt(flagQueryNodes)
			if validators < 1 {
				return fmt.Errorf("--%s must be at least 1", flagValidators)
			}
			if dir == "" {
				return fmt.Errorf("--%s is required", flagOutputDir)
			}
			if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
				return fmt.Errorf("%s already exists and is not empty; remove it first", dir)
			}
			spec, err := loadConsortium(specPath)
			if err != nil {
				return err
			}
			switch all := validators + fullNodes; {
			case queryNodes == -1:
				queryNodes = all
			case queryNodes < 0 || queryNodes > all:
				return fmt.Errorf("--%s %d: want -1 (every node) or 0..%d, the number of nodes", flagQueryNodes, queryNodes, all)
			}
			m, err := writeLocalnet(clientCtx, basicManager, spec, dir, chainID, validators, fullNodes, queryNodes, basePort, power)
			if err != nil {
				return err
			}
			return printLocalnet(cmd, m)
		},
	}
	cmd.Flags().Int(flagValidators, 4, "number of validators")
	cmd.Flags().Int(flagFullNodes, 0, "number of extra non-validator nodes (e.g. to add as validators later)")
	cmd.Flags().String(flagOutputDir, "", "directory to write the node homes to")
	cmd.Flags().Int(flagBasePort, 26650, "first port; node i uses base+10*i to base+10*i+9")
	cmd.Flags().String(flagChainID, "tracechain-local-1", "chain ID")
	cmd.Flags().Int64(flagPower, 10, "voting power of each genesis validator")
	cmd.Flags().String(flagConsortium, "", "consortium JSON (authority, organizations, accounts); default: one operator organization")
	cmd.Flags().Int(flagQueryNodes, -1, "how many nodes, from node0, serve queries (transaction index, block results, IAVL fast index); "+
		"the others keep none of them, as validators that only validate would (-1: all)")
	return cmd
}

func writeLocalnet(clientCtx client.Context, basicManager module.BasicManager, spec consortiumSpec,
	dir, chainID string, validators, fullNodes, queryNodes, basePort int, power int64,
) (*localnetManifest, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	nodes := make([]localNode, validators+fullNodes)
	configs := make([]*cmtcfg.Config, len(nodes))
	for i := range nodes {
		n := &nodes[i]
		n.Name, n.Home, n.Validator, n.basePort = fmt.Sprintf("node%d", i), filepath.Join(dir, fmt.Sprintf("node%d", i)), i < validators, basePort+10*i
		n.ServesQueries = i < queryNodes
		cfg := cometConfig()
		cfg.SetRoot(n.Home)
		cmtcfg.EnsureRoot(n.Home)
		cfg.Moniker = n.Name
		n.NodeID, n.pubKey, err = genutil.InitializeNodeValidatorFilesFromMnemonic(cfg, "")
		if err != nil {
			return nil, err
		}
		if n.ConsensusAddress, err = chainaddress.ConsensusAddressCodec().BytesToString(n.pubKey.Address()); err != nil {
			return nil, err
		}
		if n.ConsensusPubKey, err = clientCtx.Codec.MarshalInterfaceJSON(n.pubKey); err != nil {
			return nil, err
		}
		n.P2P = fmt.Sprintf("127.0.0.1:%d", n.basePort+portP2P)
		n.RPC = fmt.Sprintf("tcp://127.0.0.1:%d", n.basePort+portRPC)
		n.GRPC = fmt.Sprintf("127.0.0.1:%d", n.basePort+portGRPC)
		n.API = fmt.Sprintf("tcp://127.0.0.1:%d", n.basePort+portAPI)
		n.Metrics = fmt.Sprintf("http://127.0.0.1:%d/metrics", n.basePort+portPrometheus)
		n.AppMetrics = fmt.Sprintf("http://127.0.0.1:%d/metrics?format=prometheus", n.basePort+portAPI)
		configs[i] = cfg
	}

	kr, err := keyring.New(sdk.KeyringServiceName(), keyring.BackendTest, nodes[0].Home, nil, clientCtx.Codec)
	if err != nil {
		return nil, err
	}
	addrs, err := spec.createKeys(kr)
	if err != nil {
		return nil, err
	}

	genesis, err := localGenesis(clientCtx, basicManager, spec, addrs, chainID, nodes, power)
	if err != nil {
		return nil, err
	}
	for i := range nodes {
		if err := writeNodeFiles(&nodes[i], configs[i], nodes, chainID, genesis); err != nil {
			return nil, err
		}
	}

	m := &localnetManifest{ChainID: chainID, Authority: addrs[spec.Authority.Name], Keyring: nodes[0].Home, Accounts: addrs, Nodes: nodes}
	bz, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return m, os.WriteFile(filepath.Join(dir, "localnet.json"), bz, 0o644)
}

func localGenesis(clientCtx client.Context, basicManager module.BasicManager, spec consortiumSpec,
	addrs map[string]string, chainID string, nodes []localNode, power int64,
) (*genutiltypes.AppGenesis, error) {
	doc := &genutiltypes.AppGenesis{
		AppName: app.AppName, ChainID: chainID, GenesisTime: time.Now().UTC().Truncate(time.Second), InitialHeight: 1,
		Consensus: &genutiltypes.ConsensusGenesis{Params: cmttypes.DefaultConsensusParams()},
	}
	state := map[string]json.RawMessage{}
	for name, raw := range basicManager.DefaultGenesis(clientCtx.Codec) {
		state[name] = raw
	}
	e := &genesisEditor{cdc: clientCtx.Codec, addrCodec: chainaddress.AccountAddressCodec(), consCodec: chainaddress.ConsensusAddressCodec(), doc: doc, state: state}
	if err := spec.apply(e, addrs); err != nil {
		return nil, err
	}
	operators := spec.operators()
	for i, n := range nodes {
		if !n.Validator {
			continue
		}
		if _, err := e.AddValidator(n.Name, n.pubKey, power, operators[i%len(operators)]); err != nil {
			return nil, err
		}
	}
	if err := e.CheckConsortium(); err != nil {
		return nil, err
	}
	bz, err := json.MarshalIndent(e.state, "", "  ")
	if err != nil {
		return nil, err
	}
	doc.AppState = bz
	return doc, nil
}

// writeNodeFiles writes config.toml, app.toml, client.toml and genesis.json.
func writeNodeFiles(n *localNode, cfg *cmtcfg.Config, all []localNode, chainID string, genesis *genutiltypes.AppGenesis) error {
	var peers []string
	for _, other := range all {
		if other.Name != n.Name {
			peers = append(peers, other.NodeID+"@"+other.P2P)
		}
	}
	cfg.P2P.ListenAddress = "tcp://" + n.P2P
	cfg.P2P.PersistentPeers = strings.Join(peers, ",")
	cfg.P2P.AddrBookStrict = false
	cfg.P2P.AllowDuplicateIP = true
	cfg.RPC.ListenAddress = n.RPC
	cfg.RPC.PprofListenAddress = fmt.Sprintf("127.0.0.1:%d", n.basePort+portPprof)
	// Operators watch a node through CometBFT's Prometheus metrics
	// (heights, block times, mempool, peers), on loopback.
	cfg.Instrumentation.Prometheus = true
	cfg.Instrumentation.PrometheusListenAddr = fmt.Sprintf("127.0.0.1:%d", n.basePort+portPrometheus)
	_, appCfg := appConfig()
	if !n.ServesQueries {
		validateOnly(cfg, &appCfg.Config, anyServesQueries(all))
	}
	cmtcfg.WriteConfigFile(filepath.Join(n.Home, "config", "config.toml"), cfg)

	appCfg.API.Address = n.API
	enableTelemetry(&appCfg.Config)
	appCfg.GRPC.Address = n.GRPC
	serverconfig.WriteConfigFile(filepath.Join(n.Home, "config", "app.toml"), appCfg)

	client := fmt.Sprintf("chain-id = %q\nkeyring-backend = \"test\"\nkeyring-default-keyname = \"\"\noutput = \"text\"\nnode = %q\nbroadcast-mode = \"sync\"\n", chainID, n.RPC)
	if err := os.WriteFile(filepath.Join(n.Home, "config", "client.toml"), []byte(client), 0o644); err != nil {
		return err
	}
	return genesis.SaveAs(filepath.Join(n.Home, "config", "genesis.json"))
}

// anyServesQueries: some node is a query node — every node's peer in a
// localnet, which passes clients' transactions to all of them.
func anyServesQueries(nodes []localNode) bool {
	return slices.ContainsFunc(nodes, func(n localNode) bool { return n.ServesQueries })
}

func printLocalnet(cmd *cobra.Command, m *localnetManifest) error {
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "TraceChain localnet %s\n", m.ChainID)
	for _, n := range m.Nodes {
		role := "full node"
		if n.Validator {
			role = "validator"
		}
		if !n.ServesQueries {
			role += ", no queries"
			if anyServesQueries(m.Nodes) {
				role += " or relay"
			}
		}
		fmt.Fprintf(w, "  %-6s %-30s rpc %s  api %s  metrics %s  home %s\n", n.Name, role, n.RPC, n.API, n.Metrics, n.Home)
	}
	fmt.Fprintf(w, "  authority %s (multisig); keys in %s (keyring-backend test)\n", m.Authority, m.Keyring)
	return nil
}
