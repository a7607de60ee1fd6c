package epcis

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
)

// XML namespaces of the documents WriteXML writes.
const (
	EPCISXMLNamespace      = "urn:epcglobal:epcis:xsd:2"
	EPCISQueryXMLNamespace = "urn:epcglobal:epcis-query:xsd:2"
)

// xmlEventOrder is each event type's element order in EPCIS 2.0 XML
// (GS1's XSD keeps EPCIS 1.x's order and appends the fields 1.x carried in
// its extension wrappers); the common head comes first, user extensions
// last.
var (
	xmlEventHead  = []string{"eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration", "certificationInfo"}
	xmlEventOrder = map[string][]string{
		"ObjectEvent": {
			"epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList",
			"quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd",
		},
		"AggregationEvent": {
			"parentID", "childEPCs", "action", "bizStep", "disposition", "readPoint", "bizLocation",
			"bizTransactionList", "childQuantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition",
		},
		"TransactionEvent": {
			"bizTransactionList", "parentID", "epcList", "action", "bizStep", "disposition", "readPoint",
			"bizLocation", "quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition",
		},
		"TransformationEvent": {
			"inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID",
			"bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList",
			"sensorElementList", "persistentDisposition", "ilmd",
		},
		"AssociationEvent": {
			"parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint",
			"bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition",
		},
	}
)

// WriteXML writes a document in the XML binding: the same events, with
// bare CBV terms written as their web URIs (XML has no @vocab), user
// extensions as elements of their namespaces. An epcisHeader (master data)
// is refused, not converted yet; other document-level members are not
// written either, and XMLLeftOut names them.
func WriteXML(doc *Document) ([]byte, error) {
	if doc.Root.Get("epcisHeader") != nil {
		return nil, fmt.Errorf("epcisHeader: master data and the business document header are not converted to XML")
	}
	w := &xmlWriter{ctx: doc.Context}
	root := doc.Root
	kind := root.Str("type")
	rootName, rootNS := "epcis:EPCISDocument", "xmlns:epcis=\""+EPCISXMLNamespace+"\""
	if kind == "EPCISQueryDocument" {
		rootName, rootNS = "epcisq:EPCISQueryDocument", "xmlns:epcisq=\""+EPCISQueryXMLNamespace+"\""
	}
	var events bytes.Buffer
	w.out = &events
	for i, ev := range doc.Events {
		if err := w.event(ev, 3); err != nil {
			return nil, fmt.Errorf("event %d (%s): %w", i, ev.Str("type"), err)
		}
	}
	var out bytes.Buffer
	out.WriteString(xml.Header)
	fmt.Fprintf(&out, "<%s %s", rootName, rootNS)
	if hasSBDH(root) {
		fmt.Fprintf(&out, " xmlns:sbdh=\"%s\"", SBDHNamespace)
	}
	for _, p := range w.prefixesUsed() {
		fmt.Fprintf(&out, " xmlns:%s=\"%s\"", p, escape(doc.Context.Prefixes[p]))
	}
	schemaVersion := root.Str("schemaVersion")
	if schemaVersion == "" {
		schemaVersion = "2.0"
	}
	fmt.Fprintf(&out, " schemaVersion=\"%s\"", escape(schemaVersion))
	if created := root.Str("creationDate"); created != "" {
		fmt.Fprintf(&out, " creationDate=\"%s\"", escape(created))
	}
	out.WriteString(">\n")
	writeSBDH(&out, root)
	out.WriteString("  <EPCISBody>\n")
	if qr := root.Get("epcisBody").Get("queryResults"); qr != nil {
		out.WriteString("    <epcisq:QueryResults>\n")
		for _, f := range []string{"queryName", "subscriptionID"} {
			if v := qr.Str(f); v != "" {
				fmt.Fprintf(&out, "      <%s>%s</%s>\n", f, escape(v), f)
			}
		}
		out.WriteString("      <resultsBody>\n        <EventList>\n")
		out.Write(events.Bytes())
		out.WriteString("        </EventList>\n      </resultsBody>\n    </epcisq:QueryResults>\n")
	} else {
		out.WriteString("    <EventList>\n")
		out.Write(events.Bytes())
		out.WriteString("    </EventList>\n")
	}
	fmt.Fprintf(&out, "  </EPCISBody>\n</%s>\n", rootName)
	return out.Bytes(), nil
}

