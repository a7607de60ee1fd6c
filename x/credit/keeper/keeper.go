// Package keeper implements x/credit: records, appeals, the restriction
// list, and scores computed from the records.
package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/credit/types"
)

// Keeper holds credit records and the restriction list.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	events       event.Service
	membership   types.MembershipKeeper

	Schema           collections.Schema
	Params           collections.Item[types.Params]
	RecordSequence   collections.Sequence
	Records          collections.Map[uint64, types.CreditRecord]
	RecordsBySubject collections.KeySet[collections.Pair[string, uint64]]
	Restrictions     collections.Map[string, types.Restriction]
	// Tallies (subject, Unix day, counterparty): what the records that
	// count add up to, kept as records are written and voided; derived
	// from the records (not in genesis).
	Tallies collections.Map[tallyKey, types.Tally]
}

type tallyKey = collections.Triple[string, int64, string]

// NewKeeper builds the keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, events event.Service, addressCodec address.Codec,
	membership types.MembershipKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, events: events, membership: membership,
		Params:         collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		RecordSequence: collections.NewSequence(sb, types.RecordSequenceKey, "record_sequence"),
		Records:        collections.NewMap(sb, types.RecordsKey, "records", collections.Uint64Key, codec.CollValue[types.CreditRecord](cdc)),
		RecordsBySubject: collections.NewKeySet(sb, types.RecordsBySubjectKey, "records_by_subject",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key)),
		Restrictions: collections.NewMap(sb, types.RestrictionsKey, "restrictions", collections.StringKey, codec.CollValue[types.Restriction](cdc)),
		Tallies: collections.NewMap(sb, types.TalliesKey, "tallies",
			collections.TripleKeyCodec(collections.StringKey, collections.Int64Key, collections.StringKey), codec.CollValue[types.Tally](cdc)),
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

func blockTime(ctx context.Context) int64 { return sdk.UnwrapSDKContext(ctx).BlockTime().Unix() }

func blockHeight(ctx context.Context) int64 { return sdk.UnwrapSDKContext(ctx).BlockHeight() }

// moduleKinds are the records modules write; people write the others.
var moduleKinds = map[types.RecordKind]bool{
	types.RECORD_KIND_ORDER_ON_TIME: true, types.RECORD_KIND_ORDER_LATE: true, types.RECORD_KIND_ORDER_EXPIRED: true,
	types.RECORD_KIND_DISPUTE_WON: true, types.RECORD_KIND_DISPUTE_LOST: true,
	types.RECORD_KIND_RECALL_ORIGIN: true, types.RECORD_KIND_EXCURSION: true,
}

// AddModuleRecord is the hook x/service, x/trace and x/device write
// through: module names the writer. The subject is never the writer, since
// a module writes about what it saw.
func (k Keeper) AddModuleRecord(ctx context.Context, module string, r types.ModuleRecord) (uint64, error) {
	if !moduleKinds[r.Kind] {
		return 0, types.ErrInvalidRecord.Wrapf("kind %s is written by regulators and certifiers, not by %s", r.Kind, module)
	}
	if r.Subject == "" {
		return 0, types.ErrInvalidRecord.Wrap("subject_org_id: missing")
	}
	return k.write(ctx, types.CreditRecord{
		SubjectOrgId: r.Subject, Kind: r.Kind, Value: r.Value, DaysLate: r.DaysLate, Weight: max(r.Weight, 1),
		CounterpartyOrgId: r.Counterparty, Evidence: r.Evidence, Note: r.Note, WrittenBy: module,
	})
}

// write stores a new record.
func (k Keeper) write(ctx context.Context, r types.CreditRecord) (uint64, error) {
	id, err := k.RecordSequence.Next(ctx)
	if err != nil {
		return 0, err
	}
	r.Id, r.Time, r.Height, r.Status = id, blockTime(ctx), blockHeight(ctx), types.RECORD_STATUS_ACTIVE
	if err := k.Records.Set(ctx, id, r); err != nil {
		return 0, err
	}
	if err := k.RecordsBySubject.Set(ctx, collections.Join(r.SubjectOrgId, id)); err != nil {
		return 0, err
	}
	if err := k.tally(ctx, r, false); err != nil {
		return 0, err
	}
	return id, k.emit(ctx, &types.EventRecordWritten{RecordId: id, SubjectOrgId: r.SubjectOrgId, Kind: r.Kind, WrittenBy: r.WrittenBy})
}

// tally counts a record in (or, voided, takes it out of) its day's tally.
func (k Keeper) tally(ctx context.Context, r types.CreditRecord, remove bool) error {
	key := collections.Join3(r.SubjectOrgId, types.DayOf(r.Time), r.CounterpartyOrgId)
	t, err := k.Tallies.Get(ctx, key)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	t.Add(r, remove)
	if t.Empty() {
		return k.Tallies.Remove(ctx, key)
	}
	return k.Tallies.Set(ctx, key, t)
}

// Restriction returns an organization's restriction if one is in force at
// the block time.
func (k Keeper) Restriction(ctx context.Context, orgID string) (types.Restriction, bool, error) {
	x, err := k.Restrictions.Get(ctx, orgID)
	if errors.Is(err, collections.ErrNotFound) {
		return x, false, nil
	} else if err != nil {
		return x, false, err
	}
	return x, x.Expires == 0 || blockTime(ctx) < x.Expires, nil
}

// RequireUnrestricted refuses an organization on the restriction list:
// x/service before it accepts an order, x/trace before it commissions.
func (k Keeper) RequireUnrestricted(ctx context.Context, orgID string) error {
	x, inForce, err := k.Restriction(ctx, orgID)
	if err != nil || !inForce {
		return err
	}
	until := "until lifted"
	if x.Expires != 0 {
		until = "until " + time.Unix(x.Expires, 0).UTC().Format(time.RFC3339)
	}
	return types.ErrOrgRestricted.Wrapf("organization %s is restricted %s: %s", orgID, until, x.Reason)
}
