package epcis

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tracechain/tracechain/x/lib/gs1"
)

// elem is the event as the hash sees it: a name, a text and children,
// the way the XML binding of EPCIS nests it.
type elem struct {
	name     string
	text     string
	children []*elem
}

// prop is one entry of the canonical property order.
type prop struct {
	name string
	sub  []prop
}

func props(names ...string) []prop {
	out := make([]prop, len(names))
	for i, n := range names {
		out[i] = prop{name: n}
	}
	return out
}

var quantityElementOrder = []prop{{name: "quantityElement", sub: props("epcClass", "quantity", "uom")}}

// canonicalOrder is the CBV 2.0 property order the hash reference vectors
// were generated with (rule 1: "extracted according to the canonical
// property order"). Business transaction, source and destination lists
// are not in it: they follow, with the other remaining fields, in sorted
// order (see remainder).
var canonicalOrder = []prop{
	{name: "eventTime"},
	{name: "eventTimeZoneOffset"},
	{name: "certificationInfo"},
	{name: "epcList", sub: props("epc")},
	{name: "parentID"},
	{name: "inputEPCList", sub: props("epc")},
	{name: "childEPCs", sub: props("epc")},
	{name: "quantityList", sub: quantityElementOrder},
	{name: "childQuantityList", sub: quantityElementOrder},
	{name: "inputQuantityList", sub: quantityElementOrder},
	{name: "outputEPCList", sub: props("epc")},
	{name: "outputQuantityList", sub: quantityElementOrder},
	{name: "action"},
	{name: "transformationID"},
	{name: "bizStep"},
	{name: "disposition"},
	{name: "persistentDisposition", sub: props("set", "unset")},
	{name: "readPoint", sub: props("id")},
	{name: "bizLocation", sub: props("id")},
	{name: "sensorElementList", sub: []prop{{name: "sensorElement", sub: []prop{
		{name: "sensorMetadata", sub: props("time", "startTime", "endTime", "deviceID", "deviceMetadata",
			"rawData", "dataProcessingMethod", "bizRules")},
		{name: "sensorReport", sub: props("type", "exception", "deviceID", "deviceMetadata", "rawData",
			"dataProcessingMethod", "time", "microorganism", "chemicalSubstance", "value", "component",
			"stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue",
			"sDev", "percRank", "percValue", "uom", "coordinateReferenceSystem")},
	}}}},
}

// ignoredFields never take part in the hash: identity and capture
// metadata, and the error declaration (a declaration keeps the event's ID)
// — the algorithm's excluded fields.
var ignoredFields = map[string]bool{"eventID": true, "recordTime": true, "errorDeclaration": true}

// ignoredKeys are comments, at any level.
var ignoredKeys = map[string]bool{"rdfs:comment": true, "comment": true, "#text": true, "@context": true}

// typedLists render as "<list>type=...<item>=..." per entry.
var typedLists = map[string]string{"bizTransactionList": "bizTransaction", "sourceList": "source", "destinationList": "destination"}

// HashID is the CBV 2.0 Event Hash ID of a pre-hash string (rules 22–24:
// ni:///sha-256;<lowercase hex of SHA-256 of the UTF-8 string>?ver=CBV2.0).
func HashID(preHash string) string {
	sum := sha256.Sum256([]byte(preHash))
	return "ni:///sha-256;" + hex.EncodeToString(sum[:]) + "?ver=CBV2.0"
}

// HashOptions adjust the pre-hash. TraceChain uses none; they exist for
// comparing with generators configured to leave out capture metadata.
type HashOptions struct {
	// ExcludeFields are top-level event fields, as written (e.g.
	// "example:captureID"), left out of the pre-hash.
	ExcludeFields []string
}

// PreHash computes the canonical pre-hash string of one event.
func PreHash(event *Node, ctx Context) (string, error) {
	return PreHashWith(event, ctx, HashOptions{})
}

