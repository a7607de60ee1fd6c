// Package cmd assembles the tracechaind command tree.
package cmd

import (
	"os"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/spf13/cobra"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
	// AutoCLI reads JSON Any values (validator consensus keys in
	// `tx poa add-validator`) through protoregistry.GlobalTypes, where only
	// the API package registers the ed25519 key type.
	_ "cosmossdk.io/api/cosmos/crypto/ed25519"
	"cosmossdk.io/client/v2/autocli"
	clientv2keyring "cosmossdk.io/client/v2/autocli/keyring"
	"cosmossdk.io/core/address"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/server"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/types/module"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtxconfig "github.com/cosmos/cosmos-sdk/x/auth/tx/config"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/tracechain/tracechain/app"
)

// NewRootCmd builds the tracechaind command tree. The client side is wired
// from the same app config as the node, so every module's CLI comes from
// its proto services through AutoCLI.
func NewRootCmd() *cobra.Command {
	chainaddress.SetAddressPrefixes()
	var (
		autoCliOpts  autocli.AppOptions
		basicManager module.BasicManager
		clientCtx    client.Context
	)
	if err := depinject.Inject(
		depinject.Configs(
			appconfig.Compose(app.Config()),
			depinject.Supply(log.NewNopLogger(), simtestutil.NewAppOptionsWithFlagHome(os.TempDir()), app.Permissions()),
			depinject.Provide(ProvideClientContext, ProvideKeyring),
		),
		&autoCliOpts,
		&basicManager,
		&clientCtx,
	); err != nil {
		panic(err)
	}

	rootCmd := &cobra.Command{
		Use:           "tracechaind",
		Short:         "TraceChain node: a permissioned ledger for provenance, credit and service transactions",
		SilenceErrors: true,
		// A failed command prints its error, not its whole usage; --help has that.
		SilenceUsage: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.OutOrStdout())
			cmd.SetErr(cmd.ErrOrStderr())

			clientCtx = clientCtx.WithCmdContext(cmd.Context()).WithViper("")
			clientCtx, err := client.ReadPersistentCommandFlags(clientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			clientCtx, err = config.ReadFromClientConfig(clientCtx)
			if err != nil {
				return err
			}
			if err := client.SetCmdClientContextHandler(clientCtx, cmd); err != nil {
				return err
			}
			appTemplate, appCfg := appConfig()
			return server.InterceptConfigsPreRunHandler(cmd, appTemplate, appCfg, cometConfig())
		},
	}

	addCommands(rootCmd, clientCtx.TxConfig, basicManager)
	autoCliOpts.ModuleOptions = map[string]*autocliv1.ModuleOptions{"upgrade": upgradeCLIOptions()}
	if err := autoCliOpts.EnhanceRootCommand(rootCmd); err != nil {
		panic(err)
	}
	return rootCmd
}

// ProvideClientContext builds the client context from the app's codecs (depinject provider).
func ProvideClientContext(
	appCodec codec.Codec,
	interfaceRegistry codectypes.InterfaceRegistry,
	txConfigOpts authtx.ConfigOptions,
	legacyAmino *codec.LegacyAmino,
) client.Context {
	clientCtx := client.Context{}.
		WithCodec(appCodec).
		WithInterfaceRegistry(interfaceRegistry).
		WithLegacyAmino(legacyAmino).
		WithInput(os.Stdin).
		WithAccountRetriever(authtypes.AccountRetriever{}).
		WithHomeDir(app.DefaultNodeHome()).
		WithViper("TRACECHAIND")

	clientCtx, err := config.ReadDefaultValuesFromDefaultClientConfig(clientCtx)
	if err != nil {
		panic(err)
	}
	// SIGN_MODE_TEXTUAL needs coin metadata, which the client reads over gRPC.
	txConfigOpts.TextualCoinMetadataQueryFn = authtxconfig.NewGRPCCoinMetadataQueryFn(clientCtx)
	txConfig, err := authtx.NewTxConfigWithOptions(clientCtx.Codec, txConfigOpts)
	if err != nil {
		panic(err)
	}
	return clientCtx.WithTxConfig(txConfig)
}

// ProvideKeyring gives AutoCLI the keyring of the client context (depinject provider).
func ProvideKeyring(clientCtx client.Context, _ address.Codec) (clientv2keyring.Keyring, error) {
	kb, err := client.NewKeyringFromBackend(clientCtx, clientCtx.Keyring.Backend())
	if err != nil {
		return nil, err
	}
	return keyring.NewAutoCLIKeyring(kb)
}