// xmlRequiredLists are the EPC lists the XSD requires of an event type
// (JSON-LD may leave them out when empty).
var xmlRequiredLists = map[string]string{"ObjectEvent": "epcList", "TransactionEvent": "epcList", "AggregationEvent": "childEPCs"}

// XMLLeftOut lists the document-level members WriteXML does not write:
// what the JSON binding puts at the document's top with no place in the
// XML binding (a document id, extensions) or in queryResults beside the
// results. (sender, receiver and instanceIdentifier go to the business
// document header.) The events are written whole;
// a caller tells its user what was left out.
func XMLLeftOut(doc *Document) []string {
	var out []string
	for _, k := range doc.Root.Keys {
		switch k {
		case "@context", "type", "schemaVersion", "creationDate", "epcisBody", "sender", "receiver", "instanceIdentifier":
		default:
			out = append(out, k)
		}
	}
	if qr := doc.Root.Get("epcisBody").Get("queryResults"); qr != nil {
		for _, k := range qr.Keys {
			if k != "queryName" && k != "subscriptionID" && k != "resultsBody" {
				out = append(out, "queryResults."+k)
			}
		}
	}
	return out
}

type xmlWriter struct {
	ctx  Context
	out  *bytes.Buffer
	used map[string]bool
	// scoped are the prefixes an event's own @context gives that the
	// document's does not (a query answer's events each carry theirs),
	// declared on the event element while it is written.
	scoped map[string]string
}

// eventScope is what an event's own @context adds to, or changes of, the
// document's prefixes.
func (w *xmlWriter) eventScope(ev *Node) (map[string]string, error) {
	own := ev.Get("@context")
	if own == nil {
		return nil, nil
	}
	ctx, err := ReadContext(own)
	if err != nil {
		return nil, fmt.Errorf("@context: %w", err)
	}
	builtin := standardPrefixes()
	scoped := map[string]string{}
	for p, ns := range ctx.Prefixes {
		if builtin[p] == ns || w.ctx.Prefixes[p] == ns {
			continue
		}
		scoped[p] = ns
	}
	return scoped, nil
}

