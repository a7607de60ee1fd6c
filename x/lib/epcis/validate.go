package epcis

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ValidateEvent checks an event against GS1's EPCIS 2.0 JSON schema
// (EPCIS-JSON-Schema.json), rule for rule, in Go: field types, required
// fields, the fields each event type may have, vocabulary values (bare
// CBV/GS1 terms or user-vocabulary URIs, never CBV URNs, which the JSON
// binding has no place for), uniqueness and the per-type "what" rules.
// Beyond the schema, the fields of readPoint and bizLocation other than id
// must be user extensions (prefix:name), as in every other standard
// structure; and a value that the event hash reads as a term of the CBV or
// the GS1 Web Vocabulary (a web URI or CURIE under their namespaces) must
// be one of their terms, spelled as the chain recognizes it, without
// surrounding whitespace — so that what the hash reads and what the
// custody rules read are the same term. ctx is the document's context. It
// is deterministic (no locale, no environment, ASCII URI syntax) and
// linear in the event's size, so the chain runs it on every captured
// event. An error names the field.
func ValidateEvent(n *Node, ctx Context) error {
	if n == nil || n.Kind != Object {
		return fmt.Errorf("an event is a JSON object")
	}
	kind := n.Str("type")
	fields, ok := eventFields[kind]
	if !ok {
		return fmt.Errorf("type: %q is not an EPCIS event type (%s)", n.Str("type"), strings.Join(sortedKeys(eventFields), ", "))
	}
	v := validator{kind: kind, ctx: ctx}
	v.object("", n, commonEventFields, fields)
	v.required(n, "", "eventTime", "eventTimeZoneOffset")
	if kind != "TransformationEvent" {
		v.required(n, "", "action")
	}
	if kind == "TransactionEvent" {
		v.required(n, "", "bizTransactionList")
	}
	if kind == "AssociationEvent" {
		v.required(n, "", "parentID")
	}
	if v.err == nil {
		v.what(n, kind)
	}
	return v.err
}

// The fields every event may have, and each type's own (the schema's
// common-event-properties and each type's propertyNames).
var (
	commonEventFields = []string{"@context", "type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo", "errorDeclaration"}
	eventFields       = map[string][]string{
		"ObjectEvent": {
			"action", "epcList", "quantityList", "bizStep", "disposition", "persistentDisposition", "readPoint",
			"bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd",
		},
		"AggregationEvent": {
			"parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint",
			"bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList",
		},
		"TransactionEvent": {
			"bizTransactionList", "parentID", "epcList", "quantityList", "action", "bizStep", "disposition",
			"readPoint", "bizLocation", "sourceList", "destinationList", "sensorElementList",
		},
		"TransformationEvent": {
			"inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID",
			"bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList",
			"destinationList", "sensorElementList", "ilmd",
		},
		"AssociationEvent": {
			"parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint",
			"bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList",
		},
	}
	sensorMetadataFields = []string{"time", "deviceID", "deviceMetadata", "rawData", "startTime", "endTime", "dataProcessingMethod", "bizRules"}
	sensorReportFields   = []string{
		"type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules",
		"time", "microorganism", "chemicalSubstance", "coordinateReferenceSystem", "value", "component", "stringValue",
		"booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom",
	}
	offsetShape   = regexp.MustCompile(`^[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)$`)
	uomShape      = regexp.MustCompile(`^[A-Z0-9]{2,3}$`)
	hexShape      = regexp.MustCompile(`^[A-Fa-f0-9]+$`)
	cbvURIShape   = regexp.MustCompile(`^(urn:epcglobal:cbv|https?://ns\.gs1\.org/cbv/)`)
	gs1VocabShape = regexp.MustCompile(`^https?://(www\.)?gs1\.org/voc/`)
)

// validator keeps the first error found.
type validator struct {
	kind string
	ctx  Context
	err  error
}

