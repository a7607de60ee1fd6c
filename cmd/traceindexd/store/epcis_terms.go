package store

import (
	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/lib/gs1"
)

// The terms an EPCIS event is indexed under: written by the follower with
// each event, read by the query interface (epcisq).

// Indexed fields. The EPC fields follow the MATCH_ parameters of EPCIS 2.0
// §8.2.7.1: "epc" is epcList and childEPCs, "epcClass" is quantityList and
// childQuantityList.
const (
	FieldType           = "type"
	FieldBizStep        = "bizStep"
	FieldDisposition    = "disposition"
	FieldBizLocation    = "bizLocation"
	FieldReadPoint      = "readPoint"
	FieldEPC            = "epc"
	FieldParentID       = "parentID"
	FieldInputEPC       = "inputEPC"
	FieldOutputEPC      = "outputEPC"
	FieldEPCClass       = "epcClass"
	FieldInputEPCClass  = "inputEPCClass"
	FieldOutputEPCClass = "outputEPCClass"
)

// EPCFields are the event's EPC lists under each indexed field.
var EPCFields = map[string][]string{
	FieldEPC:       {"epcList", "childEPCs"},
	FieldInputEPC:  {"inputEPCList"},
	FieldOutputEPC: {"outputEPCList"},
}

// ClassFields are the event's quantity lists under each indexed class field.
var ClassFields = map[string][]string{
	FieldEPCClass:       {"quantityList", "childQuantityList"},
	FieldInputEPCClass:  {"inputQuantityList"},
	FieldOutputEPCClass: {"outputQuantityList"},
}

// Canonical is the form identifiers are indexed and matched in: the GS1
// Digital Link URI the chain stores for a GS1 key given as an EPC URN or
// a Digital Link, or the value itself for any other URI.
func Canonical(id string) string {
	if parsed, err := gs1.Parse(id); err == nil {
		return parsed.URI
	}
	return id
}

// VocabTerm is a CBV value's bare term (any spelling), or the value.
func VocabTerm(field, value string) string {
	var t string
	switch field {
	case FieldBizStep:
		t = epcis.BizStepTerm(value)
	case FieldDisposition:
		t = epcis.DispositionTerm(value)
	}
	if t == "" {
		return value
	}
	return t
}

// Terms lists the (field, value) pairs an event is found under, each once,
// in a fixed order.
func Terms(ev *epcis.Node) []Term {
	var out []Term
	seen := map[Term]bool{}
	add := func(field, value string) {
		t := Term{Field: field, Value: value}
		if value != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	add(FieldType, ev.Str("type"))
	add(FieldBizStep, VocabTerm(FieldBizStep, ev.Str("bizStep")))
	add(FieldDisposition, VocabTerm(FieldDisposition, ev.Str("disposition")))
	add(FieldBizLocation, Canonical(ev.Get("bizLocation").Str("id")))
	add(FieldReadPoint, Canonical(ev.Get("readPoint").Str("id")))
	add(FieldParentID, Canonical(ev.Str("parentID")))
	for _, field := range []string{FieldEPC, FieldInputEPC, FieldOutputEPC} {
		for _, list := range EPCFields[field] {
			for _, v := range ArrayValues(ev.Get(list)) {
				if v.Kind == epcis.String {
					add(field, Canonical(v.Text))
				}
			}
		}
	}
	for _, field := range []string{FieldEPCClass, FieldInputEPCClass, FieldOutputEPCClass} {
		for _, list := range ClassFields[field] {
			for _, q := range ArrayValues(ev.Get(list)) {
				add(field, Canonical(q.Str("epcClass")))
			}
		}
	}
	return out
}

// ArrayValues is an array's elements (none for anything else).
func ArrayValues(n *epcis.Node) []*epcis.Node {
	if n == nil || n.Kind != epcis.Array {
		return nil
	}
	return n.Values
}
