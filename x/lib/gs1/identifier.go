package gs1

import (
	"fmt"
	"strings"
)

// Kind is the GS1 key type (and granularity) of an identifier.
type Kind string

// Kinds TraceChain tracks as objects, places and parties, and the others
// EPCIS events may mention.
const (
	KindSGTIN Kind = "sgtin" // serialised trade item: GTIN + serial
	KindLGTIN Kind = "lgtin" // a lot (batch) of a trade item: GTIN + lot
	KindGTIN  Kind = "gtin"  // a trade item class, no lot or serial
	KindSSCC  Kind = "sscc"  // logistic unit (pallet, parcel)
	KindSGLN  Kind = "sgln"  // location: GLN, optionally with extension
	KindPGLN  Kind = "pgln"  // party GLN
	KindGRAI  Kind = "grai"
	KindGIAI  Kind = "giai"
	KindGSRN  Kind = "gsrn"
	KindGSRNP Kind = "gsrnp"
	KindGDTI  Kind = "gdti"
	KindCPI   Kind = "cpi"
	KindGINC  Kind = "ginc"
	KindGSIN  Kind = "gsin"
	KindITIP  Kind = "itip"
	KindUPUI  Kind = "upui"
	KindSGCN  Kind = "sgcn"
)

// Identifier is a GS1 identifier in canonical form.
type Identifier struct {
	Kind Kind
	// URI is the canonical, constrained GS1 Digital Link URI on id.gs1.org.
	URI string
	// Key is the primary key's digits or characters: the 14-digit GTIN, the
	// 18-digit SSCC, the 13-digit GLN, ...
	Key string
	// CompanyPrefix is known when the input was an EPC URN (whose dot marks
	// it); Digital Link URIs do not say where the prefix ends.
	CompanyPrefix string
	// Serial, Lot and Extension are the key qualifiers, as encoded in URI.
	Serial, Lot, Extension string
}

// Parse reads an EPC URN (id, class or id pattern) or a GS1 Digital Link
// URI and returns it in canonical form.
func Parse(s string) (Identifier, error) {
	switch {
	case strings.HasPrefix(s, "urn:epc:"):
		return parseEPC(s)
	case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
		return parseDigitalLink(s)
	default:
		return Identifier{}, fmt.Errorf("%q is neither an EPC URN (urn:epc:...) nor a GS1 Digital Link URI (https://...)", s)
	}
}

// Canonical returns the canonical form of s if it is a GS1 identifier.
func Canonical(s string) (string, bool) {
	id, err := Parse(s)
	if err != nil {
		return "", false
	}
	return id.URI, true
}

// webURIPercentEncode percent-encodes the characters GS1 Digital Link
// requires encoded that EPC URNs leave bare.
var webURIPercentEncode = strings.NewReplacer(
	"!", "%21", "(", "%28", ")", "%29", "*", "%2A", "+", "%2B", ",", "%2C", ":", "%3A",
).Replace
