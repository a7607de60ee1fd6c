// Package epcisq answers the EPCIS 2.0 query interface (SimpleEventQuery
// over REST) from the index: which terms an event is indexed under, the
// query parameters, matching, execution with a bounded scan, and the
// EPCISQueryDocument the answer is.
package epcisq

import (
	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/lib/gs1"
)

// Indexed fields. The EPC fields follow the MATCH_ parameters of EPCIS 2.0
// §8.2.7.1: "epc" is epcList and childEPCs, "epcClass" is quantityList and
// childQuantityList.
const (
	fieldType           = "type"
	fieldBizStep        = "bizStep"
	fieldDisposition    = "disposition"
	fieldBizLocation    = "bizLocation"
	fieldReadPoint      = "readPoint"
	fieldEPC            = "epc"
	fieldParentID       = "parentID"
	fieldInputEPC       = "inputEPC"
	fieldOutputEPC      = "outputEPC"
	fieldEPCClass       = "epcClass"
	fieldInputEPCClass  = "inputEPCClass"
	fieldOutputEPCClass = "outputEPCClass"
)

// epcFields are the event's EPC lists under each indexed field.
var epcFields = map[string][]string{
	fieldEPC:       {"epcList", "childEPCs"},
	fieldInputEPC:  {"inputEPCList"},
	fieldOutputEPC: {"outputEPCList"},
}

var classFields = map[string][]string{
	fieldEPCClass:       {"quantityList", "childQuantityList"},
	fieldInputEPCClass:  {"inputQuantityList"},
	fieldOutputEPCClass: {"outputQuantityList"},
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

// IsClass says whether an identifier names a class of objects (a GTIN,
// or a lot of one) rather than one object: quantity lists name classes.
func IsClass(id string) bool {
	parsed, err := gs1.Parse(id)
	return err == nil && (parsed.Kind == gs1.KindLGTIN || parsed.Kind == gs1.KindGTIN)
}

// vocabTerm is a CBV value's bare term (any spelling), or the value.
func vocabTerm(field, value string) string {
	var t string
	switch field {
	case fieldBizStep:
		t = epcis.BizStepTerm(value)
	case fieldDisposition:
		t = epcis.DispositionTerm(value)
	}
	if t == "" {
		return value
	}
	return t
}

// Terms lists the (field, value) pairs an event is found under, each once,
// in a fixed order.
func Terms(ev *epcis.Node) []store.Term {
	var out []store.Term
	seen := map[store.Term]bool{}
	add := func(field, value string) {
		t := store.Term{Field: field, Value: value}
		if value != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	add(fieldType, ev.Str("type"))
	add(fieldBizStep, vocabTerm(fieldBizStep, ev.Str("bizStep")))
	add(fieldDisposition, vocabTerm(fieldDisposition, ev.Str("disposition")))
	add(fieldBizLocation, Canonical(ev.Get("bizLocation").Str("id")))
	add(fieldReadPoint, Canonical(ev.Get("readPoint").Str("id")))
	add(fieldParentID, Canonical(ev.Str("parentID")))
	for _, field := range []string{fieldEPC, fieldInputEPC, fieldOutputEPC} {
		for _, list := range epcFields[field] {
			for _, v := range values(ev.Get(list)) {
				if v.Kind == epcis.String {
					add(field, Canonical(v.Text))
				}
			}
		}
	}
	for _, field := range []string{fieldEPCClass, fieldInputEPCClass, fieldOutputEPCClass} {
		for _, list := range classFields[field] {
			for _, q := range values(ev.Get(list)) {
				add(field, Canonical(q.Str("epcClass")))
			}
		}
	}
	return out
}

// values is an array's elements (none for anything else).
func values(n *epcis.Node) []*epcis.Node {
	if n == nil || n.Kind != epcis.Array {
		return nil
	}
	return n.Values
}
