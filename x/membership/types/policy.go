package types

import (
	"fmt"
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Rule says who may sign one message type. A signer passes if any clause
// that the rule enables admits it.
type Rule struct {
	// Authority lets the consortium authority sign the message.
	Authority bool
	// PendingAuthority lets the account named in a pending hand-over sign it.
	PendingAuthority bool
	// Members lets active members sign it, filtered by the two role lists.
	Members bool
	// OrgRoles: the member's organization must hold one of them (empty: any).
	OrgRoles []OrgRole
	// AccountRoles: the member's account role must be one of them (empty: any).
	AccountRoles []AccountRole
	// Guard, if set, refuses message contents the rule's signers may not send
	// (checked in the ante handler, where the decoded message is at hand).
	Guard func(msg sdk.Msg, authority string) error
}

// AuthorityOnly is the rule of consortium-administration messages.
func AuthorityOnly() Rule { return Rule{Authority: true} }

// MembersWith admits active members whose account role is one of roles.
func MembersWith(roles ...AccountRole) Rule {
	return Rule{Members: true, AccountRoles: roles}
}

// InOrgsWith narrows a member rule to organizations holding one of roles.
func (r Rule) InOrgsWith(roles ...OrgRole) Rule {
	r.OrgRoles = roles
	return r
}

// OrAuthority additionally admits the consortium authority.
func (r Rule) OrAuthority() Rule {
	r.Authority = true
	return r
}

// WithGuard attaches a content check.
func (r Rule) WithGuard(g func(msg sdk.Msg, authority string) error) Rule {
	r.Guard = g
	return r
}

// AdmitsAccountRole reports whether a member with this account role may pass.
func (r Rule) AdmitsAccountRole(role AccountRole) bool {
	return len(r.AccountRoles) == 0 || slices.Contains(r.AccountRoles, role)
}

// AdmitsOrg reports whether a member of this organization may pass.
func (r Rule) AdmitsOrg(org Organization) bool {
	if len(r.OrgRoles) == 0 {
		return true
	}
	for _, role := range r.OrgRoles {
		if org.HasRole(role) {
			return true
		}
	}
	return false
}

// MsgPolicy maps message type URLs to the rule of who may sign them. A type
// with no rule is refused: nothing the consortium has not decided on runs.
type MsgPolicy map[string]Rule

// Merge combines policies; a type URL given two rules is a wiring error.
func Merge(policies ...MsgPolicy) (MsgPolicy, error) {
	out := MsgPolicy{}
	for _, p := range policies {
		for typeURL, rule := range p {
			if _, dup := out[typeURL]; dup {
				return nil, fmt.Errorf("message %s has two permission rules", typeURL)
			}
			out[typeURL] = rule
		}
	}
	return out, nil
}