func (v *validator) fail(path, format string, args ...any) {
	if v.err == nil {
		v.err = fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (v *validator) required(n *Node, path string, fields ...string) {
	for _, f := range fields {
		if n.Get(f) == nil {
			v.fail(join(path, f), "missing; it is required here")
			return
		}
	}
}

// isAbsoluteURI is the schema's "uri" format, an absolute URI by RFC
// 3986's syntax: a scheme, a colon, then only URI characters (ASCII
// letters, digits, -._~ :/?#[]@ !$&'()*+,;= and %-escapes). It is written
// out rather than left to net/url, whose leniency varies with the Go
// release and the GODEBUG setting a node runs with: validators must agree.
func isAbsoluteURI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !isAlpha(s[0]) {
		return false
	}
	for i := 1; i < colon; i++ {
		if c := s[i]; !isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	for i := colon + 1; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlpha(c) || isDigit(c) || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0:
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// extensionKey: a member that is no field of the structure must be a user
// extension, named by an absolute URI or a CURIE (the schema's vocab-uri).
func (v *validator) extensionKey(path, key string) {
	if !isAbsoluteURI(key) {
		v.fail(join(path, key), "not a field here; a user extension is named prefix:name")
	}
}

// object checks n's members: its fields (checked by what they are) and
// user extensions.
func (v *validator) object(path string, n *Node, fieldLists ...[]string) {
	for i, key := range n.Keys {
		known := false
		for _, l := range fieldLists {
			known = known || slices.Contains(l, key)
		}
		if !known {
			v.extensionKey(path, key)
			continue
		}
		v.field(join(path, key), key, n.Values[i])
	}
}

func (v *validator) str(path string, n *Node) (string, bool) {
	if n.Kind != String {
		v.fail(path, "a string, not a %s", kindName(n.Kind))
		return "", false
	}
	return n.Text, true
}

func (v *validator) uri(path string, n *Node) {
	if s, ok := v.str(path, n); ok && !isAbsoluteURI(s) {
		v.fail(path, "%q is not an absolute URI", s)
	}
}

func (v *validator) time(path string, n *Node) {
	if s, ok := v.str(path, n); ok {
		if _, err := ParseTimestamp(s); err != nil {
			v.fail(path, "%v", err)
		} else if !hasOffset(s) {
			v.fail(path, "%q has no time zone (Z or ±hh:mm), which a date-time needs", s)
		}
	}
}

// hasOffset: an RFC 3339 date-time ends in Z or ±hh:mm.
func hasOffset(s string) bool {
	if strings.HasSuffix(s, "Z") || strings.HasSuffix(s, "z") {
		return true
	}
	return len(s) > 6 && (s[len(s)-6] == '+' || s[len(s)-6] == '-') && s[len(s)-3] == ':'
}

func (v *validator) number(path string, n *Node) {
	if n.Kind != Number {
		v.fail(path, "a number, not a %s", kindName(n.Kind))
	}
}

// check: a vocabulary value is one of the terms, or a URI of the user's
// vocabulary — never one of the CBV's URN spellings (the JSON binding
// writes bare terms), and never a URI or CURIE the event hash would read
// as under the CBV or GS1 namespaces unless it is one of their terms in a
// spelling the chain reads as that term (bare, web URI, cbv:/gs1: CURIE).
func (v *voc) check(vd *validator, path string, n *Node) {
	s, ok := vd.str(path, n)
	if !ok {
		return
	}
	if v.terms[s] {
		return
	}
	if strings.TrimSpace(s) != s {
		vd.fail(path, "%q has spaces around it", s)
		return
	}
	if !isAbsoluteURI(s) || v.forbidden.MatchString(s) {
		vd.fail(path, "%q is neither a %s of the %s (%s) nor a URI of your own vocabulary", s, v.name, v.standard, v.example)
		return
	}
	expanded := vd.ctx.expandValue(s)
	if strings.HasPrefix(expanded, CBVNamespace) || gs1VocabShape.MatchString(expanded) {
		if v.vocab.Term(s) == "" {
			vd.fail(path, "%q is under the %s's namespace but not a %s of it; write the term itself (%s)", s, v.standard, v.name, v.example)
		}
	}
}

type voc struct {
	name, standard, example string
	terms                   map[string]bool
	forbidden               *regexp.Regexp
	// vocab reads the spellings of a term the chain recognizes.
	vocab vocabulary
}

var (
	bizStepTerms     = voc{"business step", "CBV", "e.g. shipping", cbvBizSteps, cbvURIShape, bizStepVocab}
	dispositionTerms = voc{"disposition", "CBV", "e.g. in_transit", cbvDispositions, cbvURIShape, dispositionVocab}
	bttTerms         = voc{"business transaction type", "CBV", "e.g. po", cbvBizTransactionTypes, cbvURIShape, bttVocab}
	sdtTerms         = voc{"source/destination type", "CBV", "owning_party, possessing_party, location", cbvSourceDestTypes, cbvURIShape, sdtVocab}
	reasonTerms      = voc{"error reason", "CBV", "did_not_occur, incorrect_data", cbvErrorReasons, cbvURIShape, errorReasonVocab}
	measurementTerms = voc{"measurement type", "GS1 Web Vocabulary", "e.g. Temperature", gs1MeasurementTypes, gs1VocabShape, measurementVocab}
	alertTerms       = voc{"sensor alert type", "GS1 Web Vocabulary", "ALARM_CONDITION, ERROR_CONDITION", gs1AlertTypes, gs1VocabShape, alertVocab}
	componentTerms   = voc{"component", "CBV", "e.g. latitude", gs1Components, cbvURIShape, componentVocab}
	actions          = map[string]bool{"ADD": true, "OBSERVE": true, "DELETE": true}
)

// field checks one of EPCIS's own fields by what it is.
func (v *validator) field(path, key string, n *Node) {
	switch key {
	case "@context", "type":
		// The document's context; the type chose the checks.
	case "eventTime", "recordTime":
		v.time(path, n)
	case "eventTimeZoneOffset":
		if s, ok := v.str(path, n); ok && !offsetShape.MatchString(s) {
			v.fail(path, "%q is not an offset from -14:00 to +14:00 (±hh:mm)", s)
		}
	case "eventID", "parentID", "transformationID":
		v.uri(path, n)
	case "certificationInfo":
		if n.Kind == Array {
			for i, c := range n.Values {
				v.uri(fmt.Sprintf("%s[%d]", path, i), c)
			}
			return
		}
		v.uri(path, n)
	case "errorDeclaration":
		v.errorDeclaration(path, n)
	case "action":
		if s, ok := v.str(path, n); ok && !actions[s] {
			v.fail(path, "%q is not ADD, OBSERVE or DELETE", s)
		}
	case "epcList", "childEPCs", "inputEPCList", "outputEPCList":
		// The schema wants an ObjectEvent's and a TransformationEvent's
		// EPC lists without repeats (the chain refuses repeats in any list).
		v.uriList(path, n, v.kind == "ObjectEvent" && key == "epcList" || key == "inputEPCList" || key == "outputEPCList")
	case "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList":
		v.quantityList(path, n)
	case "bizStep":
		bizStepTerms.check(v, path, n)
	case "disposition":
		dispositionTerms.check(v, path, n)
	case "persistentDisposition":
		v.persistentDisposition(path, n)
	case "readPoint", "bizLocation":
		if v.isObject(path, n) {
			v.required(n, path, "id")
			v.object(path, n, []string{"id"})
			if id := n.Get("id"); id != nil {
				v.uri(join(path, "id"), id)
			}
		}
	case "bizTransactionList":
		v.typedList(path, n, "bizTransaction", bttTerms, false)
	case "sourceList":
		v.typedList(path, n, "source", sdtTerms, true)
	case "destinationList":
		v.typedList(path, n, "destination", sdtTerms, true)
	case "sensorElementList":
		v.sensorElements(path, n)
	case "ilmd":
		if v.isObject(path, n) {
			for _, k := range n.Keys {
				v.extensionKey(path, k)
			}
		}
	}
}

func (v *validator) isObject(path string, n *Node) bool {
	if n.Kind != Object {
		v.fail(path, "an object, not a %s", kindName(n.Kind))
		return false
	}
	return true
}

func (v *validator) isArray(path string, n *Node) bool {
	if n.Kind != Array {
		v.fail(path, "a list, not a %s", kindName(n.Kind))
		return false
	}
	return true
}

func (v *validator) uriList(path string, n *Node, unique bool) {
	if !v.isArray(path, n) {
		return
	}
	seen := map[string]bool{}
	for i, e := range n.Values {
		p := fmt.Sprintf("%s[%d]", path, i)
		v.uri(p, e)
		if unique && e.Kind == String {
			if seen[e.Text] {
				v.fail(p, "%s is listed twice", e.Text)
			}
			seen[e.Text] = true
		}
	}
}

func (v *validator) quantityList(path string, n *Node) {
	if !v.isArray(path, n) {
		return
	}
	for i, q := range n.Values {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !v.isObject(p, q) {
			return
		}
		v.required(q, p, "epcClass")
		for j, key := range q.Keys {
			fp := join(p, key)
			switch key {
			case "epcClass":
				v.uri(fp, q.Values[j])
			case "quantity":
				v.number(fp, q.Values[j])
			case "uom":
				if s, ok := v.str(fp, q.Values[j]); ok && !uomShape.MatchString(s) {
					v.fail(fp, "%q is not a UN/CEFACT unit code (2 or 3 capitals or digits)", s)
				}
			default:
				v.fail(fp, "not a field of a quantity element (epcClass, quantity, uom)")
			}
		}
	}
}

func (v *validator) persistentDisposition(path string, n *Node) {
	if !v.isObject(path, n) {
		return
	}
	if n.Get("set") == nil && n.Get("unset") == nil {
		v.fail(path, "neither set nor unset")
	}
	for i, key := range n.Keys {
		p := join(path, key)
		if key != "set" && key != "unset" {
			v.fail(p, "not set or unset")
			return
		}
		l := n.Values[i]
		if !v.isArray(p, l) {
			return
		}
		if len(l.Values) == 0 {
			v.fail(p, "empty; leave it out instead")
		}
		seen := map[string]bool{}
		for j, d := range l.Values {
			dp := fmt.Sprintf("%s[%d]", p, j)
			dispositionTerms.check(v, dp, d)
			if seen[d.Text] {
				v.fail(dp, "%s is listed twice", d.Text)
			}
			seen[d.Text] = true
		}
	}
}

// typedList: entries {type, <item>}; the item is required, and for
// sources and destinations the type too.
func (v *validator) typedList(path string, n *Node, item string, types voc, typeRequired bool) {
	if !v.isArray(path, n) {
		return
	}
	for i, e := range n.Values {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !v.isObject(p, e) {
			return
		}
		v.required(e, p, item)
		if typeRequired {
			v.required(e, p, "type")
		}
		for j, key := range e.Keys {
			switch key {
			case item:
				v.uri(join(p, key), e.Values[j])
			case "type":
				types.check(v, join(p, key), e.Values[j])
			default:
				v.fail(join(p, key), "not a field here (type, %s)", item)
			}
		}
	}
}

func (v *validator) sensorElements(path string, n *Node) {
	if !v.isArray(path, n) {
		return
	}
	for i, el := range n.Values {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !v.isObject(p, el) {
			return
		}
		v.required(el, p, "sensorReport")
		for j, key := range el.Keys {
			fp := join(p, key)
			switch key {
			case "sensorMetadata":
				if md := el.Values[j]; v.isObject(fp, md) {
					for k, mk := range md.Keys {
						v.sensorField(join(fp, mk), mk, md.Values[k], sensorMetadataFields)
					}
				}
			case "sensorReport":
				reps := el.Values[j]
				if !v.isArray(fp, reps) {
					return
				}
				if len(reps.Values) == 0 {
					v.fail(fp, "empty; a sensor element has at least one report")
				}
				for k, rep := range reps.Values {
					rp := fmt.Sprintf("%s[%d]", fp, k)
					if !v.isObject(rp, rep) {
						return
					}
					v.required(rep, rp, "type")
					for m, rk := range rep.Keys {
						v.sensorField(join(rp, rk), rk, rep.Values[m], sensorReportFields)
					}
				}
			default:
				v.extensionKey(p, key)
			}
		}
	}
}

func (v *validator) sensorField(path, key string, n *Node, fields []string) {
	if !slices.Contains(fields, key) {
		v.extensionKey(strings.TrimSuffix(path, "."+key), key)
		return
	}
	switch key {
	case "time", "startTime", "endTime":
		v.time(path, n)
	case "type":
		measurementTerms.check(v, path, n)
	case "exception":
		alertTerms.check(v, path, n)
	case "component":
		componentTerms.check(v, path, n)
	case "value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue":
		v.number(path, n)
	case "booleanValue":
		if n.Kind != Bool {
			v.fail(path, "true or false, not a %s", kindName(n.Kind))
		}
	case "hexBinaryValue":
		if s, ok := v.str(path, n); ok && !hexShape.MatchString(s) {
			v.fail(path, "%q is not hexadecimal", s)
		}
	case "stringValue", "uom":
		v.str(path, n)
	default:
		v.uri(path, n)
	}
}

func (v *validator) errorDeclaration(path string, n *Node) {
	if !v.isObject(path, n) {
		return
	}
	v.required(n, path, "declarationTime")
	for i, key := range n.Keys {
		p := join(path, key)
		switch key {
		case "declarationTime":
			v.time(p, n.Values[i])
		case "reason":
			reasonTerms.check(v, p, n.Values[i])
		case "correctiveEventIDs":
			v.uriList(p, n.Values[i], false)
		default:
			v.extensionKey(path, key)
		}
	}
}

// what applies each type's rules on what it names (the schema's anyOf).
func (v *validator) what(n *Node, kind string) {
	nonEmpty := func(key string) bool { l := n.Get(key); return l != nil && l.Kind == Array && len(l.Values) > 0 }
	action := n.Str("action")
	switch kind {
	case "ObjectEvent":
		sensorsAt := nonEmpty("sensorElementList") && n.Get("readPoint") != nil
		if n.Get("epcList") == nil && !nonEmpty("quantityList") && !sensorsAt {
			v.fail("epcList", "missing: an ObjectEvent names objects (epcList), quantities (quantityList), or reports sensors at a readPoint")
		}
		if n.Get("ilmd") != nil && action != "ADD" {
			v.fail("ilmd", "only an ObjectEvent with action ADD carries master data of the objects it creates")
		}
	case "AggregationEvent", "AssociationEvent":
		if !nonEmpty("childEPCs") && !nonEmpty("childQuantityList") && action != "DELETE" {
			v.fail("childEPCs", "missing: an %s with action %s names children (childEPCs or childQuantityList)", kind, action)
		}
	case "TransactionEvent":
		if !nonEmpty("bizTransactionList") {
			v.fail("bizTransactionList", "empty; a TransactionEvent names at least one business transaction")
		}
		if n.Get("epcList") == nil && !nonEmpty("quantityList") && action != "DELETE" {
			v.fail("epcList", "missing: a TransactionEvent names objects (epcList) or quantities (quantityList)")
		}
	case "TransformationEvent":
		in := nonEmpty("inputEPCList") || nonEmpty("inputQuantityList")
		out := nonEmpty("outputEPCList") || nonEmpty("outputQuantityList")
		bothSides := in && out
		oneSideWithID := (in || out) && n.Get("transformationID") != nil
		if !bothSides && !oneSideWithID {
			v.fail("inputEPCList", "a TransformationEvent has inputs and outputs (or one side of them with a transformationID)")
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ValidateCapturedEvent is what the chain checks of an event before its
// custody rules: a bare agricultural business step ("harvesting") taken as
// its URI, then ValidateEvent. It leaves n as it was; tools that check a
// document before sending it (the indexer's capture interface) call it so
// that they refuse exactly what the chain refuses.
func ValidateCapturedEvent(n *Node, ctx Context) error {
	if n == nil || n.Kind != Object {
		return ValidateEvent(n, ctx)
	}
	c := n.Clone()
	ExpandAgriBizStep(c)
	return ValidateEvent(c, ctx)
}
