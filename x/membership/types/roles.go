package types

import (
	"fmt"
	"slices"
)

// NormalizeOrgRoles checks a role list and returns it sorted. Unknown,
// unspecified and repeated roles are refused rather than silently dropped.
func NormalizeOrgRoles(roles []OrgRole) ([]OrgRole, error) {
	if len(roles) == 0 {
		return nil, fmt.Errorf("an organization needs at least one role")
	}
	out := slices.Clone(roles)
	slices.Sort(out)
	for i, r := range out {
		if err := ValidateOrgRole(r); err != nil {
			return nil, err
		}
		if i > 0 && out[i-1] == r {
			return nil, fmt.Errorf("role %s is listed twice", r)
		}
	}
	return out, nil
}

// ValidateOrgRole refuses unspecified and unknown organization roles.
func ValidateOrgRole(r OrgRole) error {
	if _, known := OrgRole_name[int32(r)]; !known || r == ORG_ROLE_UNSPECIFIED {
		return fmt.Errorf("organization role %d is not one of REGULATOR, CERTIFIER, ARBITER, ISSUER, ENTERPRISE, VALIDATOR_OPERATOR", r)
	}
	return nil
}

// ValidateAccountRole refuses unspecified and unknown account roles.
func ValidateAccountRole(r AccountRole) error {
	if _, known := AccountRole_name[int32(r)]; !known || r == ACCOUNT_ROLE_UNSPECIFIED {
		return fmt.Errorf("account role %d is not one of ADMIN, OPERATOR, DEVICE, GATEWAY", r)
	}
	return nil
}

// HasRole reports whether the organization holds the role.
func (o Organization) HasRole(role OrgRole) bool {
	return slices.Contains(o.Roles, role)
}

// IsActive reports whether the organization's members may transact.
func (o Organization) IsActive() bool {
	return o.Status == ORG_STATUS_ACTIVE
}
