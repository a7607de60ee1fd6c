package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/comet"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/tracechain/tracechain/x/poa/types"
)

// Keeper owns the validator set. Changes are written at once and handed to
// CometBFT at EndBlock through PendingUpdates.
type Keeper struct {
	cdc        codec.Codec
	consCodec  address.Codec
	events     event.Service
	comet      comet.BlockInfoService
	membership types.MembershipKeeper

	Schema         collections.Schema
	Params         collections.Item[types.Params]
	Validators     collections.Map[[]byte, types.Validator]
	TotalPower     collections.Item[int64]
	PendingUpdates collections.Map[[]byte, types.PendingUpdate]
	Tombstoned     collections.KeySet[[]byte]
}

// NewKeeper builds the keeper.
func NewKeeper(
	cdc codec.Codec,
	storeService store.KVStoreService,
	events event.Service,
	cometService comet.BlockInfoService,
	consCodec address.Codec,
	membership types.MembershipKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:            cdc,
		consCodec:      consCodec,
		events:         events,
		comet:          cometService,
		membership:     membership,
		Params:         collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Validators:     collections.NewMap(sb, types.ValidatorsKey, "validators", collections.BytesKey, codec.CollValue[types.Validator](cdc)),
		TotalPower:     collections.NewItem(sb, types.TotalPowerKey, "total_power", collections.Int64Value),
		PendingUpdates: collections.NewMap(sb, types.PendingUpdatesKey, "pending_updates", collections.BytesKey, codec.CollValue[types.PendingUpdate](cdc)),
		Tombstoned:     collections.NewKeySet(sb, types.TombstonedKey, "tombstoned", collections.BytesKey),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// ConsensusAddressCodec returns the tracevalcons address codec.
func (k Keeper) ConsensusAddressCodec() address.Codec { return k.consCodec }

// Unpacker resolves the consensus keys packed in validator records.
func (k Keeper) Unpacker() codec.Codec { return k.cdc }

func (k Keeper) emit(ctx context.Context, ev interface {
	ProtoMessage()
	Reset()
	String() string
},
) error {
	return k.events.EventManager(ctx).Emit(ctx, ev)
}
