package types

import (
	"fmt"
	"strings"
)

// uscc alphabet of GB 32100-2015: digits and capital letters without I, O, S, V, Z.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the GB 32100-2015 weights 3^(i) mod 31 for positions 1..17.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// USCCCheckCharacter computes the 18th character of a unified social credit code
// from its first 17 characters.
func USCCCheckCharacter(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("need 17 characters, got %d", len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, first17[i])
		if v < 0 {
			return 0, fmt.Errorf("character %d (%q) is not in the GB 32100-2015 alphabet", i+1, first17[i])
		}
		sum += v * usccWeights[i]
	}
	c := (31 - sum%31) % 31
	return usccAlphabet[c], nil
}

// validateUSCC checks an 18-character unified social credit code.
func validateUSCC(id string) error {
	if len(id) != 18 {
		return fmt.Errorf("unified social credit code must have 18 characters, got %d", len(id))
	}
	for i := 2; i < 8; i++ {
		if id[i] < '0' || id[i] > '9' {
			return fmt.Errorf("characters 3-8 (administrative division code) must be digits, character %d is %q", i+1, id[i])
		}
	}
	want, err := USCCCheckCharacter(id[:17])
	if err != nil {
		return err
	}
	if id[17] != want {
		return fmt.Errorf("check character is %q, expected %q", id[17], want)
	}
	return nil
}

// validateGS1CompanyPrefix checks a GS1 company prefix of the length EPC URNs can carry.
func validateGS1CompanyPrefix(id string) error {
	if len(id) < 6 || len(id) > 12 {
		return fmt.Errorf("GS1 company prefix must have 6 to 12 digits, got %d", len(id))
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return fmt.Errorf("GS1 company prefix must be digits, character %d is %q", i+1, id[i])
		}
	}
	return nil
}

// ParseOrgID tells which scheme an organization ID follows and checks it.
// All-digit IDs of 6-12 characters are GS1 company prefixes; 18-character IDs
// are unified social credit codes.
func ParseOrgID(id string) (OrgIDKind, error) {
	switch {
	case id == "":
		return ORG_ID_KIND_UNSPECIFIED, fmt.Errorf("organization ID is empty")
	case len(id) == 18:
		if err := validateUSCC(id); err != nil {
			return ORG_ID_KIND_UNSPECIFIED, fmt.Errorf("organization ID %q: %w", id, err)
		}
		return ORG_ID_KIND_USCC, nil
	case len(id) <= 12:
		if err := validateGS1CompanyPrefix(id); err != nil {
			return ORG_ID_KIND_UNSPECIFIED, fmt.Errorf("organization ID %q: %w", id, err)
		}
		return ORG_ID_KIND_GS1_COMPANY_PREFIX, nil
	default:
		return ORG_ID_KIND_UNSPECIFIED, fmt.Errorf("organization ID %q: expected an 18-character unified social credit code or a 6-12 digit GS1 company prefix", id)
	}
}
