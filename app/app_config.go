package app

import (
	runtimev1alpha1 "cosmossdk.io/api/cosmos/app/runtime/v1alpha1"
	appv1alpha1 "cosmossdk.io/api/cosmos/app/v1alpha1"
	authmodulev1 "cosmossdk.io/api/cosmos/auth/module/v1"
	bankmodulev1 "cosmossdk.io/api/cosmos/bank/module/v1"
	consensusmodulev1 "cosmossdk.io/api/cosmos/consensus/module/v1"
	txconfigv1 "cosmossdk.io/api/cosmos/tx/config/v1"
	upgrademodulev1 "cosmossdk.io/api/cosmos/upgrade/module/v1"
	"cosmossdk.io/depinject/appconfig"
	"github.com/tracechain/tracechain/x/lib/chainaddress"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	// Modules register themselves with app wiring in their init functions.
	_ "github.com/cosmos/cosmos-sdk/x/auth"
	_ "github.com/cosmos/cosmos-sdk/x/auth/tx/config"
	_ "github.com/cosmos/cosmos-sdk/x/bank"
	_ "github.com/cosmos/cosmos-sdk/x/consensus"
	_ "github.com/cosmos/cosmos-sdk/x/upgrade"
	_ "github.com/tracechain/tracechain/x/credit"
	_ "github.com/tracechain/tracechain/x/device"
	_ "github.com/tracechain/tracechain/x/membership"
	_ "github.com/tracechain/tracechain/x/poa"
	_ "github.com/tracechain/tracechain/x/service"
	_ "github.com/tracechain/tracechain/x/trace"

	credittypes "github.com/tracechain/tracechain/x/credit/types"
	creditmodulev1 "github.com/tracechain/tracechain/x/credit/types/modulev1"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	devicemodulev1 "github.com/tracechain/tracechain/x/device/types/modulev1"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	membershipmodulev1 "github.com/tracechain/tracechain/x/membership/types/modulev1"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
	poamodulev1 "github.com/tracechain/tracechain/x/poa/types/modulev1"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	servicemodulev1 "github.com/tracechain/tracechain/x/service/types/modulev1"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
	tracemodulev1 "github.com/tracechain/tracechain/x/trace/types/modulev1"
)

// moduleAccountPermissions lists the module accounts and what they may do.
var moduleAccountPermissions = []*authmodulev1.ModuleAccountPermission{
	{Account: authtypes.FeeCollectorName},
	// Open orders' escrow, and nothing else.
	{Account: servicetypes.EscrowAccount},
	// Mints and burns the settlement coin for ISSUER organizations.
	{Account: servicetypes.SettlementAccount, Permissions: []string{authtypes.Minter, authtypes.Burner}},
}

// Config is the depinject configuration of the chain: the SDK's auth,
// bank, consensus, upgrade and tx, plus membership, poa, credit, trace, device and service. No staking,
// distribution, mint, slashing or gov: validators come from x/poa and the
// consortium authority governs.
func Config() *appv1alpha1.Config {
	return &appv1alpha1.Config{
		Modules: []*appv1alpha1.ModuleConfig{
			{
				Name: "runtime",
				Config: appconfig.WrapAny(&runtimev1alpha1.Module{
					AppName: AppName,
					// upgrade first so a pending upgrade halts before anything runs.
					PreBlockers:   []string{upgradetypes.ModuleName, authtypes.ModuleName},
					BeginBlockers: []string{poatypes.ModuleName},
					// bank first (SDK v0.54 requirement); trace spreads recalls;
					// poa last so it reports every validator change of the block.
					EndBlockers: []string{banktypes.ModuleName, servicetypes.ModuleName, tracetypes.ModuleName, poatypes.ModuleName},
					// membership before poa, trace and device: validators name
					// operator organizations, company prefixes and devices their
					// owners.
					InitGenesis: []string{
						authtypes.ModuleName, banktypes.ModuleName, consensustypes.ModuleName,
						membershiptypes.ModuleName, poatypes.ModuleName, credittypes.ModuleName, tracetypes.ModuleName, devicetypes.ModuleName,
						servicetypes.ModuleName, upgradetypes.ModuleName,
					},
					OverrideStoreKeys: []*runtimev1alpha1.StoreKeyConfig{
						{ModuleName: authtypes.ModuleName, KvStoreKey: "acc"},
					},
				}),
			},
			{
				Name: authtypes.ModuleName,
				Config: appconfig.WrapAny(&authmodulev1.Module{
					Bech32Prefix:             chainaddress.Bech32Prefix,
					ModuleAccountPermissions: moduleAccountPermissions,
					// Gateways and devices send unordered transactions (a
					// timeout instead of a sequence): many in flight from one
					// account, in any order, through any node, without one
					// lost or delayed transaction failing all that follow it.
					EnableUnorderedTransactions: true,
				}),
			},
			{
				Name: banktypes.ModuleName,
				Config: appconfig.WrapAny(&bankmodulev1.Module{
					// Nobody sends coins to the escrow or settlement accounts
					// directly: the escrow balance must equal open escrows.
					BlockedModuleAccountsOverride: []string{authtypes.FeeCollectorName, servicetypes.EscrowAccount, servicetypes.SettlementAccount},
				}),
			},
			{
				Name: "tx",
				// The ante chain is TraceChain's own (app/ante.go).
				Config: appconfig.WrapAny(&txconfigv1.Config{SkipAnteHandler: true}),
			},
			{Name: consensustypes.ModuleName, Config: appconfig.WrapAny(&consensusmodulev1.Module{})},
			{Name: upgradetypes.ModuleName, Config: appconfig.WrapAny(&upgrademodulev1.Module{})},
			{Name: membershiptypes.ModuleName, Config: appconfig.WrapAny(&membershipmodulev1.Module{})},
			{Name: poatypes.ModuleName, Config: appconfig.WrapAny(&poamodulev1.Module{})},
			{Name: credittypes.ModuleName, Config: appconfig.WrapAny(&creditmodulev1.Module{})},
			{Name: tracetypes.ModuleName, Config: appconfig.WrapAny(&tracemodulev1.Module{})},
			{Name: devicetypes.ModuleName, Config: appconfig.WrapAny(&devicemodulev1.Module{})},
			{Name: servicetypes.ModuleName, Config: appconfig.WrapAny(&servicemodulev1.Module{})},
		},
	}
}