// prefixesUsed are the prefixes the XML declares: those its names use and
// every prefix the document defines beyond the EPCIS context's (values
// may be CURIEs of them, e.g. a sensor type example:someProperty).
func (w *xmlWriter) prefixesUsed() []string {
	builtin := standardPrefixes()
	var ps []string
	for p, ns := range w.ctx.Prefixes {
		if w.used[p] || builtin[p] != ns {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps)
	return ps
}

// name is the XML name of a JSON-LD key: prefix:local for an extension
// (its prefix declared on the root), the key itself for EPCIS's fields.
func (w *xmlWriter) name(key string) (string, error) {
	prefix, local, ok := strings.Cut(key, ":")
	if !ok {
		return key, nil
	}
	if _, inEvent := w.scoped[prefix]; inEvent {
		return prefix + ":" + local, nil
	}
	if _, known := w.ctx.Prefixes[prefix]; !known {
		return "", fmt.Errorf("%s: the prefix %s is not defined in the @context", key, prefix)
	}
	if w.used == nil {
		w.used = map[string]bool{}
	}
	w.used[prefix] = true
	return prefix + ":" + local, nil
}

func (w *xmlWriter) indent(depth int) { w.out.WriteString(strings.Repeat("  ", depth)) }

func (w *xmlWriter) leaf(name, text string, depth int) {
	w.indent(depth)
	fmt.Fprintf(w.out, "<%s>%s</%s>\n", name, escape(text), name)
}

func (w *xmlWriter) event(ev *Node, depth int) error {
	kind := ev.Str("type")
	order, ok := xmlEventOrder[kind]
	if !ok {
		return fmt.Errorf("type: %q is not an EPCIS event type", kind)
	}
	scoped, err := w.eventScope(ev)
	if err != nil {
		return err
	}
	w.scoped = scoped
	defer func() { w.scoped = nil }()
	w.indent(depth)
	fmt.Fprintf(w.out, "<%s", kind)
	for _, p := range sortedKeys(scoped) {
		fmt.Fprintf(w.out, " xmlns:%s=\"%s\"", p, escape(scoped[p]))
	}
	w.out.WriteString(">\n")
	standard := append(slices.Clone(xmlEventHead), order...)
	for _, field := range standard {
		v := ev.Get(field)
		if v == nil && xmlRequiredLists[kind] == field {
			v = &Node{Kind: Array} // the XSD wants the element, if empty
		}
		if v == nil {
			continue
		}
		if err := w.field(field, v, depth+1); err != nil {
			return err
		}
	}
	for i, key := range ev.Keys {
		if key == "type" || slices.Contains(standard, key) || key == "@context" {
			continue
		}
		if !strings.Contains(key, ":") {
			return fmt.Errorf("%s: not a field of a %s", key, kind)
		}
		if err := w.extension(key, ev.Values[i], depth+1); err != nil {
			return err
		}
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "</%s>\n", kind)
	return nil
}

// field writes one of EPCIS's own fields.
func (w *xmlWriter) field(name string, v *Node, depth int) error {
	switch {
	case xmlEPCLists[name]:
		return w.list(name, "epc", v, depth)
	case xmlQuantityLists[name]:
		return w.quantities(name, v, depth)
	case xmlTypedLists[name] != "":
		return w.typedList(name, xmlTypedLists[name], v, depth)
	case name == "readPoint" || name == "bizLocation":
		return w.object(name, idFirst(v), depth, func(key string, val *Node) error {
			if key != "id" {
				return fmt.Errorf("%s.%s: not its field", name, key)
			}
			w.leaf("id", val.Text, depth+1)
			return nil
		})
	case name == "ilmd":
		return w.object(name, v, depth, func(key string, _ *Node) error {
			return fmt.Errorf("ilmd.%s: only user extensions (prefix:name) may be in the ILMD", key)
		})
	case name == "persistentDisposition":
		return w.object(name, v, depth, func(key string, val *Node) error {
			if key != "set" && key != "unset" {
				return fmt.Errorf("persistentDisposition.%s: not set or unset", key)
			}
			for _, d := range val.Values {
				w.leaf(key, w.vocabURI(key, d.Text), depth+1)
			}
			return nil
		})
	case name == "sensorElementList":
		return w.sensorElements(v, depth)
	case name == "errorDeclaration":
		return w.object(name, v, depth, func(key string, val *Node) error {
			switch key {
			case "declarationTime":
				w.leaf(key, val.Text, depth+1)
			case "reason":
				w.leaf(key, w.vocabURI(key, val.Text), depth+1)
			case "correctiveEventIDs":
				return w.list(key, "correctiveEventID", val, depth+1)
			default:
				return fmt.Errorf("errorDeclaration.%s: not its field", key)
			}
			return nil
		})
	case name == "certificationInfo" && v.Kind == Array:
		for _, c := range v.Values {
			w.leaf(name, c.Text, depth)
		}
		return nil
	case v.Kind == String:
		w.leaf(name, w.vocabURI(name, v.Text), depth)
		return nil
	}
	return fmt.Errorf("%s: a %s is not what the field holds", name, kindName(v.Kind))
}

// vocabURI writes a bare CBV term (JSON-LD's @vocab) as its web URI.
func (w *xmlWriter) vocabURI(field, value string) string {
	if strings.Contains(value, ":") {
		return value
	}
	switch field {
	case "bizStep":
		if agriBizSteps[value] {
			return AgriBizStepPrefix + value
		}
		return bizStepVocab.expand(value)
	case "disposition", "set", "unset":
		return dispositionVocab.expand(value)
	case "reason":
		return errorReasonVocab.expand(value)
	}
	return value
}

// object writes an object field: its members through member, user
// extensions as elements.
func (w *xmlWriter) object(name string, v *Node, depth int, member func(key string, val *Node) error) error {
	if v.Kind != Object {
		return fmt.Errorf("%s: an object, not a %s", name, kindName(v.Kind))
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "<%s>\n", name)
	for i, key := range v.Keys {
		var err error
		if strings.Contains(key, ":") {
			err = w.extension(key, v.Values[i], depth+1)
		} else {
			err = member(key, v.Values[i])
		}
		if err != nil {
			return err
		}
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "</%s>\n", name)
	return nil
}

func (w *xmlWriter) list(name, item string, v *Node, depth int) error {
	if v.Kind != Array {
		return fmt.Errorf("%s: a list, not a %s", name, kindName(v.Kind))
	}
	w.indent(depth)
	if len(v.Values) == 0 {
		fmt.Fprintf(w.out, "<%s/>\n", name)
		return nil
	}
	fmt.Fprintf(w.out, "<%s>\n", name)
	for _, e := range v.Values {
		w.leaf(item, e.Text, depth+1)
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "</%s>\n", name)
	return nil
}

func (w *xmlWriter) quantities(name string, v *Node, depth int) error {
	if v.Kind != Array {
		return fmt.Errorf("%s: a list, not a %s", name, kindName(v.Kind))
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "<%s>\n", name)
	for _, q := range v.Values {
		w.indent(depth + 1)
		w.out.WriteString("<quantityElement>\n")
		for _, f := range []string{"epcClass", "quantity", "uom"} {
			if fv := q.Get(f); fv != nil {
				w.leaf(f, fv.Text, depth+2)
			}
		}
		w.indent(depth + 1)
		w.out.WriteString("</quantityElement>\n")
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "</%s>\n", name)
	return nil
}

func (w *xmlWriter) typedList(name, item string, v *Node, depth int) error {
	if v.Kind != Array {
		return fmt.Errorf("%s: a list, not a %s", name, kindName(v.Kind))
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "<%s>\n", name)
	for _, e := range v.Values {
		w.indent(depth + 1)
		if t := e.Str("type"); t != "" {
			fmt.Fprintf(w.out, "<%s type=\"%s\">%s</%s>\n", item, escape(typedListTypeURI(name, t)), escape(e.Str(item)), item)
		} else {
			fmt.Fprintf(w.out, "<%s>%s</%s>\n", item, escape(e.Str(item)), item)
		}
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "</%s>\n", name)
	return nil
}

// typedListTypeURI writes a bare business transaction or source/destination
// type as its CBV web URI.
func typedListTypeURI(list, t string) string {
	if strings.Contains(t, ":") {
		return t
	}
	if list == "bizTransactionList" {
		return bttVocab.expand(t)
	}
	return sdtVocab.expand(t)
}

func (w *xmlWriter) sensorElements(v *Node, depth int) error {
	if v.Kind != Array {
		return fmt.Errorf("sensorElementList: a list, not a %s", kindName(v.Kind))
	}
	w.indent(depth)
	w.out.WriteString("<sensorElementList>\n")
	for i, se := range v.Values {
		w.indent(depth + 1)
		w.out.WriteString("<sensorElement>\n")
		if md := se.Get("sensorMetadata"); md != nil {
			if err := w.attributes("sensorMetadata", md, depth+2); err != nil {
				return fmt.Errorf("sensorElementList[%d].%w", i, err)
			}
		}
		if reps := se.Get("sensorReport"); reps != nil {
			for j, rep := range reps.Values {
				if err := w.attributes("sensorReport", rep, depth+2); err != nil {
					return fmt.Errorf("sensorElementList[%d].sensorReport[%d]: %w", i, j, err)
				}
			}
		}
		for j, key := range se.Keys {
			if key == "sensorMetadata" || key == "sensorReport" {
				continue
			}
			if !strings.Contains(key, ":") {
				return fmt.Errorf("sensorElementList[%d].%s: not a field of a sensor element", i, key)
			}
			if err := w.extension(key, se.Values[j], depth+2); err != nil {
				return err
			}
		}
		w.indent(depth + 1)
		w.out.WriteString("</sensorElement>\n")
	}
	w.indent(depth)
	w.out.WriteString("</sensorElementList>\n")
	return nil
}

// attributes writes a sensorMetadata or sensorReport: scalar members as
// attributes (a bare measurement type as its GS1 URI), structured user
// extensions as child elements.
func (w *xmlWriter) attributes(name string, v *Node, depth int) error {
	if v.Kind != Object {
		return fmt.Errorf("%s: an object, not a %s", name, kindName(v.Kind))
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "<%s", name)
	var nested []int
	for i, key := range v.Keys {
		val := v.Values[i]
		if val.Kind == Object || val.Kind == Array {
			nested = append(nested, i)
			continue
		}
		attr, err := w.name(key)
		if err != nil {
			return err
		}
		text := val.Text
		if name == "sensorReport" && !strings.Contains(text, ":") {
			switch key {
			case "type":
				text = measurementVocab.expand(text)
			case "exception":
				text = alertVocab.expand(text)
			case "component":
				text = componentVocab.expand(text)
			}
		}
		fmt.Fprintf(w.out, " %s=\"%s\"", attr, escape(text))
	}
	if len(nested) == 0 {
		w.out.WriteString("/>\n")
		return nil
	}
	w.out.WriteString(">\n")
	for _, i := range nested {
		if err := w.extension(v.Keys[i], v.Values[i], depth+1); err != nil {
			return err
		}
	}
	w.indent(depth)
	fmt.Fprintf(w.out, "</%s>\n", name)
	return nil
}

// extension writes a user extension: a scalar as text, an object as
// child elements, a list as the element repeated.
func (w *xmlWriter) extension(key string, v *Node, depth int) error {
	name, err := w.name(key)
	if err != nil {
		return err
	}
	switch v.Kind {
	case Array:
		for _, e := range v.Values {
			if err := w.extension(key, e, depth); err != nil {
				return err
			}
		}
	case Object:
		w.indent(depth)
		fmt.Fprintf(w.out, "<%s>", name)
		if t := v.Get("#text"); t != nil && len(v.Keys) == 1 {
			fmt.Fprintf(w.out, "%s</%s>\n", escape(t.Text), name)
			return nil
		}
		w.out.WriteString("\n")
		for i, k := range v.Keys {
			if k == "#text" {
				w.indent(depth + 1)
				w.out.WriteString(escape(v.Values[i].Text) + "\n")
				continue
			}
			if err := w.extension(k, v.Values[i], depth+1); err != nil {
				return err
			}
		}
		w.indent(depth)
		fmt.Fprintf(w.out, "</%s>\n", name)
	case Null:
		return fmt.Errorf("%s: null is not a value", key)
	default:
		w.leaf(name, v.Text, depth)
	}
	return nil
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func kindName(k Kind) string {
	return [...]string{"null", "boolean", "number", "string", "list", "object"}[k]
}

// idFirst is a location with its id before its extensions, as the XSD orders them.
func idFirst(v *Node) *Node {
	id := v.Get("id")
	if v.Kind != Object || id == nil || (len(v.Keys) > 0 && v.Keys[0] == "id") {
		return v
	}
	out := &Node{Kind: Object}
	out.Set("id", id)
	for i, k := range v.Keys {
		if k != "id" {
			out.Set(k, v.Values[i])
		}
	}
	return out
}

// SBDHNamespace is GS1's Standard Business Document Header's.
const SBDHNamespace = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"

// sbdhMembers are the JSON binding's document members the XML binding
// carries in the Standard Business Document Header.
var sbdhMembers = []string{"sender", "receiver", "instanceIdentifier"}

func hasSBDH(root *Node) bool {
	for _, m := range sbdhMembers {
		if root.Str(m) != "" {
			return true
		}
	}
	return false
}

// writeSBDH writes sender, receiver and instanceIdentifier as the header
// GS1's XML examples carry them.
func writeSBDH(out *bytes.Buffer, root *Node) {
	if !hasSBDH(root) {
		return
	}
	out.WriteString("  <EPCISHeader>\n    <sbdh:StandardBusinessDocumentHeader>\n      <sbdh:HeaderVersion>1.0</sbdh:HeaderVersion>\n")
	for _, party := range []struct{ member, element string }{{"sender", "Sender"}, {"receiver", "Receiver"}} {
		if v := root.Str(party.member); v != "" {
			fmt.Fprintf(out, "      <sbdh:%s>\n        <sbdh:Identifier Authority=\"GS1\">%s</sbdh:Identifier>\n      </sbdh:%s>\n", party.element, escape(v), party.element)
		}
	}
	out.WriteString("      <sbdh:DocumentIdentification>\n        <sbdh:Standard>EPCglobal</sbdh:Standard>\n        <sbdh:TypeVersion>2.0</sbdh:TypeVersion>\n")
	fmt.Fprintf(out, "        <sbdh:InstanceIdentifier>%s</sbdh:InstanceIdentifier>\n", escape(root.Str("instanceIdentifier")))
	out.WriteString("        <sbdh:Type>Events</sbdh:Type>\n")
	if created := root.Str("creationDate"); created != "" {
		fmt.Fprintf(out, "        <sbdh:CreationDateAndTime>%s</sbdh:CreationDateAndTime>\n", escape(created))
	}
	out.WriteString("      </sbdh:DocumentIdentification>\n    </sbdh:StandardBusinessDocumentHeader>\n  </EPCISHeader>\n")
}
