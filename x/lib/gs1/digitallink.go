package gs1

import (
	"fmt"
	"regexp"
	"strings"
)

// dlChar is a character GS1 Digital Link allows unescaped in a
// constrained identifier component.
const dlChar = `[\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]`

var (
	// dlShape: an http(s) URI with a GS1 primary key somewhere in its path.
	dlShape = regexp.MustCompile(`^https?:(//((([^/?#]*)@)?([^/?#:]*)(:([^/?#]*))?))?((([^?#]*)(/(01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai)/)(\d{4}[^/]+)(/[^/]+/[^/]+)?[/]?(\?([^?\n]*))?(#([^\n]*))?)|(/[A-Za-z_-]{10}$))`)

	dlKeyNames = strings.NewReplacer(
		"/gtin/", "/01/", "/itip/", "/8006/", "/cpid/", "/8010/", "/gln/", "/414/", "/party/", "/417/",
		"/gsrnp/", "/8017/", "/gsrn/", "/8018/", "/gcn/", "/255/", "/sscc/", "/00/", "/gdti/", "/253/",
		"/ginc/", "/401/", "/gsin/", "/402/", "/grai/", "/8003/", "/giai/", "/8004/", "/cpv/", "/22/",
		"/lot/", "/10/", "/ser/", "/21/",
	)

	dlCanonicalHost = regexp.MustCompile(`^https://id\.gs1\.org/(01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004)/(\d{4}[^/]+)(/[^/]+/[^/]+)?[/]?(\?([^?\n]*))?(#([^\n]*))?|(/[A-Za-z_-]{10}$)`)
	dlPrimaryKeys   = []string{"/00/", "/01/", "/253/", "/255/", "/401/", "/402/", "/414/", "/417/", "/8003/", "/8004/", "/8006/", "/8010/", "/8017/", "/8018/"}

	gtin14 = regexp.MustCompile(`^https://id\.gs1\.org/01/\d{14}`)
	gtin13 = regexp.MustCompile(`^https://id\.gs1\.org/01/\d{13}`)
	gtin12 = regexp.MustCompile(`^https://id\.gs1\.org/01/\d{12}`)
	gtin8  = regexp.MustCompile(`^https://id\.gs1\.org/01/\d{8}`)

	cpvLast      = regexp.MustCompile(`https://id\.gs1\.org/(?:8006/\d{18}|01/\d{14})/22/(` + dlChar + `{0,20})$`)
	cpvMid       = regexp.MustCompile(`https://id\.gs1\.org/(?:8006/\d{18}|01/\d{14})/22/([\x2F\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]{0,20})$`)
	lotAndSerial = regexp.MustCompile(`https://id\.gs1\.org/(?:8006/\d{18}|01/\d{14})/10/(` + dlChar + `{0,20})/21/(` + dlChar + `{0,20})$`)
)

// canonicalForm is one shape a constrained, canonical Digital Link may
// take, with the identifier kind it denotes.
type canonicalForm struct {
	kind    Kind
	pattern *regexp.Regexp
}

// cpiRefChar is a character of a CPI component reference in Digital Link.
const cpiRefChar = `[\x23\x2D\x2F\x30-\x39\x41-\x5A]`

// canonicalForms builds the table with c as the character class of
// serials, lots and references, and p that of CPI references.
func canonicalForms(c, p string) []canonicalForm {
	form := func(kind Kind, pattern string) canonicalForm {
		pattern = strings.NewReplacer("{c}", c, "{p}", p).Replace(pattern)
		return canonicalForm{kind, regexp.MustCompile(`^https://id\.gs1\.org/` + pattern + `$`)}
	}
	return []canonicalForm{
		form(KindSSCC, `00/(\d{18})`),
		form(KindSGTIN, `01/(\d{14})/21/({c}{0,20})`),
		form(KindLGTIN, `01/(\d{14})/10/({c}{0,20})`),
		form(KindGTIN, `01/(\d{14})`),
		form(KindUPUI, `01/(\d{14})/235/({c}{0,28})`),
		form(KindGDTI, `253/(\d{13})({c}{0,17})`),
		form(KindSGCN, `255/(\d{13})(\d{0,12})`),
		form(KindGINC, `401/({c}{0,30})`),
		form(KindGSIN, `402/(\d{17})`),
		form(KindSGLN, `414/(\d{13})`),
		form(KindSGLN, `414/(\d{13})/254/({c}{0,20})`),
		form(KindPGLN, `417/(\d{13})`),
		form(KindGRAI, `8003/(\d{14})({c}{0,16})`),
		form(KindGIAI, `8004/({c}{0,30})`),
		form(KindITIP, `8006/(\d{18})/21/({c}{0,20})`),
		form(KindITIP, `8006/(\d{18})/10/({c}{0,20})`),
		form(KindITIP, `8006/(\d{18})`),
		form(KindCPI, `8010/({p}{0,30})/8011/(\d{0,12})`),
		form(KindCPI, `8010/({p}{0,30})`),
		form(KindGSRNP, `8017/(\d{18})`),
		form(KindGSRN, `8018/(\d{18})`),
	}
}

