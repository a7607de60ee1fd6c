package keeper

import (
	"fmt"
	"time"

	sdkmath "cosmossdk.io/math"

	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

// quantityEntry is a quantityElement: a lot (or class) and an amount.
type quantityEntry struct {
	id        gs1.Identifier
	amount    sdkmath.LegacyDec
	hasAmount bool
	uom       string
}

// partyEntry is a source or destination: its CBV type and identifier.
type partyEntry struct {
	typ string // bare term: owning_party, possessing_party, location
	id  gs1.Identifier
}

// parsedEvent is an EPCIS event with its fields checked and identifiers
// in canonical form.
type parsedEvent struct {
	node        *epcis.Node
	eventType   string
	action      string
	eventTime   time.Time
	bizStep     string // as given
	bizStepTerm string // bare CBV or agricultural term, "" for custom URIs
	disposition string
	readPoint   string
	bizLocation string

	epcs, children, inputs, outputs                  []gs1.Identifier
	quantities, childQuantities, inputQty, outputQty []quantityEntry
	parent                                           *gs1.Identifier
	sources, destinations                            []partyEntry
	// otherParties counts sources and destinations of the member's own
	// types, which have no custody meaning.
	otherParties       int
	hasBizTransactions bool
	// untrackedClasses counts quantities of product classes with no lot.
	untrackedClasses int
	errorDeclaration *types.ErrorDeclaration
	declaredID       string
}

// fieldError names the field that is wrong.
func fieldError(field string, format string, args ...any) error {
	return types.ErrInvalidEvent.Wrapf("%s: %s", field, fmt.Sprintf(format, args...))
}

func parseEvent(n *epcis.Node, ctx epcis.Context) (*parsedEvent, error) {
	// GS1's EPCIS 2.0 JSON schema first: types, required fields, the
	// fields each structure may hold, vocabularies; then the chain's rules.
	if err := epcis.ValidateEvent(n, ctx); err != nil {
		return nil, types.ErrInvalidEvent.Wrap(err.Error())
	}
	// The type, the offset and the action were checked by ValidateEvent.
	ev := &parsedEvent{node: n, eventType: n.Str("type"), action: n.Str("action")}
	t, err := requiredTime(n, "eventTime")
	if err != nil {
		return nil, err
	}
	ev.eventTime = t
	if err := ev.parseWhy(n); err != nil {
		return nil, err
	}
	if err := ev.parseWhat(n); err != nil {
		return nil, err
	}
	if err := ev.parseWhere(n); err != nil {
		return nil, err
	}
	if err := ev.parseErrorDeclaration(n); err != nil {
		return nil, err
	}
	ev.declaredID = n.Str("eventID")
	return ev, nil
}

func requiredTime(n *epcis.Node, field string) (time.Time, error) {
	v := n.Get(field)
	if v == nil || v.Kind != epcis.String {
		return time.Time{}, fieldError(field, "missing; every EPCIS event has one")
	}
	t, err := epcis.ParseTimestamp(v.Text)
	if err != nil {
		return time.Time{}, fieldError(field, "%s", err)
	}
	return t, nil
}

func (ev *parsedEvent) parseWhy(n *epcis.Node) error {
	if v := n.Get("bizStep"); v != nil {
		if v.Kind != epcis.String || v.Text == "" {
			return fieldError("bizStep", "must be a non-empty string")
		}
		ev.bizStep = v.Text
		ev.bizStepTerm = epcis.BizStepTerm(v.Text)
		if ev.bizStepTerm == "" && !isURI(v.Text) {
			return fieldError("bizStep", "%q is neither a CBV 2.0 business step, nor one of %v, nor a URI", v.Text, epcis.AgriBizSteps())
		}
	}
	if v := n.Get("disposition"); v != nil {
		if v.Kind != epcis.String || (epcis.DispositionTerm(v.Text) == "" && !isURI(v.Text)) {
			return fieldError("disposition", "%q is neither a CBV 2.0 disposition nor a URI", v.Text)
		}
		ev.disposition = v.Text
	}
	if v := n.Get("bizTransactionList"); v != nil {
		if v.Kind != epcis.Array {
			return fieldError("bizTransactionList", "must be an array")
		}
		for i, bt := range v.Values {
			if bt.Str("bizTransaction") == "" {
				return fieldError(fmt.Sprintf("bizTransactionList[%d].bizTransaction", i), "missing")
			}
		}
		ev.hasBizTransactions = len(v.Values) > 0
	}
	var err error
	if ev.sources, err = parseParties(n, "sourceList", "source", &ev.otherParties); err != nil {
		return err
	}
	ev.destinations, err = parseParties(n, "destinationList", "destination", &ev.otherParties)
	return err
}

func isURI(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return i > 0
		}
	}
	return false
}

