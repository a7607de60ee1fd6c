package types

import (
	"fmt"
	"strings"
)

// ParseOrgRole reads a role as people write it: "regulator",
// "VALIDATOR_OPERATOR", "validator-operator" or "ORG_ROLE_ISSUER".
func ParseOrgRole(s string) (OrgRole, error) {
	name := "ORG_ROLE_" + strings.TrimPrefix(normalizeEnumName(s), "ORG_ROLE_")
	v, ok := OrgRole_value[name]
	if !ok || v == int32(ORG_ROLE_UNSPECIFIED) {
		return ORG_ROLE_UNSPECIFIED, fmt.Errorf("%q is not an organization role (regulator, certifier, arbiter, issuer, enterprise, validator-operator)", s)
	}
	return OrgRole(v), nil
}

// ParseAccountRole reads an account role: "admin", "OPERATOR", "ACCOUNT_ROLE_GATEWAY".
func ParseAccountRole(s string) (AccountRole, error) {
	name := "ACCOUNT_ROLE_" + strings.TrimPrefix(normalizeEnumName(s), "ACCOUNT_ROLE_")
	v, ok := AccountRole_value[name]
	if !ok || v == int32(ACCOUNT_ROLE_UNSPECIFIED) {
		return ACCOUNT_ROLE_UNSPECIFIED, fmt.Errorf("%q is not an account role (admin, operator, device, gateway)", s)
	}
	return AccountRole(v), nil
}

func normalizeEnumName(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", "_"))
}
