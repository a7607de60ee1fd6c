package keeper

import (
	"context"
	"errors"
	"strings"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/membership/types"
)

// RequireMember returns the signer's membership if it is an active member
// meeting req; otherwise an error naming the signer and the reason.
func (k Keeper) RequireMember(ctx context.Context, signer sdk.AccAddress, req types.Requirement) (types.MemberInfo, error) {
	rule := types.Rule{Members: true, OrgRoles: req.OrgRoles, AccountRoles: req.AccountRoles}
	return k.checkMember(ctx, signer, rule, "")
}

// Authorize decides whether signer may sign a message of type typeURL under
// the chain's policy. The error says which signer and why.
func (k Keeper) Authorize(ctx context.Context, signer sdk.AccAddress, typeURL string) error {
	rule, ok := k.policy[typeURL]
	if !ok {
		return types.ErrMsgNotAllowed.Wrapf("%s has no permission rule", typeURL)
	}
	signerStr, err := k.addressCodec.BytesToString(signer)
	if err != nil {
		return err
	}
	var expected []string
	if rule.Authority {
		authority, err := k.Authority(ctx)
		if err != nil {
			return err
		}
		if signerStr == authority {
			return nil
		}
		expected = append(expected, "the consortium authority "+authority)
	}
	if rule.PendingAuthority {
		pending, err := k.PendingAuthority.Get(ctx)
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return err
		}
		if pending != "" && signerStr == pending {
			return nil
		}
		if pending == "" {
			expected = append(expected, "the pending authority (none is pending)")
		} else {
			expected = append(expected, "the pending authority "+pending)
		}
	}
	if !rule.Members {
		return types.ErrUnauthorized.Wrapf("signer %s may not send %s: only %s may",
			signerStr, typeURL, strings.Join(expected, " or "))
	}
	_, err = k.checkMember(ctx, signer, rule, typeURL)
	return err
}

// Rule returns the policy rule of a message type, if there is one.
func (k Keeper) Rule(typeURL string) (types.Rule, bool) {
	rule, ok := k.policy[typeURL]
	return rule, ok
}

func (k Keeper) checkMember(ctx context.Context, signer sdk.AccAddress, rule types.Rule, typeURL string) (types.MemberInfo, error) {
	signerStr, err := k.addressCodec.BytesToString(signer)
	if err != nil {
		return types.MemberInfo{}, err
	}
	what := "this"
	if typeURL != "" {
		what = typeURL
	}
	member, err := k.Members.Get(ctx, signer)
	if errors.Is(err, collections.ErrNotFound) {
		return types.MemberInfo{}, types.ErrNotMember.Wrapf("signer %s is not a member of any organization", signerStr)
	} else if err != nil {
		return types.MemberInfo{}, err
	}
	org, err := k.Organizations.Get(ctx, member.OrgId)
	if err != nil {
		return types.MemberInfo{}, err
	}
	if !org.IsActive() {
		return types.MemberInfo{}, types.ErrOrgSuspended.Wrapf("signer %s belongs to organization %s, which is suspended (%s)",
			signerStr, org.Id, org.StatusReason)
	}
	if !rule.AdmitsAccountRole(member.Role) {
		return types.MemberInfo{}, types.ErrRoleNotAllowed.Wrapf("signer %s has account role %s; %s needs one of %s",
			signerStr, member.Role, what, joinRoles(rule.AccountRoles))
	}
	if !rule.AdmitsOrg(org) {
		return types.MemberInfo{}, types.ErrRoleNotAllowed.Wrapf("signer %s acts for organization %s with roles %s; %s needs one of %s",
			signerStr, org.Id, joinRoles(org.Roles), what, joinRoles(rule.OrgRoles))
	}
	return types.MemberInfo{Member: member, Organization: org}, nil
}

func joinRoles[T interface{ String() string }](roles []T) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.String()
	}
	return "[" + strings.Join(names, ", ") + "]"
}
