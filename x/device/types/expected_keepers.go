package types

import (
	"context"

	credittypes "github.com/tracechain/tracechain/x/credit/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/lib/gs1"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// MembershipKeeper tells who a signer acts for, and admits devices' own
// accounts as DEVICE members of their organization.
type MembershipKeeper interface {
	RequireMember(ctx context.Context, signer sdk.AccAddress, req membershiptypes.Requirement) (membershiptypes.MemberInfo, error)
	RequireAuthority(ctx context.Context, signer string) error
	Authority(ctx context.Context) (string, error)
	GetOrganization(ctx context.Context, id string) (membershiptypes.Organization, error)
	GetMember(ctx context.Context, addr sdk.AccAddress) (membershiptypes.Member, error)
	AdmitDeviceAccount(ctx context.Context, orgID string, addr sdk.AccAddress, by string) error
	DismissDeviceAccount(ctx context.Context, addr sdk.AccAddress, by string) error
}

// TraceKeeper tells which objects, with which storage limits, a device
// was associated with at a time, and who holds a GS1 company prefix.
type TraceKeeper interface {
	StorageTargets(ctx context.Context, deviceURI string, atMs uint64, budget int) ([]tracetypes.StorageTarget, bool, error)
	PrefixHolder(ctx context.Context, id gs1.Identifier) (string, bool, error)
}

// CreditKeeper receives a record for every excursion.
type CreditKeeper interface {
	AddModuleRecord(ctx context.Context, module string, r credittypes.ModuleRecord) (uint64, error)
}
