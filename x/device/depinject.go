package device

import (
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/store"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"

	"github.com/cosmos/cosmos-sdk/codec"

	creditkeeper "github.com/tracechain/tracechain/x/credit/keeper"
	"github.com/tracechain/tracechain/x/device/keeper"
	"github.com/tracechain/tracechain/x/device/types/modulev1"
	membershipkeeper "github.com/tracechain/tracechain/x/membership/keeper"
	tracekeeper "github.com/tracechain/tracechain/x/trace/keeper"
)

func init() {
	appconfig.RegisterModule(&modulev1.Module{}, appconfig.Provide(ProvideModule))
}

// ModuleInputs are what the device module needs from the app.
type ModuleInputs struct {
	depinject.In

	Config           *modulev1.Module
	Cdc              codec.Codec
	StoreService     store.KVStoreService
	EventService     event.Service
	AddressCodec     address.Codec
	MembershipKeeper membershipkeeper.Keeper
	TraceKeeper      tracekeeper.Keeper
	CreditKeeper     creditkeeper.Keeper
}

// ModuleOutputs are what it gives back.
type ModuleOutputs struct {
	depinject.Out

	Keeper keeper.Keeper
	Module appmodule.AppModule
}

// ProvideModule builds the keeper and module.
func ProvideModule(in ModuleInputs) ModuleOutputs {
	k := keeper.NewKeeper(in.Cdc, in.StoreService, in.EventService, in.AddressCodec, in.MembershipKeeper, in.TraceKeeper, in.CreditKeeper)
	return ModuleOutputs{Keeper: k, Module: NewAppModule(k)}
}
