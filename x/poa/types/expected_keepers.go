package types

import (
	"context"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// MembershipKeeper answers who the authority is and which organizations may
// operate validators.
type MembershipKeeper interface {
	RequireAuthority(ctx context.Context, signer string) error
	GetOrganization(ctx context.Context, id string) (membershiptypes.Organization, error)
}