func parseParties(n *epcis.Node, list, item string, others *int) ([]partyEntry, error) {
	v := n.Get(list)
	if v == nil {
		return nil, nil
	}
	if v.Kind != epcis.Array {
		return nil, fieldError(list, "must be an array")
	}
	out := make([]partyEntry, 0, len(v.Values))
	for i, e := range v.Values {
		field := fmt.Sprintf("%s[%d]", list, i)
		typ := epcis.SourceDestTypeTerm(e.Str("type"))
		if typ == "" {
			// A type of the member's own vocabulary (CBV allows any URI;
			// ValidateEvent checked it is one and no spelling of a CBV
			// type): recorded and returned as given, with no meaning for
			// custody; it still counts toward the event's identifiers.
			*others++
			continue
		}
		id, err := gs1.Parse(e.Str(item))
		if err != nil {
			return nil, fieldError(field+"."+item, "%s", err)
		}
		if id.Kind != gs1.KindPGLN && id.Kind != gs1.KindSGLN {
			return nil, fieldError(field+"."+item, "%s is not a party or location GLN", id.URI)
		}
		out = append(out, partyEntry{typ: typ, id: id})
	}
	return out, nil
}

func (ev *parsedEvent) parseWhat(n *epcis.Node) error {
	var err error
	lists := []struct {
		field string
		dst   *[]gs1.Identifier
	}{{"epcList", &ev.epcs}, {"childEPCs", &ev.children}, {"inputEPCList", &ev.inputs}, {"outputEPCList", &ev.outputs}}
	for _, l := range lists {
		if *l.dst, err = parseEPCs(n, l.field); err != nil {
			return err
		}
	}
	qlists := []struct {
		field string
		dst   *[]quantityEntry
	}{{"quantityList", &ev.quantities}, {"childQuantityList", &ev.childQuantities}, {"inputQuantityList", &ev.inputQty}, {"outputQuantityList", &ev.outputQty}}
	for _, l := range qlists {
		var classes int
		if *l.dst, classes, err = parseQuantities(n, l.field); err != nil {
			return err
		}
		ev.untrackedClasses += classes
	}
	if v := n.Get("parentID"); v != nil {
		id, err := gs1.Parse(v.Text)
		if err != nil || v.Kind != epcis.String {
			return fieldError("parentID", "%v", err)
		}
		ev.parent = &id
	}
	return nil
}

func parseEPCs(n *epcis.Node, field string) ([]gs1.Identifier, error) {
	v := n.Get(field)
	if v == nil {
		return nil, nil
	}
	if v.Kind != epcis.Array {
		return nil, fieldError(field, "must be an array")
	}
	out := make([]gs1.Identifier, 0, len(v.Values))
	seen := map[string]bool{}
	for i, e := range v.Values {
		f := fmt.Sprintf("%s[%d]", field, i)
		if e.Kind != epcis.String {
			return nil, fieldError(f, "must be a string")
		}
		id, err := gs1.Parse(e.Text)
		if err != nil {
			return nil, types.ErrInvalidIdentifier.Wrapf("%s: %s", f, err)
		}
		if id.Kind == gs1.KindGTIN || id.Kind == gs1.KindLGTIN {
			return nil, types.ErrInvalidIdentifier.Wrapf("%s: %s names a class, not an instance; put classes in a quantity list", f, id.URI)
		}
		if seen[id.URI] {
			return nil, fieldError(f, "%s is listed twice", id.URI)
		}
		seen[id.URI] = true
		out = append(out, id)
	}
	return out, nil
}