// PreHashWith is PreHash with options.
func PreHashWith(event *Node, ctx Context, opts HashOptions) (string, error) {
	if event == nil || event.Kind != Object {
		return "", fmt.Errorf("an event must be a JSON object")
	}
	eventType := event.Str("type")
	if eventType == "" {
		return "", fmt.Errorf("type: missing")
	}
	var top []*elem
	for i, key := range event.Keys {
		if key == "type" || ignoredFields[key] || ignoredKeys[key] || slices.Contains(opts.ExcludeFields, key) {
			continue
		}
		els, err := toElems(ctx.expandKey(key), event.Values[i], ctx, key)
		if err != nil {
			return "", err
		}
		top = append(top, els...)
	}
	expandVocabularies(top)
	top = correctStructure(top)

	var b strings.Builder
	b.WriteString("eventType=" + eventType)
	ordered, err := inOrder(&top, canonicalOrder)
	if err != nil {
		return "", err
	}
	b.WriteString(ordered)
	rest, err := remainder(top)
	if err != nil {
		return "", err
	}
	b.WriteString(rest)
	return b.String(), nil
}

// toElems turns a JSON member into elements: arrays into repeated siblings.
func toElems(name string, n *Node, ctx Context, path string) ([]*elem, error) {
	switch n.Kind {
	case Array:
		var out []*elem
		for i, v := range n.Values {
			els, err := toElems(name, v, ctx, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			if v.Kind == Array {
				out = append(out, &elem{name: name, children: els})
				continue
			}
			out = append(out, els...)
		}
		return out, nil
	case Object:
		e := &elem{name: name}
		for i, key := range n.Keys {
			if key == "#text" && n.Values[i].Kind == String {
				e.text = n.Values[i].Text
			}
			if ignoredKeys[key] {
				continue
			}
			els, err := toElems(ctx.expandKey(key), n.Values[i], ctx, path+"."+key)
			if err != nil {
				return nil, err
			}
			e.children = append(e.children, els...)
		}
		return []*elem{e}, nil
	case String:
		return []*elem{{name: name, text: ctx.expandValue(n.Text)}}, nil
	case Number, Bool:
		return []*elem{{name: name, text: n.Text}}, nil
	default:
		return nil, fmt.Errorf("%s: null is not a value", path)
	}
}

// expandVocabularies applies the JSON-LD @vocab expansions of the EPCIS
// context to bare terms: bizStep "shipping" is BizStep-shipping, etc.
// (rule 16: "bare string notation SHALL be expanded").
func expandVocabularies(top []*elem) {
	for _, e := range top {
		switch e.name {
		case "bizStep":
			e.text = bizStepVocab.expand(e.text)
		case "disposition":
			e.text = dispositionVocab.expand(e.text)
		case "persistentDisposition":
			for _, c := range e.children {
				c.text = dispositionVocab.expand(c.text)
			}
		// Before correctStructure, each list entry is an element of the
		// list's name.
		case "bizTransactionList":
			expandChild(e, "type", bttVocab)
		case "sourceList", "destinationList":
			expandChild(e, "type", sdtVocab)
		case "sensorElementList":
			for _, part := range e.children {
				if part.name != "sensorReport" {
					continue
				}
				expandChild(part, "type", measurementVocab)
				expandChild(part, "exception", alertVocab)
				expandChild(part, "component", componentVocab)
			}
		}
	}
}

// expandChild expands the named field of an entry.
func expandChild(entry *elem, name string, v vocabulary) {
	for _, f := range entry.children {
		if f.name == name {
			f.text = v.expand(f.text)
		}
	}
}

// correctStructure maps JSON onto the XML shape the order is written
// for: list entries named after their list, quantities as quantityElement.
// Only EPCIS's own (unqualified) fields are reshaped: a user extension
// keeps the structure its binding gives it, so that its XML and JSON-LD
// forms hash alike. (GS1's reference implementation also renames the
// entries of extensions whose names end in "List" when it reads JSON, and
// not when it reads XML, so its two bindings disagree there; its XML
// vectors, e.g. epcisDocWithTransformationEventWithMultipleExtensions,
// show the XML shape, which this keeps for both.)
func correctStructure(children []*elem) []*elem {
	var out []*elem
	lists := map[string]*elem{}
	var listOrder []string
	var childEPCs *elem
	for _, c := range children {
		switch {
		case isExtension(c):
			out = append(out, c)
		case strings.HasSuffix(c.name, "List"):
			l, ok := lists[c.name]
			if !ok {
				l = &elem{name: c.name}
				lists[c.name] = l
				listOrder = append(listOrder, c.name)
			}
			c.name = strings.TrimSuffix(c.name, "List")
			l.children = append(l.children, c)
		case c.name == "childEPCs":
			if childEPCs == nil {
				childEPCs = &elem{name: "childEPCs"}
			}
			childEPCs.children = append(childEPCs.children, &elem{name: "epc", text: c.text})
		default:
			out = append(out, c)
		}
	}
	for _, name := range listOrder {
		out = append(out, lists[name])
	}
	if childEPCs != nil {
		out = append(out, childEPCs)
	}
	for _, c := range out {
		if isExtension(c) {
			continue
		}
		c.children = correctStructure(c.children)
		switch {
		case c.name == "inputEPC" || c.name == "outputEPC":
			c.name = "epc"
		case c.name == "inputQuantity" || c.name == "outputQuantity" || c.name == "childQuantity" ||
			(c.name == "quantity" && len(c.children) > 0):
			c.name = "quantityElement"
		}
	}
	return out
}

// inOrder renders the children the order names, consuming those it
// renders completely; the rest stays for remainder. Rules 2–3: values
// concatenated without separators, each as key=value; rule 11: siblings
// of one name (list entries) sorted by their rendering.
func inOrder(children *[]*elem, order []prop) (string, error) {
	var pre strings.Builder
	for _, p := range order {
		var values []string
		kept := (*children)[:0:0]
		for _, c := range *children {
			if c.name != p.name {
				kept = append(kept, c)
				continue
			}
			s, err := render(c, p.sub)
			if err != nil {
				return "", err
			}
			if s != "" {
				values = append(values, s)
			}
			if len(c.children) > 0 {
				kept = append(kept, c)
			}
		}
		*children = kept
		sort.Strings(values)
		pre.WriteString(strings.Join(values, ""))
	}
	return pre.String(), nil
}

// extensionPoints are the standard fields that carry user extensions of
// their own: "user extension elements within readPoint, bizLocation,
// sensorElement, sensorMetadata or sensorReport are added at the end of
// their enclosing parent's regular fields" (CBV 2.0 Event Hash ID, rule
// 21), sorted like other extensions.
var extensionPoints = map[string]bool{
	"readPoint": true, "bizLocation": true, "sensorElement": true, "sensorMetadata": true, "sensorReport": true,
}

// isExtension: a user extension's name is namespace-qualified, {ns}local
// (rules 19–21); the standard fields are not.
func isExtension(e *elem) bool { return strings.HasPrefix(e.name, "{") }

// takeExtensions removes the user extensions from children and returns them.
func takeExtensions(children *[]*elem) []*elem {
	var exts []*elem
	kept := (*children)[:0:0]
	for _, c := range *children {
		if isExtension(c) {
			exts = append(exts, c)
		} else {
			kept = append(kept, c)
		}
	}
	*children = kept
	return exts
}

// render is one element: name, "=" and its canonical text, then children
// in their order, then — for an extension point — its user extensions.
func render(c *elem, sub []prop) (string, error) {
	var exts []*elem
	if extensionPoints[c.name] {
		exts = takeExtensions(&c.children)
	}
	grand := ""
	if sub != nil {
		var err error
		if grand, err = inOrder(&c.children, sub); err != nil {
			return "", err
		}
	}
	gathered, err := renderSorted(exts)
	if err != nil {
		return "", err
	}
	grand += gathered
	text, err := canonicalText(c)
	if err != nil {
		return "", err
	}
	if text == "" && grand == "" {
		return "", nil
	}
	return c.name + text + grand, nil
}

// canonicalText is an ordered field's text: trimmed (rule 5), timestamps
// in UTC with milliseconds (rules 8–9), other values canonical; empty text
// adds nothing (rule 4).
func canonicalText(c *elem) (string, error) {
	t := strings.TrimSpace(c.text)
	if t == "" {
		return "", nil
	}
	lower := strings.ToLower(c.name)
	if strings.Contains(lower, "time") && !strings.Contains(lower, "offset") {
		return "=" + canonicalTimestamp(t), nil
	}
	v, err := canonicalValue(t)
	if err != nil {
		return "", fmt.Errorf("%s: %w", c.name, err)
	}
	return "=" + v, nil
}

// canonicalValue: legacy CBV URNs become web vocabulary (rule 14),
// numbers their canonical form without trailing zeros (rules 6–7), GS1
// identifiers their canonical Digital Link (rules 17–18).
func canonicalValue(t string) (string, error) {
	for _, m := range legacyURNs {
		t = strings.ReplaceAll(t, m.urn, m.web)
	}
	num, ok, err := canonicalNumber(t)
	if err != nil {
		return "", err
	}
	if ok {
		return num, nil
	}
	if uri, ok := gs1.NormalizeURI(t); ok {
		return uri, nil
	}
	return t, nil
}

// remainder renders what the order did not consume — user extensions,
// ilmd, the typed lists — each fully, sorted (rules 19–20: {namespace}
// localName=value, sorted; rule 10: case-sensitive lexical order).
func remainder(children []*elem) (string, error) {
	values := make([]string, 0, len(children))
	for _, c := range children {
		var s string
		var err error
		if item, typed := typedLists[c.name]; typed {
			s, err = renderTypedList(c, item)
		} else {
			s, err = renderAll(c)
		}
		if err != nil {
			return "", err
		}
		values = append(values, s)
	}
	sort.Strings(values)
	return strings.Join(values, ""), nil
}

// renderSorted renders each element fully and joins them sorted (rules
// 19–21: extensions are sorted by their rendering).
func renderSorted(els []*elem) (string, error) {
	out := make([]string, 0, len(els))
	for _, e := range els {
		s, err := renderAll(e)
		if err != nil {
			return "", err
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return strings.Join(out, ""), nil
}

func renderAll(c *elem) (string, error) {
	text := ""
	if t := strings.TrimSpace(c.text); t != "" {
		v, err := canonicalValue(t)
		if err != nil {
			return "", fmt.Errorf("%s: %w", c.name, err)
		}
		text = "=" + v
	}
	kids := make([]string, 0, len(c.children))
	for _, k := range c.children {
		s, err := renderAll(k)
		if err != nil {
			return "", err
		}
		kids = append(kids, s)
	}
	sort.Strings(kids)
	return c.name + text + strings.Join(kids, ""), nil
}

// renderTypedList writes "<list>" then, per entry, "type=<t>" and
// "<item>=<value>", entries sorted (rules 12–13, with the type first as
// GS1's vectors have it).
func renderTypedList(list *elem, item string) (string, error) {
	entries := make([]string, 0, len(list.children))
	for _, entry := range list.children {
		var typ, val string
		for _, f := range entry.children {
			t, err := canonicalText(f)
			if err != nil {
				return "", err
			}
			switch f.name {
			case "type":
				typ = "type" + t
			case item:
				val = item + t
			}
		}
		entries = append(entries, typ+val)
	}
	sort.Strings(entries)
	return list.name + strings.Join(entries, ""), nil
}
