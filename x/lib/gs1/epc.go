package gs1

import (
	"fmt"
	"regexp"
	"strings"
)

// epcChar is one character of an EPC URN serial or reference component
// (GS1 Tag Data Standard, "GS3A3" characters, percent-escaped where needed).
const epcChar = `(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])`

// cpiChar is one character of a CPI component reference.
const cpiChar = `(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])`

// epcScheme describes one EPC URN scheme: its grammar and how its parts
// become a canonical Digital Link identifier.
type epcScheme struct {
	prefix  string
	pattern *regexp.Regexp
	build   func(parts []string) Identifier
}

func scheme(prefix, pattern string, build func(parts []string) Identifier) epcScheme {
	return epcScheme{prefix: prefix, pattern: regexp.MustCompile(`^` + pattern + `$`), build: build}
}

// gcp matches a GS1 company prefix and the digits that follow it up to a
// fixed total: "(\d{6})\.(\d{7})" or ... "(\d{12})\.(\d{1})" for total 13.
func gcp(total int, minRest int) string {
	var alts []string
	for n := 6; n <= 12; n++ {
		rest := total - n
		if rest < minRest {
			continue
		}
		alts = append(alts, fmt.Sprintf(`\d{%d}\.\d{%d}`, n, rest))
	}
	return `(` + strings.Join(alts, "|") + `)`
}

// gcpVar matches "GCP.REF" where REF is made of char and the whole is at
// most maxTotal characters long, as GIAI, GINC and CPI require.
func gcpVar(char string, maxTotal int) string {
	var alts []string
	for n := 6; n <= 12; n++ {
		alts = append(alts, fmt.Sprintf(`\d{%d}\.%s{1,%d}`, n, char, maxTotal-n))
	}
	return `(` + strings.Join(alts, "|") + `)`
}

// splitGCP splits "GCP.REF" at the dot.
func splitGCP(s string) (prefix, ref string) {
	i := strings.IndexByte(s, '.')
	return s[:i], s[i+1:]
}

// gtinFrom builds a GTIN-14 from company prefix and item reference (whose
// first digit is the indicator).
func gtinFrom(prefix, itemRef string) string {
	return withCheckDigit(itemRef[:1] + prefix + itemRef[1:])
}

const dl = "https://id.gs1.org"

