package types_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/membership/types"
)

func TestUSCCCheckCharacter(t *testing.T) {
	// 91350100M000100Y43 is the example commonly used to explain GB 32100-2015;
	// the other two appear on published business licences.
	for _, code := range []string{"91350100M000100Y43", "91110000802100433B", "91440300708461136T"} {
		c, err := types.USCCCheckCharacter(code[:17])
		require.NoError(t, err)
		require.Equal(t, code[17], c, code)
	}
}

func TestParseOrgID(t *testing.T) {
	testCases := []struct {
		name    string
		id      string
		kind    types.OrgIDKind
		errText string
	}{
		{name: "unified social credit code", id: "91350100M000100Y43", kind: types.ORG_ID_KIND_USCC},
		{name: "check character 0", id: "11350000MB01234560", kind: types.ORG_ID_KIND_USCC},
		{name: "GS1 prefix of 7 digits", id: "6901234", kind: types.ORG_ID_KIND_GS1_COMPANY_PREFIX},
		{name: "GS1 prefix of 12 digits", id: "690123456789", kind: types.ORG_ID_KIND_GS1_COMPANY_PREFIX},
		{name: "GS1 prefix of 6 digits", id: "690123", kind: types.ORG_ID_KIND_GS1_COMPANY_PREFIX},
		{name: "empty", id: "", errText: "empty"},
		{name: "wrong check character", id: "91350100M000100Y44", errText: "check character is '4', expected '3'"},
		{name: "letter I is not in the alphabet", id: "91350100MI00100Y43", errText: "not in the GB 32100-2015 alphabet"},
		{name: "lower case", id: "91350100m000100Y43", errText: "not in the GB 32100-2015 alphabet"},
		{name: "division code not digits", id: "9135A100M000100Y43", errText: "administrative division code"},
		{name: "GS1 prefix too short", id: "69012", errText: "6 to 12 digits"},
		{name: "GS1 prefix with a letter", id: "69012A4", errText: "must be digits"},
		{name: "13 characters", id: "6901234567890", errText: "expected an 18-character"},
		{name: "19 characters", id: "91350100M000100Y430", errText: "expected an 18-character"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			kind, err := types.ParseOrgID(tc.id)
			if tc.errText != "" {
				require.ErrorContains(t, err, tc.errText)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.kind, kind)
		})
	}
}

// FuzzParseOrgID: no input panics, and whatever is accepted has the shape
// its kind promises.
func FuzzParseOrgID(f *testing.F) {
	for _, seed := range []string{"91350100M000100Y43", "6901234", "", "9135010 M000100Y43", "\x00\xff", strings.Repeat("9", 18)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		kind, err := types.ParseOrgID(id)
		if err != nil {
			require.Equal(t, types.ORG_ID_KIND_UNSPECIFIED, kind)
			return
		}
		switch kind {
		case types.ORG_ID_KIND_USCC:
			require.Len(t, id, 18)
			c, err := types.USCCCheckCharacter(id[:17])
			require.NoError(t, err)
			require.Equal(t, c, id[17])
		case types.ORG_ID_KIND_GS1_COMPANY_PREFIX:
			require.GreaterOrEqual(t, len(id), 6)
			require.LessOrEqual(t, len(id), 12)
			require.Empty(t, strings.Trim(id, "0123456789"))
		default:
			t.Fatalf("accepted %q with kind %v", id, kind)
		}
	})
}
