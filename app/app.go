package app

import (
	"net/http"
	"sync"

	"github.com/tracechain/tracechain/app/openapi"
	"github.com/tracechain/tracechain/x/lib/chainaddress"

	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	"github.com/cosmos/cosmos-sdk/types/mempool"
	"github.com/cosmos/cosmos-sdk/types/module"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	upgradekeeper "github.com/cosmos/cosmos-sdk/x/upgrade/keeper"

	creditkeeper "github.com/tracechain/tracechain/x/credit/keeper"
	devicekeeper "github.com/tracechain/tracechain/x/device/keeper"
	membershipkeeper "github.com/tracechain/tracechain/x/membership/keeper"
	poakeeper "github.com/tracechain/tracechain/x/poa/keeper"
	servicekeeper "github.com/tracechain/tracechain/x/service/keeper"
	tracekeeper "github.com/tracechain/tracechain/x/trace/keeper"
)

var (
	_ runtime.AppI            = (*App)(nil)
	_ servertypes.Application = (*App)(nil)
)

// App is the TraceChain application.
type App struct {
	*runtime.App
	legacyAmino       *codec.LegacyAmino
	appCodec          codec.Codec
	txConfig          client.TxConfig
	interfaceRegistry codectypes.InterfaceRegistry

	AccountKeeper         authkeeper.AccountKeeper
	BankKeeper            bankkeeper.BaseKeeper
	ConsensusParamsKeeper consensuskeeper.Keeper
	UpgradeKeeper         *upgradekeeper.Keeper
	MembershipKeeper      membershipkeeper.Keeper
	PoaKeeper             poakeeper.Keeper
	CreditKeeper          creditkeeper.Keeper
	TraceKeeper           tracekeeper.Keeper
	DeviceKeeper          devicekeeper.Keeper
	ServiceKeeper         servicekeeper.Keeper

	closeOnce sync.Once
	closeErr  error
}

// New builds the app from AppConfig and loads the latest state if asked.
func New(
	logger log.Logger,
	db dbm.DB,
	loadLatest bool,
	appOpts servertypes.AppOptions,
	baseAppOptions ...func(*baseapp.BaseApp),
) (*App, error) {
	chainaddress.SetAddressPrefixes()
	app := &App{}
	var appBuilder *runtime.AppBuilder
	if err := depinject.Inject(
		depinject.Configs(
			appconfig.Compose(Config()),
			depinject.Supply(appOpts, logger, Permissions()),
		),
		&appBuilder,
		&app.appCodec,
		&app.legacyAmino,
		&app.txConfig,
		&app.interfaceRegistry,
		&app.AccountKeeper,
		&app.BankKeeper,
		&app.ConsensusParamsKeeper,
		&app.UpgradeKeeper,
		&app.MembershipKeeper,
		&app.PoaKeeper,
		&app.CreditKeeper,
		&app.TraceKeeper,
		&app.DeviceKeeper,
		&app.ServiceKeeper,
	); err != nil {
		return nil, err
	}

	// With the app-side mempool (app.toml mempool.max-txs >= 0), the SDK's
	// default would re-run the ante handler on every transaction of every
	// proposal and reject the whole block for one that fails it. Validators
	// execute every transaction in FinalizeBlock anyway, where a failing one
	// fails alone; so proposals are accepted as they come.
	baseAppOptions = append(baseAppOptions, func(b *baseapp.BaseApp) { b.SetProcessProposal(baseapp.NoOpProcessProposal()) })
	// Each sender's share of the app-side mempool (mempool.go). Without the
	// app-side mempool (max-txs < 0) CometBFT's own list holds transactions
	// and only its total limit applies.
	if limit := mempoolMaxTxsPerSender(appOpts.Get); limit > 0 {
		baseAppOptions = append(baseAppOptions, func(b *baseapp.BaseApp) {
			inner, isExt := b.Mempool().(mempool.ExtMempool)
			if _, isNoOp := b.Mempool().(mempool.NoOpMempool); isExt && !isNoOp {
				b.SetMempool(newSenderLimitMempool(inner, limit))
			}
		})
	}
	app.App = appBuilder.Build(db, baseAppOptions...)

	anteHandler, err := NewAnteHandler(AnteOptions{
		AccountKeeper:    app.AccountKeeper,
		BankKeeper:       app.BankKeeper,
		MembershipKeeper: app.MembershipKeeper,
		DeviceKeeper:     app.DeviceKeeper,
		Codec:            app.appCodec,
		Registry:         app.interfaceRegistry,
		SignModeHandler:  app.txConfig.SignModeHandler(),
	})
	if err != nil {
		return nil, err
	}
	app.SetAnteHandler(anteHandler)

	if err := app.registerUpgradeHandlers(); err != nil {
		return nil, err
	}
	if err := app.Load(loadLatest); err != nil {
		return nil, err
	}
	return app, nil
}

// Close releases the databases, once. The SDK's start command closes the
// app twice on shutdown (after CometBFT stops, then on exit), and Pebble
// panics on the second close.
func (app *App) Close() error {
	app.closeOnce.Do(func() { app.closeErr = app.App.Close() })
	return app.closeErr
}

// SimulationManager is not used: TraceChain's determinism tests replay
// fixed blocks instead of the SDK's random simulation.
func (app *App) SimulationManager() *module.SimulationManager { return nil }

// LegacyAmino returns the amino codec (Ledger signing of legacy messages).
func (app *App) LegacyAmino() *codec.LegacyAmino { return app.legacyAmino }

// AppCodec returns the app's protobuf codec.
func (app *App) AppCodec() codec.Codec { return app.appCodec }

// InterfaceRegistry returns the app's interface registry.
func (app *App) InterfaceRegistry() codectypes.InterfaceRegistry { return app.interfaceRegistry }

// TxConfig returns the app's transaction config.
func (app *App) TxConfig() client.TxConfig { return app.txConfig }

// RegisterAPIRoutes serves the modules' gRPC-gateway routes, their OpenAPI
// document (openapi.Route) and the SDK's swagger.
func (app *App) RegisterAPIRoutes(apiSvr *api.Server, apiConfig config.APIConfig) {
	app.App.RegisterAPIRoutes(apiSvr, apiConfig)
	apiSvr.Router.Handle(openapi.Route, openapi.Handler()).Methods(http.MethodGet)
	if err := server.RegisterSwaggerAPI(apiSvr.ClientCtx, apiSvr.Router, apiConfig.Swagger); err != nil {
		panic(err)
	}
}
