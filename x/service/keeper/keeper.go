// Package keeper implements x/service: the settlement coin, offerings, and
// orders with escrow, evidence, disputes and deadlines.
package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/store"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/service/types"
)

type (
	orgOrderKey = collections.Pair[string, uint64]
	deadlineKey = collections.Pair[int64, uint64]
)

// Keeper holds offerings and orders; escrow sits in the EscrowAccount
// module account.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	events       event.Service
	membership   types.MembershipKeeper
	bank         types.BankKeeper
	accounts     types.AccountKeeper
	credit       types.CreditKeeper
	trace        types.TraceKeeper
	device       types.DeviceKeeper

	Schema           collections.Schema
	Params           collections.Item[types.Params]
	OfferingSequence collections.Sequence
	Offerings        collections.Map[uint64, types.Offering]
	OrderSequence    collections.Sequence
	Orders           collections.Map[uint64, types.Order]
	// OrdersByOrg (org, order) for the provider and the consumer.
	OrdersByOrg collections.KeySet[orgOrderKey]
	// Deadlines (Unix seconds, order): the time-keyed queue EndBlock works.
	Deadlines collections.KeySet[deadlineKey]
}

// NewKeeper builds the keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, events event.Service, addressCodec address.Codec,
	membership types.MembershipKeeper, bank types.BankKeeper, accounts types.AccountKeeper, credit types.CreditKeeper,
	trace types.TraceKeeper, device types.DeviceKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, events: events, membership: membership, bank: bank, accounts: accounts,
		credit: credit, trace: trace, device: device,
		Params:           collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		OfferingSequence: collections.NewSequence(sb, types.OfferingSequenceKey, "offering_sequence"),
		Offerings:        collections.NewMap(sb, types.OfferingsKey, "offerings", collections.Uint64Key, codec.CollValue[types.Offering](cdc)),
		OrderSequence:    collections.NewSequence(sb, types.OrderSequenceKey, "order_sequence"),
		Orders:           collections.NewMap(sb, types.OrdersKey, "orders", collections.Uint64Key, codec.CollValue[types.Order](cdc)),
		OrdersByOrg: collections.NewKeySet(sb, types.OrdersByOrgKey, "orders_by_org",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key)),
		Deadlines: collections.NewKeySet(sb, types.DeadlinesKey, "deadlines",
			collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

func (k Keeper) emit(ctx context.Context, ev interface {
	ProtoMessage()
	Reset()
	String() string
},
) error {
	return k.events.EventManager(ctx).Emit(ctx, ev)
}

func now(ctx context.Context) int64 { return sdk.UnwrapSDKContext(ctx).BlockTime().Unix() }

func (k Keeper) coins(ctx context.Context, amount sdkmath.Int) (sdk.Coins, error) {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return sdk.NewCoins(sdk.NewCoin(p.SettlementDenom, amount)), nil
}

// pay moves escrow out to an account.
func (k Keeper) pay(ctx context.Context, to string, amount sdkmath.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	addr, err := k.addressCodec.StringToBytes(to)
	if err != nil {
		return err
	}
	coins, err := k.coins(ctx, amount)
	if err != nil {
		return err
	}
	return k.bank.SendCoinsFromModuleToAccount(ctx, types.EscrowAccount, addr, coins)
}
