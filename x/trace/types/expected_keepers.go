package types

import (
	"context"

	credittypes "github.com/tracechain/tracechain/x/credit/types"

	sdk "github.com/cosmos/cosmos-sdk/types"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// MembershipKeeper tells who a signer acts for and what it may do.
type MembershipKeeper interface {
	RequireMember(ctx context.Context, signer sdk.AccAddress, req membershiptypes.Requirement) (membershiptypes.MemberInfo, error)
	RequireAuthority(ctx context.Context, signer string) error
	GetOrganization(ctx context.Context, id string) (membershiptypes.Organization, error)
}

// CreditKeeper is how provenance meets credit: a restricted organization
// commissions no new lots, and the owner of a recalled lot gets a record.
type CreditKeeper interface {
	RequireUnrestricted(ctx context.Context, orgID string) error
	AddModuleRecord(ctx context.Context, module string, r credittypes.ModuleRecord) (uint64, error)
}
