package epcis

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The XML binding: EPCIS 2.0 (and 1.2) XML documents read into the JSON-LD
// model every other part of TraceChain works on — the event hash, capture,
// the indexer — so that an event has one ID whichever binding carried it.
// The mapping is the one GS1's two schemas define between them:
// unqualified elements are EPCIS's fields, qualified ones user extensions
// (a key prefix:local, the prefix defined in the @context); the 1.x
// <extension>/<baseExtension> wrappers are unwrapped; the attributes of
// sensorMetadata and sensorReport are their fields; typed list entries
// carry their type attribute.

// EPCISContextURL is the context a converted document names.
const EPCISContextURL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

// Namespaces of the XML binding's own elements.
const (
	xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"
	xmlNamespace = "http://www.w3.org/XML/1998/namespace"
)

// ReadXMLDocument reads an EPCIS XML document (EPCISDocument or
// EPCISQueryDocument) into the JSON-LD model. Errors name the event and
// the field. The document's EPCISHeader (master data, the business
// document header) is not carried over; HeaderLeftOut says whether there
// was one.
func ReadXMLDocument(data []byte) (doc *Document, headerLeftOut bool, err error) {
	root, declared, err := parseXMLTree(data)
	if err != nil {
		return nil, false, err
	}
	r := &xmlReader{declared: declared, prefixOf: map[string]string{}, used: map[string]string{}}
	jsonRoot, headerLeftOut, err := r.document(root)
	if err != nil {
		return nil, false, err
	}
	// The chain reads the converted JSON-LD with ParseJSON's depth bound.
	if d := depth(jsonRoot); d > MaxDepth {
		return nil, false, fmt.Errorf("nested %d levels deep as JSON-LD, at most %d", d, MaxDepth)
	}
	doc, err = documentOf(jsonRoot, nil)
	return doc, headerLeftOut, err
}

// ReadAnyDocument reads an EPCIS document in either binding: XML if its
// first character is '<', JSON-LD otherwise.
func ReadAnyDocument(data []byte) (*Document, error) {
	if IsXML(data) {
		doc, _, err := ReadXMLDocument(data)
		return doc, err
	}
	return ReadDocument(data)
}

// IsXML says whether data is an XML document rather than JSON.
func IsXML(data []byte) bool {
	trimmed := strings.TrimLeft(string(data[:min(len(data), 512)]), " \t\r\n\ufeff")
	return strings.HasPrefix(trimmed, "<")
}

type xmlReader struct {
	declared xmlNamespaces
	prefixOf map[string]string // namespace URI → the prefix its keys get
	used     map[string]string // prefix → namespace URI, for @context
}

// uriSchemes are never prefixes of a converted document: a prefix "https"
// would make every web URI a CURIE.
var uriSchemes = map[string]bool{"http": true, "https": true, "urn": true, "ftp": true, "mailto": true}

// prefix is the prefix of a namespace's keys: the first prefix the
// document declares for it, else ns1, ns2, … — never a URI scheme, never
// a protected prefix of the EPCIS context (gs1, cbv, epcis) for another
// namespace, never a prefix already standing for another namespace.
func (r *xmlReader) prefix(uri string) string {
	if p, ok := r.prefixOf[uri]; ok {
		return p
	}
	taken := func(p string) bool {
		other, used := r.used[p]
		return used && other != uri
	}
	choice := ""
	for _, p := range r.declared[uri] {
		if ns, protected := protectedPrefixes[p]; protected && ns != uri {
			continue // gs1, cbv, epcis mean what the EPCIS context says
		}
		if !uriSchemes[p] && !taken(p) {
			choice = p
			break
		}
	}
	builtin := standardPrefixes()
	for i := 1; choice == ""; i++ {
		p := fmt.Sprintf("ns%d", i)
		if _, isBuiltin := builtin[p]; !isBuiltin && !taken(p) && !declaredElsewhere(r.declared, p) {
			choice = p
		}
	}
	r.prefixOf[uri] = choice
	r.used[choice] = uri
	return choice
}

// declaredElsewhere says whether the document declares prefix p at all.
func declaredElsewhere(declared xmlNamespaces, p string) bool {
	for _, ps := range declared {
		if slices.Contains(ps, p) {
			return true
		}
	}
	return false
}

// key is the JSON-LD key of an element or attribute name.
func (r *xmlReader) key(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return r.prefix(n.Space) + ":" + n.Local
}

