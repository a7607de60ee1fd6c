package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/store"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/membership/types"
)

// ConsensusParamsStore is where the consortium authority lives: the
// consensus params' authority field, which every SDK module also obeys.
type ConsensusParamsStore interface {
	Get(ctx context.Context) (cmtproto.ConsensusParams, error)
	Set(ctx context.Context, params cmtproto.ConsensusParams) error
}

// MemberIndexes are the secondary indexes of the member table.
type MemberIndexes struct {
	// ByOrg lists an organization's accounts.
	ByOrg *indexes.Multi[string, sdk.AccAddress, types.Member]
	// ByOrgRole finds an organization's ADMINs without walking its devices.
	ByOrgRole *indexes.Multi[collections.Pair[string, int32], sdk.AccAddress, types.Member]
}

// IndexesList implements collections.Indexes.
func (i MemberIndexes) IndexesList() []collections.Index[sdk.AccAddress, types.Member] {
	return []collections.Index[sdk.AccAddress, types.Member]{i.ByOrg, i.ByOrgRole}
}

// Keeper owns organizations, member accounts and the authority hand-over,
// and answers "may this account send this message?".
type Keeper struct {
	cdc             codec.BinaryCodec
	addressCodec    address.Codec
	events          event.Service
	consensusParams ConsensusParamsStore
	accounts        types.AccountKeeper
	policy          types.MsgPolicy

	Schema           collections.Schema
	Params           collections.Item[types.Params]
	Organizations    collections.Map[string, types.Organization]
	Members          *collections.IndexedMap[sdk.AccAddress, types.Member, MemberIndexes]
	PendingAuthority collections.Item[string]
}

// NewKeeper builds the keeper. policy is the chain's whole message policy
// (see app/permissions.go); message types it does not list are refused.
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService store.KVStoreService,
	events event.Service,
	addressCodec address.Codec,
	consensusParams ConsensusParamsStore,
	accounts types.AccountKeeper,
	policy types.MsgPolicy,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	memberOrg := func(_ sdk.AccAddress, m types.Member) (string, error) { return m.OrgId, nil }
	memberOrgRole := func(_ sdk.AccAddress, m types.Member) (collections.Pair[string, int32], error) {
		return collections.Join(m.OrgId, int32(m.Role)), nil
	}
	k := Keeper{
		cdc:             cdc,
		addressCodec:    addressCodec,
		events:          events,
		consensusParams: consensusParams,
		accounts:        accounts,
		policy:          policy,
		Params:          collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Organizations: collections.NewMap(sb, types.OrganizationsKey, "organizations",
			collections.StringKey, codec.CollValue[types.Organization](cdc)),
		Members: collections.NewIndexedMap(sb, types.MembersKey, "members",
			sdk.AccAddressKey, codec.CollValue[types.Member](cdc),
			MemberIndexes{
				ByOrg: indexes.NewMulti(sb, types.MembersByOrgKey, "members_by_org",
					collections.StringKey, sdk.AccAddressKey, memberOrg),
				ByOrgRole: indexes.NewMulti(sb, types.MembersByOrgRoleKey, "members_by_org_role",
					collections.PairKeyCodec(collections.StringKey, collections.Int32Key), sdk.AccAddressKey, memberOrgRole),
			}),
		PendingAuthority: collections.NewItem(sb, types.PendingAuthorityKey, "pending_authority", collections.StringValue),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// AddressCodec returns the account address codec.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }

// Authority returns the consortium authority. Like sdk.ValidateAuthority it
// prefers the consensus params of the running block, so a hand-over takes
// effect for every module at the same block; outside a block (genesis,
// queries) it reads the stored params.
func (k Keeper) Authority(ctx context.Context) (string, error) {
	if cp := sdk.UnwrapSDKContext(ctx).ConsensusParams(); cp.Authority != nil && cp.Authority.Authority != "" {
		return cp.Authority.Authority, nil
	}
	cp, err := k.consensusParams.Get(ctx)
	if err != nil {
		return "", types.ErrAuthorityUnset.Wrap(err.Error())
	}
	if cp.Authority == nil || cp.Authority.Authority == "" {
		return "", types.ErrAuthorityUnset
	}
	return cp.Authority.Authority, nil
}

// RequireAuthority refuses any signer but the consortium authority, the way
// x/gov's UpdateParams does: "expected %s, got %s".
func (k Keeper) RequireAuthority(ctx context.Context, signer string) error {
	authority, err := k.Authority(ctx)
	if err != nil {
		return err
	}
	if signer != authority {
		return types.ErrUnauthorized.Wrapf("only the consortium authority may do this: expected %s, got %s", authority, signer)
	}
	return nil
}

func (k Keeper) emit(ctx context.Context, ev interface {
	ProtoMessage()
	Reset()
	String() string
},
) error {
	return k.events.EventManager(ctx).Emit(ctx, ev)
}

// GetParams returns the admission limits.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// GetOrganization returns an organization or ErrOrgNotFound.
func (k Keeper) GetOrganization(ctx context.Context, id string) (types.Organization, error) {
	return k.getOrg(ctx, id)
}
