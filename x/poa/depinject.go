package poa

import (
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/core/comet"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/store"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/runtime"

	"github.com/tracechain/tracechain/x/poa/keeper"
	"github.com/tracechain/tracechain/x/poa/types"
	"github.com/tracechain/tracechain/x/poa/types/modulev1"
)

func init() {
	appconfig.RegisterModule(&modulev1.Module{}, appconfig.Provide(ProvideModule))
}

// ModuleInputs are what the poa module needs from the app.
type ModuleInputs struct {
	depinject.In

	Config           *modulev1.Module
	Cdc              codec.Codec
	StoreService     store.KVStoreService
	EventService     event.Service
	CometService     comet.BlockInfoService
	ConsensusCodec   runtime.ConsensusAddressCodec
	MembershipKeeper types.MembershipKeeper
}

// ModuleOutputs are what it gives back.
type ModuleOutputs struct {
	depinject.Out

	Keeper keeper.Keeper
	Module appmodule.AppModule
}

// ProvideModule builds the keeper and module.
func ProvideModule(in ModuleInputs) ModuleOutputs {
	k := keeper.NewKeeper(in.Cdc, in.StoreService, in.EventService, in.CometService, in.ConsensusCodec, in.MembershipKeeper)
	return ModuleOutputs{Keeper: k, Module: NewAppModule(k)}
}