// parseQuantities reads a quantity list. Lots (GTIN + lot) are tracked as
// objects. A product class with no lot (a GTIN, or an idpat) cannot be
// traced: it stays in the recorded event and counts toward the limits,
// but is no object; parseQuantities returns how many such entries it saw.
func parseQuantities(n *epcis.Node, field string) ([]quantityEntry, int, error) {
	v := n.Get(field)
	if v == nil {
		return nil, 0, nil
	}
	if v.Kind != epcis.Array {
		return nil, 0, fieldError(field, "must be an array")
	}
	out := make([]quantityEntry, 0, len(v.Values))
	seen := map[string]bool{}
	classes := 0
	for i, e := range v.Values {
		f := fmt.Sprintf("%s[%d]", field, i)
		id, err := gs1.Parse(e.Str("epcClass"))
		if err != nil {
			return nil, 0, types.ErrInvalidIdentifier.Wrapf("%s.epcClass: %s", f, err)
		}
		if seen[id.URI] {
			return nil, 0, fieldError(f, "%s is listed twice", id.URI)
		}
		seen[id.URI] = true
		q := quantityEntry{id: id, uom: e.Str("uom")}
		if qv := e.Get("quantity"); qv != nil {
			if qv.Kind != epcis.Number {
				return nil, 0, fieldError(f+".quantity", "must be a number")
			}
			if q.amount, err = parseAmount(qv.Text); err != nil {
				return nil, 0, fieldError(f+".quantity", "%s", err)
			}
			q.hasAmount = true
		}
		switch id.Kind {
		case gs1.KindLGTIN:
			out = append(out, q)
		case gs1.KindGTIN:
			classes++
		default:
			return nil, 0, types.ErrInvalidIdentifier.Wrapf("%s.epcClass: %s is a %s, not a product class (GTIN) or lot (GTIN + lot)", f, id.URI, id.Kind)
		}
	}
	return out, classes, nil
}

func (ev *parsedEvent) parseWhere(n *epcis.Node) error {
	for _, f := range []struct {
		field string
		dst   *string
	}{{"readPoint", &ev.readPoint}, {"bizLocation", &ev.bizLocation}} {
		v := n.Get(f.field)
		if v == nil {
			continue
		}
		raw := v.Str("id")
		if raw == "" {
			return fieldError(f.field+".id", "missing")
		}
		// Locations are SGLNs when GS1-identified; geo: and other URIs stay as given.
		if id, err := gs1.Parse(raw); err == nil && id.Kind == gs1.KindSGLN {
			*f.dst = id.URI
		} else {
			*f.dst = raw
		}
	}
	return nil
}

func (ev *parsedEvent) parseErrorDeclaration(n *epcis.Node) error {
	v := n.Get("errorDeclaration")
	if v == nil {
		return nil
	}
	if _, err := requiredTime(v, "declarationTime"); err != nil {
		return fieldError("errorDeclaration", "%s", err)
	}
	d := &types.ErrorDeclaration{DeclarationTime: v.Str("declarationTime"), Reason: v.Str("reason")}
	if ids := v.Get("correctiveEventIDs"); ids != nil {
		for i, id := range ids.Values {
			if id.Kind != epcis.String || id.Text == "" {
				return fieldError(fmt.Sprintf("errorDeclaration.correctiveEventIDs[%d]", i), "must be a URI")
			}
			d.CorrectiveEventIds = append(d.CorrectiveEventIds, id.Text)
		}
	}
	ev.errorDeclaration = d
	return nil
}

// objectIDs lists every object the event names, once each, in order.
func (ev *parsedEvent) objectIDs() []string {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if ev.parent != nil {
		add(ev.parent.URI)
	}
	for _, l := range [][]gs1.Identifier{ev.epcs, ev.children, ev.inputs, ev.outputs} {
		for _, id := range l {
			add(id.URI)
		}
	}
	for _, l := range [][]quantityEntry{ev.quantities, ev.childQuantities, ev.inputQty, ev.outputQty} {
		for _, q := range l {
			add(q.id.URI)
		}
	}
	return out
}
