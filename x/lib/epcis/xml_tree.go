package epcis

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"
)

// xnode is an XML element as the binding reads it: its name (Space is the
// namespace URI, "" for the unqualified names of EPCIS's own fields), its
// attributes (namespace declarations left out), child elements and text.
type xnode struct {
	name     xml.Name
	attrs    []xml.Attr
	children []*xnode
	text     string
	// scope are the namespace prefixes in scope at the element (prefix →
	// URI), for the CURIEs among its values.
	scope map[string]string
}

// MaxXMLDepth bounds the nesting of an XML document (EPCIS's own
// structure is at most 8 deep; extensions get the rest).
const MaxXMLDepth = 48

// xmlNamespaces are the prefixes an XML document declares, per namespace
// URI, in the order declared.
type xmlNamespaces map[string][]string

// parseXMLTree reads an XML document into its element tree. Comments and
// processing instructions are dropped; a DTD with declarations is refused,
// so no entity can be defined; a prefix must be declared.
func parseXMLTree(data []byte) (*xnode, xmlNamespaces, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	declared := xmlNamespaces{}
	var stack []*xnode
	var texts []*strings.Builder // each open element's own character data
	var root *xnode
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("not XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == MaxXMLDepth {
				return nil, nil, fmt.Errorf("<%s>: nested deeper than %d levels", t.Name.Local, MaxXMLDepth)
			}
			if root != nil && len(stack) == 0 {
				return nil, nil, errors.New("more than one root element")
			}
			n := &xnode{name: t.Name, scope: map[string]string{}}
			ownScope := len(stack) == 0
			if !ownScope {
				n.scope = stack[len(stack)-1].scope // shared until it declares one
			}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns":
					declared[a.Value] = append(declared[a.Value], a.Name.Local)
					if !ownScope {
						n.scope, ownScope = maps.Clone(n.scope), true
					}
					n.scope[a.Name.Local] = a.Value
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					// A default namespace names no prefix.
				default:
					n.attrs = append(n.attrs, a)
				}
			}
			if undeclared(t.Name.Space) {
				return nil, nil, fmt.Errorf("<%s:%s>: the prefix %s is not declared", t.Name.Space, t.Name.Local, t.Name.Space)
			}
			if len(stack) == 0 {
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			}
			stack = append(stack, n)
			texts = append(texts, &strings.Builder{})
		case xml.EndElement:
			n := stack[len(stack)-1]
			// Mixed content keeps its text too (GS1's reference hashes it).
			n.text = strings.TrimSpace(texts[len(texts)-1].String())
			stack, texts = stack[:len(stack)-1], texts[:len(texts)-1]
		case xml.CharData:
			if len(texts) > 0 {
				texts[len(texts)-1].Write(t)
			}
		case xml.Directive:
			// A bare <!DOCTYPE name> says nothing; an internal subset could
			// declare entities, which an EPCIS document has no use for.
			if bytes.ContainsRune(t, '[') || !bytes.HasPrefix(t, []byte("DOCTYPE")) {
				return nil, nil, errors.New("a DTD with declarations (<!DOCTYPE … [ … ]>) is not accepted in an EPCIS document")
			}
		}
	}
	if root == nil {
		return nil, nil, errors.New("no root element")
	}
	return root, declared, nil
}

// undeclared: encoding/xml leaves an undeclared prefix as the "namespace"
// itself, which then is no URI.
func undeclared(space string) bool {
	return space != "" && !strings.Contains(space, ":")
}

// child is n's first child element of that unqualified local name.
func (n *xnode) child(local string) *xnode {
	for _, c := range n.children {
		if c.name.Space == "" && c.name.Local == local {
			return c
		}
	}
	return nil
}

// unwrapped are n's children with EPCIS 1.x's <extension> and
// <baseExtension> wrappers (which EPCIS 2.0 XML still uses for the fields
// added since 1.0) replaced by what they wrap.
func (n *xnode) unwrapped() []*xnode {
	var out []*xnode
	for _, c := range n.children {
		if c.name.Space == "" && (c.name.Local == "extension" || c.name.Local == "baseExtension") {
			out = append(out, c.unwrapped()...)
			continue
		}
		out = append(out, c)
	}
	return out
}

// attr is the value of an unqualified attribute.
func (n *xnode) attr(local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}
