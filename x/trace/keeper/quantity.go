package keeper

import (
	"fmt"
	"math/big"
	"strings"

	sdkmath "cosmossdk.io/math"
)

// parseAmount reads an EPCIS quantity (a JSON number literal) exactly.
// Negative amounts and more than 18 decimal places are refused.
func parseAmount(text string) (sdkmath.LegacyDec, error) {
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