// context is the converted document's @context: the EPCIS context and the
// prefixes the document's keys use (CURIE values were expanded with the
// namespaces in scope where they stand, as XML scopes them).
func (r *xmlReader) context() *Node {
	ctx := &Node{Kind: Array, Values: []*Node{StringNode(EPCISContextURL)}}
	builtin := standardPrefixes()
	defs := &Node{Kind: Object}
	names := make([]string, 0, len(r.used))
	for p := range r.used {
		if ns, ok := builtin[p]; ok && ns == r.used[p] {
			continue
		}
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		defs.Set(p, StringNode(r.used[p]))
	}
	if len(defs.Keys) > 0 {
		ctx.Values = append(ctx.Values, defs)
	}
	return ctx
}

// document maps the root element: EPCISDocument or EPCISQueryDocument.
func (r *xmlReader) document(root *xnode) (*Node, bool, error) {
	kind := root.name.Local
	if kind != "EPCISDocument" && kind != "EPCISQueryDocument" {
		return nil, false, fmt.Errorf("<%s>: not an EPCISDocument or EPCISQueryDocument", kind)
	}
	out := &Node{Kind: Object}
	out.Set("type", StringNode(kind))
	for _, name := range []string{"schemaVersion", "creationDate"} {
		if v, ok := root.attr(name); ok {
			out.Set(name, StringNode(v))
		}
	}
	var body *xnode
	var queryResults []*xnode // the query document's own fields outside the body
	headerLeftOut := false
	for _, c := range root.unwrapped() {
		switch {
		case c.name.Space == "" && c.name.Local == "EPCISHeader":
			headerLeftOut = readHeader(out, c)
		case c.name.Space == "" && c.name.Local == "EPCISBody":
			body = c
		case c.name.Space == "" && (c.name.Local == "queryName" || c.name.Local == "subscriptionID" || c.name.Local == "resultsBody"):
			queryResults = append(queryResults, c)
		case c.name.Space != "":
			if err := r.extension(out, c, kind); err != nil {
				return nil, false, err
			}
		default:
			return nil, false, fmt.Errorf("<%s>: not part of an %s", c.name.Local, kind)
		}
	}
	epcisBody := &Node{Kind: Object}
	if body != nil {
		for _, c := range body.unwrapped() {
			if c.name.Local == "QueryResults" {
				queryResults = append(queryResults, c.unwrapped()...)
				continue
			}
			if c.name.Space == "" && c.name.Local == "EventList" {
				list, err := r.eventList(c)
				if err != nil {
					return nil, false, err
				}
				epcisBody.Set("eventList", list)
				continue
			}
			return nil, false, fmt.Errorf("EPCISBody: <%s> is not an EventList or QueryResults", c.name.Local)
		}
	}
	if len(queryResults) > 0 {
		qr := &Node{Kind: Object}
		for _, c := range queryResults {
			switch c.name.Local {
			case "queryName", "subscriptionID":
				qr.Set(c.name.Local, StringNode(c.text))
			case "resultsBody":
				rb := &Node{Kind: Object}
				list := c.child("EventList")
				if list == nil {
					return nil, false, fmt.Errorf("resultsBody: no EventList")
				}
				events, err := r.eventList(list)
				if err != nil {
					return nil, false, err
				}
				rb.Set("eventList", events)
				qr.Set("resultsBody", rb)
			}
		}
		epcisBody.Set("queryResults", qr)
	}
	out.Set("epcisBody", epcisBody)
	r.keepValuesAsWritten(out)
	ctx := r.context()
	out.Keys = append([]string{"@context"}, out.Keys...)
	out.Values = append([]*Node{ctx}, out.Values...)
	return out, headerLeftOut, nil
}

func (r *xmlReader) eventList(list *xnode) (*Node, error) {
	out := &Node{Kind: Array, Values: []*Node{}}
	for i, x := range list.unwrapped() {
		if x.name.Space != "" || !EventTypes[x.name.Local] {
			return nil, fmt.Errorf("event %d: <%s> is not an EPCIS event", i, x.name.Local)
		}
		ev, err := r.event(x)
		if err != nil {
			return nil, fmt.Errorf("event %d (%s): %w", i, x.name.Local, err)
		}
		out.Values = append(out.Values, ev)
	}
	return out, nil
}

