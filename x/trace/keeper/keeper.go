package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/tracechain/tracechain/x/trace/types"
)

type (
	strPair    = collections.Pair[string, string]
	recallKey  = collections.Pair[uint64, string]
	assocKey   = collections.Triple[string, uint64, string]
	objDevKey  = collections.Triple[string, string, uint64]
	objSeqPair = collections.Pair[string, uint64]
	// assocEndKey: (device, end in Unix ms, (event sequence, object)).
	assocEndKey = collections.Triple[string, uint64, collections.Pair[uint64, string]]
)

// Keeper holds provenance state: master data, objects and their custody,
// captured events, genealogy, recalls and certifications.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	events       event.Service
	membership   types.MembershipKeeper
	credit       types.CreditKeeper

	Schema          collections.Schema
	Params          collections.Item[types.Params]
	CompanyPrefixes collections.Map[string, string]
	Products        collections.Map[string, types.Product]
	Locations       collections.Map[string, types.Location]
	Objects         collections.Map[string, types.TraceObject]
	// Events by event ID, and in capture order.
	Events           collections.Map[string, types.EventRecord]
	EventSequence    collections.Sequence
	EventsBySequence collections.Map[uint64, string]
	// ObjectEvents: (object, event sequence) for every object an event names.
	ObjectEvents collections.KeySet[objSeqPair]
	// Edges (from, to): "to" derives from "from"; EdgesReverse (to, from).
	Edges        collections.Map[strPair, types.Edge]
	EdgesReverse collections.KeySet[strPair]
	// Contents (container, object): what a logistic unit holds now.
	Contents  collections.KeySet[strPair]
	Shipments collections.Map[string, types.Shipment]

	RecallSequence collections.Sequence
	Recalls        collections.Map[uint64, types.Recall]
	RecallQueue    collections.Map[collections.Pair[uint64, uint64], string]
	RecallAffected collections.KeySet[recallKey]
	RecallHolders  collections.KeySet[recallKey]
	RecallAcks     collections.Map[recallKey, types.RecallAcknowledgement]
	ActiveRecalls  collections.KeySet[uint64]

	CertificationSequence collections.Sequence
	Certifications        collections.Map[uint64, types.Certification]
	CertsBySubject        collections.KeySet[collections.Pair[string, uint64]]

	// Associations (device, event sequence, object); OpenAssociations
	// (device, object) → event sequence of the association still open;
	// AssociationsByEnd finds the closed ones by when they ended. The
	// latter two are derived from Associations (not in genesis).
	Associations         collections.Map[assocKey, types.Association]
	OpenAssociations     collections.Map[strPair, uint64]
	AssociationsByObject collections.KeySet[objDevKey]
	AssociationsByEnd    collections.KeySet[assocEndKey]

	// EventUndos: what an event changed, while it can still be undone.
	EventUndos collections.Map[string, types.EventUndo]
}

// NewKeeper builds the keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, events event.Service,
	addressCodec address.Codec, membership types.MembershipKeeper, credit types.CreditKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	sp := collections.PairKeyCodec(collections.StringKey, collections.StringKey)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, events: events, membership: membership, credit: credit,
		Params:           collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		CompanyPrefixes:  collections.NewMap(sb, types.CompanyPrefixesKey, "company_prefixes", collections.StringKey, collections.StringValue),
		Products:         collections.NewMap(sb, types.ProductsKey, "products", collections.StringKey, codec.CollValue[types.Product](cdc)),
		Locations:        collections.NewMap(sb, types.LocationsKey, "locations", collections.StringKey, codec.CollValue[types.Location](cdc)),
		Objects:          collections.NewMap(sb, types.ObjectsKey, "objects", collections.StringKey, codec.CollValue[types.TraceObject](cdc)),
		Events:           collections.NewMap(sb, types.EventsKey, "events", collections.StringKey, codec.CollValue[types.EventRecord](cdc)),
		EventSequence:    collections.NewSequence(sb, types.EventSequenceKey, "event_sequence"),
		EventsBySequence: collections.NewMap(sb, types.EventsBySequenceKey, "events_by_sequence", collections.Uint64Key, collections.StringValue),
		ObjectEvents:     collections.NewKeySet(sb, types.ObjectEventsKey, "object_events", collections.PairKeyCodec(collections.StringKey, collections.Uint64Key)),
		Edges:            collections.NewMap(sb, types.EdgesKey, "edges", sp, codec.CollValue[types.Edge](cdc)),
		EdgesReverse:     collections.NewKeySet(sb, types.EdgesReverseKey, "edges_reverse", sp),
		Contents:         collections.NewKeySet(sb, types.ContentsKey, "contents", sp),
		Shipments:        collections.NewMap(sb, types.ShipmentsKey, "shipments", collections.StringKey, codec.CollValue[types.Shipment](cdc)),
		RecallSequence:   collections.NewSequence(sb, types.RecallSequenceKey, "recall_sequence"),
		Recalls:          collections.NewMap(sb, types.RecallsKey, "recalls", collections.Uint64Key, codec.CollValue[types.Recall](cdc)),
		RecallQueue: collections.NewMap(sb, types.RecallQueueKey, "recall_queue",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key), collections.StringValue),
		RecallAffected: collections.NewKeySet(sb, types.RecallAffectedKey, "recall_affected", collections.PairKeyCodec(collections.Uint64Key, collections.StringKey)),
		RecallHolders:  collections.NewKeySet(sb, types.RecallHoldersKey, "recall_holders", collections.PairKeyCodec(collections.Uint64Key, collections.StringKey)),
		RecallAcks: collections.NewMap(sb, types.RecallAcksKey, "recall_acks",
			collections.PairKeyCodec(collections.Uint64Key, collections.StringKey), codec.CollValue[types.RecallAcknowledgement](cdc)),
		ActiveRecalls:         collections.NewKeySet(sb, types.ActiveRecallsKey, "active_recalls", collections.Uint64Key),
		CertificationSequence: collections.NewSequence(sb, types.CertificationSeqKey, "certification_sequence"),
		Certifications:        collections.NewMap(sb, types.CertificationsKey, "certifications", collections.Uint64Key, codec.CollValue[types.Certification](cdc)),
		CertsBySubject:        collections.NewKeySet(sb, types.CertsBySubjectKey, "certs_by_subject", collections.PairKeyCodec(collections.StringKey, collections.Uint64Key)),
		Associations: collections.NewMap(sb, types.AssociationsKey, "associations",
			collections.TripleKeyCodec(collections.StringKey, collections.Uint64Key, collections.StringKey), codec.CollValue[types.Association](cdc)),
		OpenAssociations: collections.NewMap(sb, types.OpenAssociationsKey, "open_associations", sp, collections.Uint64Value),
		AssociationsByObject: collections.NewKeySet(sb, types.AssociationsByObjKey, "associations_by_object",
			collections.TripleKeyCodec(collections.StringKey, collections.StringKey, collections.Uint64Key)),
		AssociationsByEnd: collections.NewKeySet(sb, types.AssociationsByEndKey, "associations_by_end",
			collections.TripleKeyCodec(collections.StringKey, collections.Uint64Key, collections.PairKeyCodec(collections.Uint64Key, collections.StringKey))),
		EventUndos: collections.NewMap(sb, types.EventUndosKey, "event_undos", collections.StringKey, codec.CollValue[types.EventUndo](cdc)),
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
