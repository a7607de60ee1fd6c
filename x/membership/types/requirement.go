package types

// MemberInfo is what other modules learn about an admitted account.
type MemberInfo struct {
	Member       Member
	Organization Organization
}

// Requirement is what a message server asks of a signer when it checks
// roles again after the ante handler.
type Requirement struct {
	OrgRoles     []OrgRole
	AccountRoles []AccountRole
}