var (
	// referenceForms are the shapes of the CBV reference implementation;
	// the event hash must accept exactly these.
	referenceForms = canonicalForms(dlChar, cpiRefChar)
	// storedForms also accept the percent-escapes that canonical forms of
	// EPC URNs keep (a serial 98" is 98%22), so every stored identifier
	// reads back as itself.
	storedForms = canonicalForms(escaped(dlChar), escaped(cpiRefChar))
)

// LooksLikeDigitalLink reports whether a URI has the shape of a GS1
// Digital Link — an http(s) URI with a GS1 primary key (code or name)
// somewhere in its path — whether or not its key is valid: a caller can
// then refuse a malformed one instead of taking it for another URI.
func LooksLikeDigitalLink(uri string) bool { return dlShape.MatchString(uri) }

// normalizeDigitalLink constrains a GS1 Digital Link URI: AI codes instead
// of key names, the id.gs1.org host, no query or fragment-free extras, a
// 14-digit GTIN, no CPV, and only the finest level of identification
// (a serial wins over a lot). It reports false for anything else.
func normalizeDigitalLink(uri string) (string, bool) {
	if !dlShape.MatchString(uri) {
		return "", false
	}
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	uri = dlKeyNames.Replace(uri)
	if !dlCanonicalHost.MatchString(uri) {
		for _, key := range dlPrimaryKeys {
			if i := strings.Index(uri, key); i >= 0 {
				uri = dl + uri[i:]
				break
			}
		}
	}
	if !gtin14.MatchString(uri) {
		switch {
		case gtin13.MatchString(uri):
			uri = strings.Replace(uri, "/01/", "/01/0", 1)
		case gtin12.MatchString(uri):
			uri = strings.Replace(uri, "/01/", "/01/00", 1)
		case gtin8.MatchString(uri):
			uri = strings.Replace(uri, "/01/", "/01/000000", 1)
		}
	}
	if i := strings.Index(uri, "/22/"); i >= 0 {
		rest := uri[i+4:]
		switch {
		case cpvLast.MatchString(uri):
			// A trailing CPV: drop it.
			uri = uri[:i]
		case cpvMid.MatchString(uri):
			// A CPV followed by a serial or lot: keep what follows.
			if j := strings.IndexByte(rest, '/'); j >= 0 {
				uri = uri[:i] + rest[j:]
			}
		}
	}
	if lotAndSerial.MatchString(uri) {
		i := strings.Index(uri, "/10/")
		rest := uri[i+4:]
		uri = uri[:i] + rest[strings.IndexByte(rest, '/'):]
	}
	for _, f := range referenceForms {
		if f.pattern.MatchString(uri) {
			return uri, true
		}
	}
	return "", false
}

func parseDigitalLink(s string) (Identifier, error) {
	uri, ok := s, isStoredForm(s)
	if !ok {
		uri, ok = normalizeDigitalLink(s)
	}
	if !ok {
		return Identifier{}, fmt.Errorf("%q is not a GS1 Digital Link URI with a valid primary key (e.g. https://id.gs1.org/01/<GTIN-14>/10/<lot>)", s)
	}
	for _, f := range storedForms {
		m := f.pattern.FindStringSubmatch(uri)
		if m == nil {
			continue
		}
		id := Identifier{Kind: f.kind, URI: uri, Key: m[1]}
		switch {
		case strings.Contains(uri, "/21/"):
			id.Serial = m[2]
		case strings.Contains(uri, "/10/"):
			id.Lot = m[2]
		case strings.Contains(uri, "/254/"):
			id.Extension = m[2]
		case len(m) > 2:
			id.Serial = m[2]
		}
		if err := id.checkDigits(); err != nil {
			return Identifier{}, fmt.Errorf("%q: %w", s, err)
		}
		return id, nil
	}
	return Identifier{}, fmt.Errorf("%q: no canonical form", s)
}

// escaped extends a character class with percent-escapes.
func escaped(class string) string { return `(?:%[0-9A-Fa-f]{2}|` + class + `)` }

func isStoredForm(s string) bool {
	for _, f := range storedForms {
		if f.pattern.MatchString(s) {
			return true
		}
	}
	return false
}

// checkDigits verifies the check digit of numeric keys that carry one.
func (id Identifier) checkDigits() error {
	var key string
	switch id.Kind {
	case KindSGTIN, KindLGTIN, KindGTIN, KindUPUI, KindSSCC, KindSGLN, KindPGLN, KindGDTI, KindSGCN, KindGSIN, KindGSRN, KindGSRNP:
		key = id.Key
	case KindGRAI:
		key = id.Key[:14]
	case KindITIP:
		key = id.Key[:14]
	default:
		return nil
	}
	want, err := CheckDigit(key[:len(key)-1])
	if err != nil {
		return err
	}
	if key[len(key)-1] != want {
		return fmt.Errorf("check digit of %s is %c, expected %c", key, key[len(key)-1], want)
	}
	return nil
}

// NormalizeURI is the event hash's reading of a value: EPC URNs and GS1
// Digital Link URIs become their canonical Digital Link; anything else is
// not an identifier (false). Like the CBV reference implementation it does
// not verify check digits of Digital Link input — a hash must be computable
// for any event; Parse is the strict reader for what TraceChain stores.
func NormalizeURI(s string) (string, bool) {
	if strings.HasPrefix(s, "urn:epc:") {
		id, err := parseEPC(s)
		return id.URI, err == nil
	}
	return normalizeDigitalLink(s)
}
