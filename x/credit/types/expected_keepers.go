package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// MembershipKeeper tells who a signer acts for.
type MembershipKeeper interface {
	RequireMember(ctx context.Context, signer sdk.AccAddress, req membershiptypes.Requirement) (membershiptypes.MemberInfo, error)
	RequireAuthority(ctx context.Context, signer string) error
	GetOrganization(ctx context.Context, id string) (membershiptypes.Organization, error)
}
