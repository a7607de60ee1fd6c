package gs1_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/gs1"
)

// The inputs of ../shared/testdata/epcis/hash-vectors/epclist_normalisation
// and the canonical forms its pre-hash lists.
var normalisation = map[string]string{
	"urn:epc:id:sgtin:4012345.011111.9876":                        "https://id.gs1.org/01/04012345111118/21/9876",
	"urn:epc:id:sgtin:4012345.011111.98%22":                       "https://id.gs1.org/01/04012345111118/21/98%22",
	"urn:epc:id:sgtin:415056789012.0.987654":                      "https://id.gs1.org/01/04150567890128/21/987654",
	"urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()":      "https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29",
	"urn:epc:id:sscc:4012345.3111111111":                          "https://id.gs1.org/00/340123451111111111",
	"urn:epc:id:sgln:4012345.00005.122":                           "https://id.gs1.org/414/4012345000054/254/122",
	"urn:epc:id:sgln:4012345.00005.0":                             "https://id.gs1.org/414/4012345000054",
	"urn:epc:id:grai:4012345.00022.334455":                        "https://id.gs1.org/8003/04012345000221334455",
	"urn:epc:id:giai:4012345.ABC345":                              "https://id.gs1.org/8004/4012345ABC345",
	"urn:epc:id:gsrn:4012345.0000006765":                          "https://id.gs1.org/8018/401234500000067657",
	"urn:epc:id:gsrnp:4012345.0000000007":                         "https://id.gs1.org/8017/401234500000000074",
	"urn:epc:id:gdti:4012345.00009.PO-4711":                       "https://id.gs1.org/253/4012345000092PO-4711",
	"urn:epc:id:gdti:987659999999..9":                             "https://id.gs1.org/253/98765999999929",
	"urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234":          "https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234",
	"urn:epc:id:ginc:0614141.xyz47%2F11":                          "https://id.gs1.org/401/0614141xyz47%2F11",
	"urn:epc:id:gsin:4012345.222333444":                           "https://id.gs1.org/402/40123452223334442",
	"urn:epc:id:itip:4012345.011111.01.02.987":                    "https://id.gs1.org/8006/040123451111180102/21/987",
	"urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB":      "https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB",
	"urn:epc:id:pgln:4000001.00000":                               "https://id.gs1.org/417/4000001000005",
	"urn:epc:id:pgln:999999999999.":                               "https://id.gs1.org/417/9999999999994",
	"urn:epc:class:lgtin:4012345.012345.Lot987":                   "https://id.gs1.org/01/04012345123456/10/Lot987",
	"https://id.gs1.org/gtin/09780345418913":                      "https://id.gs1.org/01/09780345418913",
	"https://example.com/gtin/09780345418913/21/765tz?abc=211121": "https://id.gs1.org/01/09780345418913/21/765tz",
}

func TestNormalisationVector(t *testing.T) {
	for in, want := range normalisation {
		got, ok := gs1.NormalizeURI(in)
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
		id, err := gs1.Parse(in)
		require.NoError(t, err, in)
		require.Equal(t, want, id.URI, in)
	}
}

func TestParseKindsAndParts(t *testing.T) {
	testCases := []struct {
		in   string
		want gs1.Identifier
	}{
		{"urn:epc:class:lgtin:4012345.012345.Lot987", gs1.Identifier{
			Kind: gs1.KindLGTIN,
			URI:  "https://id.gs1.org/01/04012345123456/10/Lot987", Key: "04012345123456", CompanyPrefix: "4012345", Lot: "Lot987",
		}},
		{"https://id.gs1.org/01/04012345123456/10/Lot987", gs1.Identifier{
			Kind: gs1.KindLGTIN,
			URI:  "https://id.gs1.org/01/04012345123456/10/Lot987", Key: "04012345123456", Lot: "Lot987",
		}},
		{"https://id.gs1.org/01/04012345123456/10/Lot987/21/S1", gs1.Identifier{
			Kind: gs1.KindSGTIN,
			URI:  "https://id.gs1.org/01/04012345123456/21/S1", Key: "04012345123456", Serial: "S1",
		}},
		{"https://example.org/sscc/340123451111111111", gs1.Identifier{
			Kind: gs1.KindSSCC,
			URI:  "https://id.gs1.org/00/340123451111111111", Key: "340123451111111111",
		}},
		{"https://id.gs1.org/414/4012345000054/254/122", gs1.Identifier{
			Kind: gs1.KindSGLN,
			URI:  "https://id.gs1.org/414/4012345000054/254/122", Key: "4012345000054", Extension: "122",
		}},
		{"https://id.gs1.org/01/4012345123456", gs1.Identifier{
			Kind: gs1.KindGTIN,
			URI:  "https://id.gs1.org/01/04012345123456", Key: "04012345123456",
		}},
		{"https://id.gs1.org/01/04012345123456/22/2A/10/L1", gs1.Identifier{
			Kind: gs1.KindLGTIN,
			URI:  "https://id.gs1.org/01/04012345123456/10/L1", Key: "04012345123456", Lot: "L1",
		}},
	}
	for _, tc := range testCases {
		got, err := gs1.Parse(tc.in)
		require.NoError(t, err, tc.in)
		require.Equal(t, tc.want, got, tc.in)
	}
}

func TestParseRefusals(t *testing.T) {
	for in, text := range map[string]string{
		"":                                    "neither an EPC URN",
		"4012345123456":                       "neither an EPC URN",
		"urn:epc:id:sgtin:4012345.11111.9876": "not a valid urn:epc:id:sgtin",
		"urn:epc:id:sgtin:4012345.011111.":    "not a valid urn:epc:id:sgtin",
		"urn:epc:id:sgtin:4012345.011111.12345678901234567890X":              "not a valid",
		"urn:epc:id:sscc:4012345.311111111":                                  "not a valid urn:epc:id:sscc",
		"urn:epc:id:bic:CSQU3054383":                                         "unsupported EPC URN scheme",
		"https://id.gs1.org/01/04012345123457":                               "check digit",
		"https://id.gs1.org/00/340123451111111112":                           "check digit",
		"https://example.com/product/123":                                    "not a GS1 Digital Link",
		"https://id.gs1.org/01/04012345123456/21/" + "123456789012345678901": "not a GS1 Digital Link",
	} {
		_, err := gs1.Parse(in)
		require.ErrorContains(t, err, text, "%q", in)
	}
}

func TestCheckDigitAndGTIN(t *testing.T) {
	for _, full := range []string{"04012345123456", "4012345123456", "614141073467", "96385074", "340123451111111111", "4000001000005"} {
		c, err := gs1.CheckDigit(full[:len(full)-1])
		require.NoError(t, err)
		require.Equal(t, full[len(full)-1], c, full)
	}
	g, err := gs1.ParseGTIN("614141073467")
	require.NoError(t, err)
	require.Equal(t, "00614141073467", g)
	_, err = gs1.ParseGTIN("614141073468")
	require.ErrorContains(t, err, "check digit is 8, expected 7")
	_, err = gs1.ParseGTIN("1234567")
	require.ErrorContains(t, err, "8, 12, 13 or 14 digits")
	_, err = gs1.ParseGTIN("0401234512345X")
	require.Error(t, err)
}
