package gs1

import (
	"fmt"
	"strings"
)

// CheckDigit computes the GS1 mod-10 check digit of a digit string (the
// digits before the check digit of a GTIN, GLN, SSCC, GSRN, ...).
func CheckDigit(digits string) (byte, error) {
	if digits == "" {
		return 0, fmt.Errorf("no digits")
	}
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := digits[i]
		if d < '0' || d > '9' {
			return 0, fmt.Errorf("%q is not a digit", d)
		}
		weight := 1
		if (len(digits)-1-i)%2 == 0 {
			weight = 3
		}
		sum += int(d-'0') * weight
	}
	return byte('0' + (10-sum%10)%10), nil
}

// withCheckDigit appends the check digit; digits are known to be digits.
func withCheckDigit(digits string) string {
	c, err := CheckDigit(digits)
	if err != nil {
		panic(err) // callers pass regexp-validated digit strings
	}
	return digits + string(c)
}

// ParseGTIN accepts a GTIN-8, -12, -13 or -14 with a correct check digit
// and returns it as the 14-digit GTIN.
func ParseGTIN(s string) (string, error) {
	switch len(s) {
	case 8, 12, 13, 14:
	default:
		return "", fmt.Errorf("GTIN %q: must have 8, 12, 13 or 14 digits, has %d characters", s, len(s))
	}
	want, err := CheckDigit(s[:len(s)-1])
	if err != nil {
		return "", fmt.Errorf("GTIN %q: %w", s, err)
	}
	if s[len(s)-1] != want {
		return "", fmt.Errorf("GTIN %q: check digit is %c, expected %c", s, s[len(s)-1], want)
	}
	return strings.Repeat("0", 14-len(s)) + s, nil
}
