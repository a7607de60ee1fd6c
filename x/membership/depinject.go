package membership

import (
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/store"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"

	"github.com/cosmos/cosmos-sdk/codec"
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"

	"github.com/tracechain/tracechain/x/membership/keeper"
	"github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/membership/types/modulev1"
)

func init() {
	appconfig.RegisterModule(&modulev1.Module{}, appconfig.Provide(ProvideModule))
}

// ModuleInputs are what the membership module needs from the app.
type ModuleInputs struct {
	depinject.In

	Config          *modulev1.Module
	Cdc             codec.Codec
	StoreService    store.KVStoreService
	EventService    event.Service
	AddressCodec    address.Codec
	ConsensusKeeper consensuskeeper.Keeper
	AccountKeeper   types.AccountKeeper
	// Policy is the chain's message policy, supplied by the app.
	Policy types.MsgPolicy
}

// ModuleOutputs are what it gives back.
type ModuleOutputs struct {
	depinject.Out

	Keeper keeper.Keeper
	Module appmodule.AppModule
}

// ProvideModule builds the keeper and module.
func ProvideModule(in ModuleInputs) ModuleOutputs {
	k := keeper.NewKeeper(in.Cdc, in.StoreService, in.EventService, in.AddressCodec,
		in.ConsensusKeeper.ParamsStore, in.AccountKeeper, in.Policy)
	return ModuleOutputs{Keeper: k, Module: NewAppModule(k)}
}
