package epcisq

import (
	"math/big"
	"slices"
	"strings"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/x/lib/epcis"
)

var (
	anyEPCFields   = []string{store.FieldEPC, store.FieldParentID, store.FieldInputEPC, store.FieldOutputEPC}
	anyClassFields = []string{store.FieldEPCClass, store.FieldInputEPCClass, store.FieldOutputEPCClass}
)

// Match says whether a recorded event satisfies every parameter of q.
func (q *Query) Match(ev *epcis.Node) bool {
	has := map[store.Term]bool{}
	for _, t := range store.Terms(ev) {
		has[t] = true
	}
	anyOf := func(fields, vs []string) bool {
		for _, f := range fields {
			for _, v := range vs {
				if has[store.Term{Field: f, Value: v}] {
					return true
				}
			}
		}
		return false
	}
	for field, vs := range q.Terms {
		if !anyOf([]string{field}, vs) {
			return false
		}
	}
	if len(q.AnyEPC) > 0 && !anyOf(anyEPCFields, q.AnyEPC) ||
		len(q.AnyEPCClass) > 0 && !anyOf(anyClassFields, q.AnyEPCClass) {
		return false
	}
	if len(q.EventIDs) > 0 && !slices.Contains(q.EventIDs, ev.Str("eventID")) ||
		len(q.Actions) > 0 && !slices.Contains(q.Actions, ev.Str("action")) {
		return false
	}
	for _, r := range q.TimeRanges {
		t, err := epcis.ParseTimestamp(ev.Str(r.field))
		if err != nil || r.ge && t.Before(r.at) || !r.ge && !t.Before(r.at) {
			return false
		}
	}
	decl := ev.Get("errorDeclaration")
	if q.ExistsErrorDeclaration && decl == nil ||
		len(q.ErrorReasons) > 0 && !slices.Contains(q.ErrorReasons, errorReasonTerm(decl.Str("reason"))) && !slices.Contains(q.ErrorReasons, decl.Str("reason")) {
		return false
	}
	if len(q.SensorType) > 0 && !q.anyReport(ev, func(r *epcis.Node) bool {
		return slices.Contains(q.SensorType, strings.TrimPrefix(r.Str("type"), "gs1:"))
	}) {
		return false
	}
	for _, f := range q.Sensors {
		if !q.anyReport(ev, f.holds) {
			return false
		}
	}
	return true
}

// errorReasonTerm is a CBV error reason's bare term.
func errorReasonTerm(v string) string {
	for _, p := range []string{"https://ref.gs1.org/cbv/ER-", "urn:epcglobal:cbv:er:", "cbv:ER-"} {
		if strings.HasPrefix(v, p) {
			return v[len(p):]
		}
	}
	return v
}

// anyReport says whether some sensorReport of the event satisfies ok.
func (q *Query) anyReport(ev *epcis.Node, ok func(*epcis.Node) bool) bool {
	for _, el := range store.ArrayValues(ev.Get("sensorElementList")) {
		for _, r := range store.ArrayValues(el.Get("sensorReport")) {
			if ok(r) {
				return true
			}
		}
	}
	return false
}

// holds compares a report's field with the filter's value, exactly.
func (f sensorFilter) holds(report *epcis.Node) bool {
	if report.Str("uom") != f.uom {
		return false
	}
	n := report.Get(f.field)
	if n == nil || n.Kind != epcis.Number {
		return false
	}
	v, ok := new(big.Rat).SetString(n.Text)
	if !ok {
		return false
	}
	c := v.Cmp(f.value)
	switch f.op {
	case "EQ":
		return c == 0
	case "GT":
		return c > 0
	case "GE":
		return c >= 0
	case "LT":
		return c < 0
	}
	return c <= 0 // LE
}