// Field kinds of the XML binding.
var (
	xmlStringFields = map[string]bool{
		"eventTime": true, "recordTime": true, "eventTimeZoneOffset": true, "eventID": true, "parentID": true,
		"action": true, "bizStep": true, "disposition": true, "transformationID": true,
	}
	xmlEPCLists      = map[string]bool{"epcList": true, "childEPCs": true, "inputEPCList": true, "outputEPCList": true}
	xmlQuantityLists = map[string]bool{"quantityList": true, "childQuantityList": true, "inputQuantityList": true, "outputQuantityList": true}
	xmlTypedLists    = map[string]string{"bizTransactionList": "bizTransaction", "sourceList": "source", "destinationList": "destination"}
	// sensorNumbers are the sensorReport attributes the JSON binding
	// writes as numbers.
	sensorNumbers = map[string]bool{"value": true, "minValue": true, "maxValue": true, "meanValue": true, "sDev": true, "percRank": true, "percValue": true}
	jsonNumber    = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
)

func (r *xmlReader) event(x *xnode) (*Node, error) {
	ev := &Node{Kind: Object}
	ev.Set("type", StringNode(x.name.Local))
	for _, c := range x.unwrapped() {
		if c.name.Space != "" {
			if err := r.extension(ev, c, "the event"); err != nil {
				return nil, err
			}
			continue
		}
		name := c.name.Local
		if ev.Get(name) != nil && name != "certificationInfo" {
			return nil, fmt.Errorf("%s: given twice", name)
		}
		v, err := r.field(c)
		if err != nil {
			return nil, err
		}
		if name == "certificationInfo" {
			if prev := ev.Get(name); prev != nil {
				if prev.Kind != Array {
					prev = &Node{Kind: Array, Values: []*Node{prev}}
				}
				prev.Values = append(prev.Values, v)
				v = prev
			}
		}
		ev.Set(name, v)
	}
	return ev, nil
}

// field maps one of EPCIS's own event fields.
func (r *xmlReader) field(c *xnode) (*Node, error) {
	name := c.name.Local
	switch {
	case xmlStringFields[name] || name == "certificationInfo":
		if len(c.children) > 0 {
			return nil, fmt.Errorf("%s: a value, not elements", name)
		}
		return StringNode(compactTerm(name, c.value(c.text))), nil
	case xmlEPCLists[name]:
		return r.texts(c, "epc")
	case xmlQuantityLists[name]:
		return r.quantities(c)
	case name == "readPoint" || name == "bizLocation":
		return r.location(c)
	case xmlTypedLists[name] != "":
		return r.typedList(c, xmlTypedLists[name])
	case name == "ilmd":
		return r.extensionsOnly(c)
	case name == "persistentDisposition":
		return r.persistentDisposition(c)
	case name == "sensorElementList":
		return r.sensorElements(c)
	case name == "errorDeclaration":
		return r.errorDeclaration(c)
	}
	return nil, fmt.Errorf("<%s> is not a field of an EPCIS event", name)
}

// texts is a list of <item> values.
func (r *xmlReader) texts(c *xnode, item string) (*Node, error) {
	out := &Node{Kind: Array, Values: []*Node{}}
	for _, e := range c.unwrapped() {
		if e.name.Space != "" || e.name.Local != item {
			return nil, fmt.Errorf("%s: <%s> where only <%s> may be", c.name.Local, e.name.Local, item)
		}
		out.Values = append(out.Values, StringNode(e.value(e.text)))
	}
	return out, nil
}

func (r *xmlReader) quantities(c *xnode) (*Node, error) {
	out := &Node{Kind: Array, Values: []*Node{}}
	for i, q := range c.unwrapped() {
		if q.name.Space != "" || q.name.Local != "quantityElement" {
			return nil, fmt.Errorf("%s: <%s> where only <quantityElement> may be", c.name.Local, q.name.Local)
		}
		el := &Node{Kind: Object}
		for _, f := range q.unwrapped() {
			switch {
			case f.name.Space == "" && (f.name.Local == "epcClass" || f.name.Local == "uom"):
				el.Set(f.name.Local, StringNode(f.value(f.text)))
			case f.name.Space == "" && f.name.Local == "quantity":
				el.Set("quantity", numberOrString(f.text))
			default:
				return nil, fmt.Errorf("%s[%d]: <%s> is not a field of a quantity element", c.name.Local, i, f.name.Local)
			}
		}
		out.Values = append(out.Values, el)
	}
	return out, nil
}

