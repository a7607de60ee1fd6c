package epcis

import (
	"fmt"
	"strings"
)

// StandardContexts are the EPCIS 2.0 context documents TraceChain knows;
// remote contexts are never fetched, so any other is refused.
var StandardContexts = map[string]bool{
	"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld": true,
	"https://ref.gs1.org/standards/epcis/epcis-context.jsonld":       true,
	"https://gs1.github.io/EPCIS/epcis-context.jsonld":               true,
}

// Context is what a document's @context tells the event hash: the
// namespace of each prefix.
type Context struct {
	Prefixes map[string]string
}

// standardPrefixes are defined by the EPCIS 2.0 context itself. cbvmda
// has no trailing colon, as the reference hash writes its keys.
func standardPrefixes() map[string]string {
	return map[string]string{
		"gs1":    GS1Namespace,
		"cbv":    CBVNamespace,
		"epcis":  "https://ref.gs1.org/epcis/",
		"cbvmda": "urn:epcglobal:cbv:mda",
	}
}

// protectedPrefixes are the EPCIS context's protected terms a document
// cannot redefine (JSON-LD @protected): their values decide what a
// vocabulary value means.
var protectedPrefixes = map[string]string{"gs1": GS1Namespace, "cbv": CBVNamespace, "epcis": "https://ref.gs1.org/epcis/"}

// ReadContext reads @context: standard context URLs and inline prefix
// definitions. Term definitions that are not plain namespace strings
// (e.g. {"@type": "@id"}) are allowed and do not define prefixes.
func ReadContext(n *Node) (Context, error) {
	ctx := Context{Prefixes: standardPrefixes()}
	if n == nil {
		return ctx, fmt.Errorf("@context is missing; EPCIS 2.0 JSON-LD needs the EPCIS context")
	}
	items := []*Node{n}
	if n.Kind == Array {
		items = n.Values
	}
	standard := false
	for i, item := range items {
		switch item.Kind {
		case String:
			if !StandardContexts[item.Text] {
				return ctx, fmt.Errorf("@context[%d]: %q is not the EPCIS 2.0 context; remote contexts are not fetched", i, item.Text)
			}
			standard = true
		case Object:
			for j, key := range item.Keys {
				if v := item.Values[j]; v.Kind == String && !strings.HasPrefix(key, "@") {
					if ns, protected := protectedPrefixes[key]; protected && ns != v.Text {
						return ctx, fmt.Errorf("@context[%d].%s: the EPCIS context defines %s as %s; a document cannot redefine it", i, key, key, ns)
					}
					ctx.Prefixes[key] = v.Text
				}
			}
		default:
			return ctx, fmt.Errorf("@context[%d]: expected a URL or an object", i)
		}
	}
	if !standard {
		return ctx, fmt.Errorf("@context does not include the EPCIS 2.0 context (%s)", "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld")
	}
	return ctx, nil
}

// expandKey writes a prefixed key as {namespace}local.
func (c Context) expandKey(key string) string {
	prefix, local, ok := strings.Cut(key, ":")
	if !ok {
		return key
	}
	if ns, known := c.Prefixes[prefix]; known {
		return "{" + ns + "}" + local
	}
	return key
}

// expandValue resolves a compact URI (CURIE) value with the document's
// prefixes — the EPCIS context's and the document's own — as the Event Hash
// ID requires of every CURIE (CBV 2.0, Event Hash ID rule 15: "any Compact
// URI Expression (CURIE) SHALL be expanded"). Namespace and local part are
// joined as they are, as JSON-LD expands a compact IRI. A value whose part
// after the colon starts with "//" is an absolute URI, never a CURIE
// (JSON-LD 1.1, IRI expansion), whatever prefixes a document defines.
func (c Context) expandValue(value string) string {
	prefix, local, ok := strings.Cut(value, ":")
	if !ok || strings.HasPrefix(local, "//") {
		return value
	}
	if ns, known := c.Prefixes[prefix]; known {
		return ns + local
	}
	return value
}

// ExpandCURIE is a value with its CURIE expanded as the event hash reads
// it (the value itself if it is none).
func (c Context) ExpandCURIE(value string) string { return c.expandValue(value) }
