package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/device/types"
)

type (
	counterKey = collections.Pair[string, uint64]
	idPair     = collections.Pair[string, uint64]
)

// Keeper holds the device registry, readings, anchors, excursions and
// clone evidence.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	events       event.Service
	membership   types.MembershipKeeper
	trace        types.TraceKeeper
	credit       types.CreditKeeper

	Schema  collections.Schema
	Params  collections.Item[types.Params]
	Devices collections.Map[string, types.Device]
	// Current key address → device ID; chain account → device ID.
	DevicesByAddress collections.Map[string, string]
	DevicesByAccount collections.Map[sdk.AccAddress, string]
	DevicesByOrg     collections.KeySet[collections.Pair[string, string]]
	DevicesByGIAI    collections.Map[string, string]
	// Reading runs and anchors, both by (device, first counter); see
	// reading_runs.go for how readings are found in runs.
	ReadingRuns collections.Map[counterKey, types.ReadingRun]
	Anchors     collections.Map[counterKey, types.Anchor]
	// Excursions by ID, and (object, ID), (device, ID) indexes.
	ExcursionSequence  collections.Sequence
	Excursions         collections.Map[uint64, types.Excursion]
	ExcursionsByObject collections.KeySet[idPair]
	ExcursionsByDevice collections.KeySet[idPair]
	Clones             collections.Map[counterKey, types.CloneEvidence]

	// Device signatures verified at admission (verified_signatures.go).
	verified *verifiedSignatures
}

// NewKeeper builds the keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, events event.Service, addressCodec address.Codec,
	membership types.MembershipKeeper, trace types.TraceKeeper, credit types.CreditKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	ck := collections.PairKeyCodec(collections.StringKey, collections.Uint64Key)
	k := Keeper{
		verified: newVerifiedSignatures(),
		cdc:      cdc, addressCodec: addressCodec, events: events, membership: membership, trace: trace, credit: credit,
		Params:           collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Devices:          collections.NewMap(sb, types.DevicesKey, "devices", collections.StringKey, codec.CollValue[types.Device](cdc)),
		DevicesByAddress: collections.NewMap(sb, types.DevicesByAddressKey, "devices_by_address", collections.StringKey, collections.StringValue),
		DevicesByAccount: collections.NewMap(sb, types.DevicesByAccountKey, "devices_by_account", sdk.AccAddressKey, collections.StringValue),
		DevicesByOrg: collections.NewKeySet(sb, types.DevicesByOrgKey, "devices_by_org",
			collections.PairKeyCodec(collections.StringKey, collections.StringKey)),
		DevicesByGIAI:      collections.NewMap(sb, types.DevicesByGIAIKey, "devices_by_giai", collections.StringKey, collections.StringValue),
		ReadingRuns:        collections.NewMap(sb, types.ReadingRunsKey, "reading_runs", ck, codec.CollValue[types.ReadingRun](cdc)),
		Anchors:            collections.NewMap(sb, types.AnchorsKey, "anchors", ck, codec.CollValue[types.Anchor](cdc)),
		ExcursionSequence:  collections.NewSequence(sb, types.ExcursionSequenceKey, "excursion_sequence"),
		Excursions:         collections.NewMap(sb, types.ExcursionsKey, "excursions", collections.Uint64Key, codec.CollValue[types.Excursion](cdc)),
		ExcursionsByObject: collections.NewKeySet(sb, types.ExcursionsByObjectKey, "excursions_by_object", ck),
		ExcursionsByDevice: collections.NewKeySet(sb, types.ExcursionsByDeviceKey, "excursions_by_device", ck),
		Clones:             collections.NewMap(sb, types.ClonesKey, "clones", ck, codec.CollValue[types.CloneEvidence](cdc)),
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

// GetParams returns the module parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// Domain is the EIP-712 domain of the chain the context runs on.
func (k Keeper) Domain(ctx context.Context) types.Domain {
	return types.NewDomain(sdk.UnwrapSDKContext(ctx).ChainID())
}

func blockHeight(ctx context.Context) int64 { return sdk.UnwrapSDKContext(ctx).BlockHeight() }

// blockTimeMs is the block time in Unix milliseconds: devices' clocks are
// judged against it, never against the node's own clock.
func blockTimeMs(ctx context.Context) int64 {
	return sdk.UnwrapSDKContext(ctx).BlockTime().UnixMilli()
}