var epcSchemes = []epcScheme{
	scheme("urn:epc:id:sgtin:", gcp(13, 1)+`\.(`+epcChar+`{1,20})`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		gtin := gtinFrom(c, ref)
		serial := webURIPercentEncode(p[2])
		return Identifier{Kind: KindSGTIN, URI: dl + "/01/" + gtin + "/21/" + serial, Key: gtin, CompanyPrefix: c, Serial: serial}
	}),
	scheme("urn:epc:id:sscc:", gcp(17, 5), func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		sscc := withCheckDigit(ref[:1] + c + ref[1:])
		return Identifier{Kind: KindSSCC, URI: dl + "/00/" + sscc, Key: sscc, CompanyPrefix: c}
	}),
	scheme("urn:epc:id:sgln:", gcp(12, 0)+`\.(`+epcChar+`{1,20})`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		gln := withCheckDigit(c + ref)
		id := Identifier{Kind: KindSGLN, URI: dl + "/414/" + gln, Key: gln, CompanyPrefix: c}
		if p[2] != "0" {
			id.Extension = webURIPercentEncode(p[2])
			id.URI += "/254/" + id.Extension
		}
		return id
	}),
	scheme("urn:epc:id:grai:", gcp(12, 0)+`\.(`+epcChar+`{1,16})`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := withCheckDigit("0" + c + ref)
		serial := webURIPercentEncode(p[2])
		return Identifier{Kind: KindGRAI, URI: dl + "/8003/" + key + serial, Key: key, CompanyPrefix: c, Serial: serial}
	}),
	scheme("urn:epc:id:giai:", gcpVar(epcChar, 30), func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := c + webURIPercentEncode(ref)
		return Identifier{Kind: KindGIAI, URI: dl + "/8004/" + key, Key: key, CompanyPrefix: c}
	}),
	scheme("urn:epc:id:gsrn:", gcp(17, 5), func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := withCheckDigit(c + ref)
		return Identifier{Kind: KindGSRN, URI: dl + "/8018/" + key, Key: key, CompanyPrefix: c}
	}),
	scheme("urn:epc:id:gsrnp:", gcp(17, 5), func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := withCheckDigit(c + ref)
		return Identifier{Kind: KindGSRNP, URI: dl + "/8017/" + key, Key: key, CompanyPrefix: c}
	}),
	scheme("urn:epc:id:gdti:", gcp(12, 0)+`\.(`+epcChar+`{0,17})`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := withCheckDigit(c + ref)
		serial := webURIPercentEncode(p[2])
		return Identifier{Kind: KindGDTI, URI: dl + "/253/" + key + serial, Key: key, CompanyPrefix: c, Serial: serial}
	}),
	scheme("urn:epc:id:cpi:", gcpVar(cpiChar, 30)+`\.(\d{1,12})`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := webURIPercentEncode(c + ref)
		return Identifier{Kind: KindCPI, URI: dl + "/8010/" + key + "/8011/" + p[2], Key: key, CompanyPrefix: c, Serial: p[2]}
	}),
	scheme("urn:epc:id:sgcn:", gcp(12, 0)+`\.(\d{1,12})`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := withCheckDigit(c + ref)
		return Identifier{Kind: KindSGCN, URI: dl + "/255/" + key + p[2], Key: key, CompanyPrefix: c, Serial: p[2]}
	}),
	scheme("urn:epc:id:ginc:", gcpVar(epcChar, 30), func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := c + webURIPercentEncode(ref)
		return Identifier{Kind: KindGINC, URI: dl + "/401/" + key, Key: key, CompanyPrefix: c}
	}),
	scheme("urn:epc:id:gsin:", gcp(16, 4), func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := withCheckDigit(c + ref)
		return Identifier{Kind: KindGSIN, URI: dl + "/402/" + key, Key: key, CompanyPrefix: c}
	}),
	scheme("urn:epc:id:itip:", gcp(13, 1)+`\.(\d{2})\.(\d{2})\.(`+epcChar+`{1,20})`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := gtinFrom(c, ref) + p[2] + p[3]
		serial := webURIPercentEncode(p[4])
		return Identifier{Kind: KindITIP, URI: dl + "/8006/" + key + "/21/" + serial, Key: key, CompanyPrefix: c, Serial: serial}
	}),
	scheme("urn:epc:id:upui:", gcp(13, 1)+`\.(`+epcChar+`{1,28})`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		gtin := gtinFrom(c, ref)
		serial := webURIPercentEncode(p[2])
		return Identifier{Kind: KindUPUI, URI: dl + "/01/" + gtin + "/235/" + serial, Key: gtin, CompanyPrefix: c, Serial: serial}
	}),
	scheme("urn:epc:id:pgln:", gcp(12, 0), func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		gln := withCheckDigit(c + ref)
		return Identifier{Kind: KindPGLN, URI: dl + "/417/" + gln, Key: gln, CompanyPrefix: c}
	}),
	scheme("urn:epc:class:lgtin:", gcp(13, 1)+`\.(`+epcChar+`{1,20})`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		gtin := gtinFrom(c, ref)
		lot := webURIPercentEncode(p[2])
		return Identifier{Kind: KindLGTIN, URI: dl + "/01/" + gtin + "/10/" + lot, Key: gtin, CompanyPrefix: c, Lot: lot}
	}),
	scheme("urn:epc:idpat:sgtin:", gcp(13, 1)+`\.\*`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		gtin := gtinFrom(c, ref)
		return Identifier{Kind: KindGTIN, URI: dl + "/01/" + gtin, Key: gtin, CompanyPrefix: c}
	}),
	scheme("urn:epc:idpat:upui:", gcp(13, 1)+`\.\*`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		gtin := gtinFrom(c, ref)
		return Identifier{Kind: KindGTIN, URI: dl + "/01/" + gtin, Key: gtin, CompanyPrefix: c}
	}),
	scheme("urn:epc:idpat:grai:", gcp(12, 0)+`\.\*`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := withCheckDigit("0" + c + ref)
		return Identifier{Kind: KindGRAI, URI: dl + "/8003/" + key, Key: key, CompanyPrefix: c}
	}),
	scheme("urn:epc:idpat:gdti:", gcp(12, 0)+`\.\*`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := withCheckDigit(c + ref)
		return Identifier{Kind: KindGDTI, URI: dl + "/253/" + key, Key: key, CompanyPrefix: c}
	}),
	scheme("urn:epc:idpat:sgcn:", gcp(12, 0)+`\.\*`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := withCheckDigit(c + ref)
		return Identifier{Kind: KindSGCN, URI: dl + "/255/" + key, Key: key, CompanyPrefix: c}
	}),
	scheme("urn:epc:idpat:cpi:", gcpVar(cpiChar, 30)+`\.\*`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := webURIPercentEncode(c + ref)
		return Identifier{Kind: KindCPI, URI: dl + "/8010/" + key, Key: key, CompanyPrefix: c}
	}),
	scheme("urn:epc:idpat:itip:", gcp(13, 1)+`\.(\d{2})\.(\d{2})\.\*`, func(p []string) Identifier {
		c, ref := splitGCP(p[1])
		key := gtinFrom(c, ref) + p[2] + p[3]
		return Identifier{Kind: KindITIP, URI: dl + "/8006/" + key, Key: key, CompanyPrefix: c}
	}),
}

func parseEPC(s string) (Identifier, error) {
	for _, sc := range epcSchemes {
		if !strings.HasPrefix(s, sc.prefix) {
			continue
		}
		parts := sc.pattern.FindStringSubmatch(s[len(sc.prefix):])
		if parts == nil {
			return Identifier{}, fmt.Errorf("%q is not a valid %s EPC URN (company prefix and reference must have the lengths the GS1 Tag Data Standard fixes, serials use only its characters)", s, strings.TrimSuffix(sc.prefix, ":"))
		}
		return sc.build(parts), nil
	}
	return Identifier{}, fmt.Errorf("%q: unsupported EPC URN scheme (supported: sgtin, sscc, sgln, grai, giai, gsrn, gsrnp, gdti, cpi, sgcn, ginc, gsin, itip, upui, pgln, class lgtin and the idpat patterns)", s)
}
