package types

import (
	"fmt"

	"cosmossdk.io/core/address"
)

// DefaultGenesis is an empty consortium with default admission limits.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks the genesis state on its own: valid IDs and roles, no
// duplicates, every member in a registered organization, every organization
// with at least one ADMIN.
func (gs GenesisState) Validate(addrCodec address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	orgs := make(map[string]bool, len(gs.Organizations))
	for i, org := range gs.Organizations {
		if err := org.Validate(); err != nil {
			return fmt.Errorf("organizations[%d]: %w", i, err)
		}
		if orgs[org.Id] {
			return fmt.Errorf("organizations[%d]: organization %s is listed twice", i, org.Id)
		}
		orgs[org.Id] = true
	}
	seen := make(map[string]bool, len(gs.Members))
	admins := make(map[string]int, len(gs.Organizations))
	for i, m := range gs.Members {
		if _, err := addrCodec.StringToBytes(m.Address); err != nil {
			return fmt.Errorf("members[%d]: address %q: %w", i, m.Address, err)
		}
		if seen[m.Address] {
			return fmt.Errorf("members[%d]: account %s is listed twice", i, m.Address)
		}
		seen[m.Address] = true
		if !orgs[m.OrgId] {
			return fmt.Errorf("members[%d]: organization %s is not registered", i, m.OrgId)
		}
		if err := ValidateAccountRole(m.Role); err != nil {
			return fmt.Errorf("members[%d]: %w", i, err)
		}
		if m.Role == ACCOUNT_ROLE_ADMIN {
			admins[m.OrgId]++
		}
	}
	for i, org := range gs.Organizations {
		if admins[org.Id] == 0 {
			return fmt.Errorf("organizations[%d]: organization %s has no ADMIN member", i, org.Id)
		}
	}
	if gs.PendingAuthority != "" {
		if _, err := addrCodec.StringToBytes(gs.PendingAuthority); err != nil {
			return fmt.Errorf("pending_authority %q: %w", gs.PendingAuthority, err)
		}
	}
	return nil
}

// Validate checks an organization record.
func (o Organization) Validate() error {
	kind, err := ParseOrgID(o.Id)
	if err != nil {
		return err
	}
	if o.IdKind != kind {
		return fmt.Errorf("organization %s: id_kind is %s, the ID is a %s", o.Id, o.IdKind, kind)
	}
	if err := ValidateName(o.Name); err != nil {
		return fmt.Errorf("organization %s: %w", o.Id, err)
	}
	normalized, err := NormalizeOrgRoles(o.Roles)
	if err != nil {
		return fmt.Errorf("organization %s: %w", o.Id, err)
	}
	for i := range normalized {
		if normalized[i] != o.Roles[i] {
			return fmt.Errorf("organization %s: roles must be sorted", o.Id)
		}
	}
	if o.Status != ORG_STATUS_ACTIVE && o.Status != ORG_STATUS_SUSPENDED {
		return fmt.Errorf("organization %s: status must be ACTIVE or SUSPENDED", o.Id)
	}
	return nil
}
