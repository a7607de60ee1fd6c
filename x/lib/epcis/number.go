package epcis

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// MaxNumberLength bounds a numeric value the event hash reads: parsing a
// number costs time quadratic in its digits, and a double holds 17
// significant digits, so no real document comes near it.
const MaxNumberLength = 1000

// canonicalNumber is the event hash's reading of a numeric value: the
// reference implementation parses it as an IEEE double and prints integral
// values as integers ("452.0" → "452") and others in Python's shortest
// repr ("0.10" → "0.1", "0.00001" → "1e-05"). The same result is computed
// here in software (big.Float at 53-bit precision rounds as a double does)
// so that no hardware float touches the state machine.
//
// ok is false for text that is not a number; err is set for numbers the
// hash cannot represent (infinite, or beyond the normal double range).
func canonicalNumber(text string) (out string, ok bool, err error) {
	lit, special := pythonFloatLiteral(text)
	switch special {
	case "nan":
		return "", false, nil // Python keeps NaN as text
	case "inf":
		return "", false, fmt.Errorf("%q is infinite", text)
	}
	if lit == "" {
		return "", false, nil
	}
	if len(lit) > MaxNumberLength {
		return "", false, fmt.Errorf("a number of %d characters; the event hash reads numbers of at most %d", len(lit), MaxNumberLength)
	}
	f, _, perr := big.ParseFloat(lit, 10, 53, big.ToNearestEven)
	if perr != nil {
		return "", false, nil
	}
	if f.Sign() != 0 {
		exp := f.MantExp(nil)
		if exp > 1024 {
			return "", false, fmt.Errorf("%q is beyond the range of a double", text)
		}
		if exp < -1021 {
			return "", false, fmt.Errorf("%q is too small for the event hash (below the normal double range)", text)
		}
	}
	if f.IsInt() {
		i, _ := f.Int(nil)
		return i.String(), true, nil
	}
	return pythonRepr(f), true, nil
}

// pythonFloatLiteral checks the grammar Python's float() accepts (ASCII
// digits, underscores between digits, optional fraction and exponent) and
// returns the literal without underscores, or "nan"/"inf" as special.
func pythonFloatLiteral(s string) (lit, special string) {
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return "", ""
	}
	switch strings.ToLower(body) {
	case "nan":
		return "", "nan"
	case "inf", "infinity":
		return "", "inf"
	}
	mantissa, exponent, hasExp := strings.Cut(strings.ToLower(body), "e")
	intPart, fracPart, hasDot := strings.Cut(mantissa, ".")
	if !digitGroups(intPart, true) || (hasDot && !digitGroups(fracPart, true)) || (intPart == "" && fracPart == "") {
		return "", ""
	}
	if hasExp {
		e := strings.TrimLeft(exponent, "+-")
		if len(exponent)-len(e) > 1 || !digitGroups(e, false) {
			return "", ""
		}
	}
	return strings.ReplaceAll(s, "_", ""), ""
}

// digitGroups: ASCII digits with single underscores between them.
func digitGroups(s string, allowEmpty bool) bool {
	if s == "" {
		return allowEmpty
	}
	if s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '_' {
			return false
		}
	}
	return true
}

// pythonRepr formats a non-integral double the way Python's repr does:
// shortest round-trip digits, fixed notation for decimal exponents from -4
// to 15, scientific ("1.5e-07") otherwise.
func pythonRepr(f *big.Float) string {
	sci := f.Text('e', -1) // d.ddddde±XX, shortest digits for 53 bits
	sign := ""
	if strings.HasPrefix(sci, "-") {
		sign, sci = "-", sci[1:]
	}
	mant, expStr, _ := strings.Cut(sci, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp10, err := strconv.Atoi(expStr)
	if err != nil {
		panic(fmt.Sprintf("big.Float.Text produced exponent %q", expStr)) // cannot happen: Text('e') writes ±dd
	}
	if exp10 < -4 || exp10 >= 16 {
		out := digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		esign := "+"
		if exp10 < 0 {
			esign, exp10 = "-", -exp10
		}
		return fmt.Sprintf("%s%se%s%02d", sign, out, esign, exp10)
	}
	if exp10 < 0 {
		return sign + "0." + strings.Repeat("0", -exp10-1) + digits
	}
	if len(digits) <= exp10+1 {
		return sign + digits + strings.Repeat("0", exp10+1-len(digits)) + ".0"
	}
	return sign + digits[:exp10+1] + "." + digits[exp10+1:]
}