// location is a readPoint or bizLocation: its id and its extensions.
func (r *xmlReader) location(c *xnode) (*Node, error) {
	out := &Node{Kind: Object}
	for _, f := range c.unwrapped() {
		switch {
		case f.name.Space != "":
			if err := r.extension(out, f, c.name.Local); err != nil {
				return nil, err
			}
		case f.name.Local == "id":
			out.Set("id", StringNode(f.value(f.text)))
		default:
			return nil, fmt.Errorf("%s: <%s> is not its field", c.name.Local, f.name.Local)
		}
	}
	return out, nil
}

// typedList: <bizTransaction type="…">value</bizTransaction> → {type, bizTransaction}.
func (r *xmlReader) typedList(c *xnode, item string) (*Node, error) {
	out := &Node{Kind: Array, Values: []*Node{}}
	for _, e := range c.unwrapped() {
		if e.name.Space != "" || e.name.Local != item {
			return nil, fmt.Errorf("%s: <%s> where only <%s> may be", c.name.Local, e.name.Local, item)
		}
		entry := &Node{Kind: Object}
		if t, ok := e.attr("type"); ok {
			entry.Set("type", StringNode(compactTerm(c.name.Local, e.value(t))))
		}
		entry.Set(item, StringNode(e.value(e.text)))
		out.Values = append(out.Values, entry)
	}
	return out, nil
}

func (r *xmlReader) persistentDisposition(c *xnode) (*Node, error) {
	out := &Node{Kind: Object}
	for _, e := range c.unwrapped() {
		if e.name.Space != "" || e.name.Local != "set" && e.name.Local != "unset" {
			return nil, fmt.Errorf("persistentDisposition: <%s> is not set or unset", e.name.Local)
		}
		list := out.Get(e.name.Local)
		if list == nil {
			list = &Node{Kind: Array}
			out.Set(e.name.Local, list)
		}
		list.Values = append(list.Values, StringNode(compactTerm("disposition", e.value(e.text))))
	}
	return out, nil
}

func (r *xmlReader) sensorElements(c *xnode) (*Node, error) {
	out := &Node{Kind: Array, Values: []*Node{}}
	for i, se := range c.unwrapped() {
		if se.name.Space != "" || se.name.Local != "sensorElement" {
			return nil, fmt.Errorf("sensorElementList: <%s> where only <sensorElement> may be", se.name.Local)
		}
		el := &Node{Kind: Object}
		var reports []*Node
		for _, f := range se.unwrapped() {
			switch {
			case f.name.Space != "":
				if err := r.extension(el, f, "sensorElement"); err != nil {
					return nil, err
				}
			case f.name.Local == "sensorMetadata" && el.Get("sensorMetadata") == nil:
				md, err := r.attributes(f)
				if err != nil {
					return nil, fmt.Errorf("sensorElementList[%d].sensorMetadata: %w", i, err)
				}
				el.Set("sensorMetadata", md)
			case f.name.Local == "sensorReport":
				rep, err := r.attributes(f)
				if err != nil {
					return nil, fmt.Errorf("sensorElementList[%d].sensorReport[%d]: %w", i, len(reports), err)
				}
				reports = append(reports, rep)
			default:
				return nil, fmt.Errorf("sensorElementList[%d]: <%s> is not a field of a sensor element", i, f.name.Local)
			}
		}
		if reports != nil {
			el.Set("sensorReport", &Node{Kind: Array, Values: reports})
		}
		out.Values = append(out.Values, el)
	}
	return out, nil
}

