package keeper

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	sdkmath "cosmossdk.io/math"
)

// Bounds on a quantity literal, checked before it is parsed: reading a
// number costs time quadratic in its digits, and 10^e is computed for an
// exponent e. Any amount a lot can hold (18 decimals, ~60 integer digits)
// is well inside them.
const (
	maxAmountLength   = 100
	maxAmountExponent = 100
)

// parseAmount reads an EPCIS quantity (a JSON number literal) exactly.
// Negative amounts and more than 18 decimal places are refused, and so are
// literals longer or with larger exponents than any amount needs.
func parseAmount(text string) (sdkmath.LegacyDec, error) {
	if len(text) > maxAmountLength {
		return sdkmath.LegacyDec{}, fmt.Errorf("a number of %d characters; at most %d", len(text), maxAmountLength)
	}
	if _, exp, found := strings.Cut(strings.ToLower(text), "e"); found {
		if e, err := strconv.Atoi(exp); err != nil || e > maxAmountExponent || e < -maxAmountExponent {
			return sdkmath.LegacyDec{}, fmt.Errorf("%q: exponent outside ±%d", text, maxAmountExponent)
		}
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return sdkmath.LegacyDec{}, fmt.Errorf("%q is not a number", text)
	}
	if r.Sign() < 0 {
		return sdkmath.LegacyDec{}, fmt.Errorf("%q is negative", text)
	}
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(sdkmath.LegacyPrecision), nil)))
	if !scaled.IsInt() {
		return sdkmath.LegacyDec{}, fmt.Errorf("%q has more than %d decimal places", text, sdkmath.LegacyPrecision)
	}
	if scaled.Num().BitLen() > sdkmath.LegacyDecimalPrecisionBits+100 {
		return sdkmath.LegacyDec{}, fmt.Errorf("%q is too large", text)
	}
	return sdkmath.LegacyNewDecFromBigIntWithPrec(scaled.Num(), sdkmath.LegacyPrecision), nil
}

// formatAmount writes a decimal without trailing zeros: "12.5", "1000".
func formatAmount(d sdkmath.LegacyDec) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// parseStoredAmount reads an amount this module wrote.
func parseStoredAmount(s string) (sdkmath.LegacyDec, error) {
	return sdkmath.LegacyNewDecFromStr(s)
}