// attributes is a sensorMetadata or sensorReport: its attributes are its
// fields (numbers where the JSON binding has numbers), its child
// elements user extensions.
func (r *xmlReader) attributes(x *xnode) (*Node, error) {
	out := &Node{Kind: Object}
	for _, a := range x.attrs {
		if a.Name.Space == xsiNamespace || a.Name.Space == xmlNamespace {
			continue
		}
		key := r.key(a.Name)
		switch {
		case a.Name.Space == "" && sensorNumbers[a.Name.Local]:
			out.Set(key, numberOrString(a.Value))
		case a.Name.Space == "" && a.Name.Local == "booleanValue" && (a.Value == "true" || a.Value == "false"):
			out.Set(key, &Node{Kind: Bool, Text: a.Value})
		case a.Name.Space == "" && x.name.Local == "sensorReport":
			out.Set(key, StringNode(compactTerm(a.Name.Local, x.value(a.Value))))
		default:
			out.Set(key, StringNode(x.value(a.Value)))
		}
	}
	for _, c := range x.unwrapped() {
		if c.name.Space == "" {
			return nil, fmt.Errorf("<%s> is not a field of %s", c.name.Local, x.name.Local)
		}
		if err := r.extension(out, c, x.name.Local); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (r *xmlReader) errorDeclaration(c *xnode) (*Node, error) {
	out := &Node{Kind: Object}
	for _, f := range c.unwrapped() {
		switch {
		case f.name.Space != "":
			if err := r.extension(out, f, "errorDeclaration"); err != nil {
				return nil, err
			}
		case f.name.Local == "declarationTime" || f.name.Local == "reason":
			out.Set(f.name.Local, StringNode(compactTerm(f.name.Local, f.value(f.text))))
		case f.name.Local == "correctiveEventIDs":
			ids, err := r.texts(f, "correctiveEventID")
			if err != nil {
				return nil, fmt.Errorf("errorDeclaration.%w", err)
			}
			out.Set("correctiveEventIDs", ids)
		default:
			return nil, fmt.Errorf("errorDeclaration: <%s> is not its field", f.name.Local)
		}
	}
	return out, nil
}

// extensionsOnly is a structure of user extensions only (the ILMD).
func (r *xmlReader) extensionsOnly(c *xnode) (*Node, error) {
	out := &Node{Kind: Object}
	for _, f := range c.unwrapped() {
		if f.name.Space == "" {
			return nil, fmt.Errorf("%s: <%s> has no namespace; only user extensions may be here", c.name.Local, f.name.Local)
		}
		if err := r.extension(out, f, c.name.Local); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// extension adds a user extension element to obj under its prefixed key
// (a repeated one becomes a list).
func (r *xmlReader) extension(obj *Node, x *xnode, where string) error {
	v, err := r.extensionValue(x)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	addMember(obj, r.key(x.name), v)
	return nil
}

// extensionValue: a text, or an object of the element's attributes and
// children (EPCIS extensions are data, not markup: attributes become
// members as children do).
func (r *xmlReader) extensionValue(x *xnode) (*Node, error) {
	var attrs []xml.Attr
	for _, a := range x.attrs {
		if a.Name.Space != xsiNamespace && a.Name.Space != xmlNamespace {
			attrs = append(attrs, a)
		}
	}
	if len(x.children) == 0 && len(attrs) == 0 {
		return StringNode(x.value(x.text)), nil
	}
	out := &Node{Kind: Object}
	for _, a := range attrs {
		addMember(out, r.key(a.Name), StringNode(x.value(a.Value)))
	}
	if x.text != "" {
		out.Set("#text", StringNode(x.value(x.text)))
	}
	for _, c := range x.children {
		v, err := r.extensionValue(c)
		if err != nil {
			return nil, err
		}
		addMember(out, r.key(c.name), v)
	}
	return out, nil
}

// addMember sets key, or appends to its list if it is already there (a
// value read from XML is never a list but for a repeated element).
func addMember(obj *Node, key string, v *Node) {
	prev := obj.Get(key)
	switch {
	case prev == nil:
		obj.Set(key, v)
	case prev.Kind == Array:
		prev.Values = append(prev.Values, v)
	default:
		obj.Set(key, &Node{Kind: Array, Values: []*Node{prev, v}})
	}
}

// numberOrString is a JSON number if the text is one, else the text (a
// schema check then names it).
func numberOrString(s string) *Node {
	if jsonNumber.MatchString(s) {
		return &Node{Kind: Number, Text: s}
	}
	return StringNode(s)
}

// termFields are the fields whose standard values the JSON binding writes
// as bare terms (its @vocab); the XML binding writes them as URNs (EPCIS
// 1.x) or web URIs.
var termFields = map[string]vocabulary{
	"bizStep": bizStepVocab, "disposition": dispositionVocab, "reason": errorReasonVocab,
	"bizTransactionList": bttVocab, "sourceList": sdtVocab, "destinationList": sdtVocab,
	"type": measurementVocab, "exception": alertVocab, "component": componentVocab,
}

// compactTerm writes a standard vocabulary value in any spelling (URN, web
// URI, CURIE) as its bare term, as GS1's JSON schema wants it; any other
// value (user vocabulary) as it is. The event hash reads both alike.
func compactTerm(field, value string) string {
	v, ok := termFields[field]
	if !ok {
		return value
	}
	if t := v.Term(value); t != "" {
		return t
	}
	return value
}

// depth is a node's nesting depth (a scalar is 0).
func depth(n *Node) int {
	d := 0
	for _, v := range n.Values {
		d = max(d, depth(v)+1)
	}
	return d
}

// readHeader carries the business document header's sender, receiver and
// instance identifier over as the JSON binding's document members, and
// says whether the header holds more (master data, other header fields
// of substance) that is not carried over.
func readHeader(out *Node, header *xnode) (leftOut bool) {
	for _, c := range header.unwrapped() {
		if c.name.Space != SBDHNamespace || c.name.Local != "StandardBusinessDocumentHeader" {
			leftOut = true // EPCISMasterData, other header content
			continue
		}
		for _, f := range c.children {
			switch f.name.Local {
			case "Sender", "Receiver":
				if id := firstChild(f, "Identifier"); id != nil && out.Get(strings.ToLower(f.name.Local)) == nil {
					out.Set(strings.ToLower(f.name.Local), StringNode(id.text))
				} else {
					leftOut = true // a second party, or one without an identifier
				}
			case "DocumentIdentification":
				if id := firstChild(f, "InstanceIdentifier"); id != nil && id.text != "" {
					out.Set("instanceIdentifier", StringNode(id.text))
				}
			case "HeaderVersion":
			default:
				leftOut = true
			}
		}
	}
	return leftOut
}

// firstChild is n's first child element of that local name, any namespace.
func firstChild(n *xnode, local string) *xnode {
	for _, c := range n.children {
		if c.name.Local == local {
			return c
		}
	}
	return nil
}

// value expands a CURIE value with the namespace its prefix has in scope
// at the element — XML scopes prefixes by element, so two parts of one
// document may give a prefix two namespaces, which a JSON-LD context
// cannot; the value is then the full URI. An absolute URI (the part after
// the colon starting with //) is never a CURIE.
func (x *xnode) value(s string) string {
	prefix, local, ok := strings.Cut(s, ":")
	if !ok || strings.HasPrefix(local, "//") {
		return s
	}
	if ns, inScope := x.scope[prefix]; inScope && prefix != "xml" && prefix != "xmlns" && !uriSchemes[prefix] {
		return ns + local
	}
	return s
}

// valuePrefixes are the prefixes of the values a tree keeps as written
// (CURIE-shaped, their prefix not in scope where they stand): the
// converted document's context must not define them, or the hash would
// expand values the XML left alone.
func valuePrefixes(n *Node, into map[string]bool) {
	if n.Kind == String {
		if prefix, local, ok := strings.Cut(n.Text, ":"); ok && !strings.HasPrefix(local, "//") {
			into[prefix] = true
		}
	}
	for _, v := range n.Values {
		valuePrefixes(v, into)
	}
}

// renamePrefix writes every key old:name as new:name.
func renamePrefix(n *Node, old, new string) {
	for i, k := range n.Keys {
		if rest, ok := strings.CutPrefix(k, old+":"); ok {
			n.Keys[i] = new + ":" + rest
		}
	}
	for _, v := range n.Values {
		renamePrefix(v, old, new)
	}
}

// keepValuesAsWritten renames the key prefixes that values use as written,
// so that the context defining the keys' prefixes leaves such values alone.
func (r *xmlReader) keepValuesAsWritten(root *Node) {
	inValues := map[string]bool{}
	for _, v := range root.Values {
		valuePrefixes(v, inValues)
	}
	builtin := standardPrefixes()
	for _, p := range sortedKeys(r.used) {
		if !inValues[p] || builtin[p] == r.used[p] {
			continue
		}
		fresh := ""
		for i := 1; fresh == ""; i++ {
			if c := fmt.Sprintf("ns%d", i); !inValues[c] && r.used[c] == "" && builtin[c] == "" {
				fresh = c
			}
		}
		renamePrefix(root, p, fresh)
		r.used[fresh], r.prefixOf[r.used[p]] = r.used[p], fresh
		delete(r.used, p)
	}
}
