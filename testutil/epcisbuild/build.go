// Package epcisbuild writes EPCIS 2.0 JSON-LD documents for tests,
// benchmarks and the demo, so that each reads as the business story it
// tells: commission, ship, receive, pack, transform.
package epcisbuild

import (
	"encoding/json"
	"fmt"
	"time"
)

// Event is one EPCIS event under construction.
type Event map[string]any

// Clock hands out increasing event times, so that otherwise equal events
// hash to different IDs.
type Clock struct {
	Next time.Time
	Step time.Duration
}

// NewClock starts at t and advances a second per event.
func NewClock(t time.Time) *Clock { return &Clock{Next: t.UTC(), Step: time.Second} }

func (c *Clock) tick() string {
	t := c.Next
	c.Next = c.Next.Add(c.Step)
	return t.Format("2006-01-02T15:04:05.000Z")
}

// New starts an event of the given type and action ("" for a
// TransformationEvent), stamped by the clock.
func (c *Clock) New(eventType, action string) Event {
	e := Event{"type": eventType, "eventTime": c.tick(), "eventTimeZoneOffset": "+08:00"}
	if action != "" {
		e["action"] = action
	}
	return e
}

// Set sets any field.
func (e Event) Set(field string, v any) Event { e[field] = v; return e }

// BizStep sets the business step (a bare CBV term or agricultural step).
func (e Event) BizStep(s string) Event { return e.Set("bizStep", s) }

// Disposition sets the disposition.
func (e Event) Disposition(s string) Event { return e.Set("disposition", s) }

// At sets readPoint and bizLocation to an SGLN.
func (e Event) At(sgln string) Event {
	e["readPoint"] = map[string]any{"id": sgln}
	e["bizLocation"] = map[string]any{"id": sgln}
	return e
}

// EPCs sets epcList (empty: an event about no object, or a
// TransactionEvent about a parentID only).
func (e Event) EPCs(ids ...string) Event {
	if ids == nil {
		ids = []string{} // an empty list, as the schema has it, never null
	}
	return e.Set("epcList", ids)
}

// Parent sets parentID.
func (e Event) Parent(id string) Event { return e.Set("parentID", id) }

// Children sets childEPCs.
func (e Event) Children(ids ...string) Event { return e.Set("childEPCs", ids) }

// Inputs sets inputEPCList.
func (e Event) Inputs(ids ...string) Event { return e.Set("inputEPCList", ids) }

// Outputs sets outputEPCList.
func (e Event) Outputs(ids ...string) Event { return e.Set("outputEPCList", ids) }

// Quantity is a quantityElement; a zero Amount string omits the quantity.
type Quantity struct {
	Class  string
	Amount string
	UOM    string
}

func quantities(qs []Quantity) []any {
	out := make([]any, 0, len(qs))
	for _, q := range qs {
		m := map[string]any{"epcClass": q.Class}
		if q.Amount != "" {
			m["quantity"] = json.Number(q.Amount)
		}
		if q.UOM != "" {
			m["uom"] = q.UOM
		}
		out = append(out, m)
	}
	return out
}

// Qty sets quantityList.
func (e Event) Qty(qs ...Quantity) Event { return e.Set("quantityList", quantities(qs)) }

// ChildQty sets childQuantityList.
func (e Event) ChildQty(qs ...Quantity) Event { return e.Set("childQuantityList", quantities(qs)) }

// InputQty sets inputQuantityList.
func (e Event) InputQty(qs ...Quantity) Event { return e.Set("inputQuantityList", quantities(qs)) }

// OutputQty sets outputQuantityList.
func (e Event) OutputQty(qs ...Quantity) Event { return e.Set("outputQuantityList", quantities(qs)) }

// party is a source or destination entry.
func party(typ, id string, field string) map[string]any {
	return map[string]any{"type": typ, field: id}
}

// ShipTo names the possessing (and, if owner != "", owning) party receiving.
func (e Event) ShipTo(possessor, owner string) Event {
	d := []any{party("possessing_party", possessor, "destination")}
	if owner != "" {
		d = append(d, party("owning_party", owner, "destination"))
	}
	return e.Set("destinationList", d)
}

// SellTo names only the owning party: ownership moves now.
func (e Event) SellTo(owner string) Event {
	return e.Set("destinationList", []any{party("owning_party", owner, "destination")})
}

// From names the possessing party shipping.
func (e Event) From(possessor string) Event {
	return e.Set("sourceList", []any{party("possessing_party", possessor, "source")})
}

// FromOwner names the owning party the goods leave (sourceList).
func (e Event) FromOwner(owner string) Event {
	return e.Set("sourceList", []any{party("owning_party", owner, "source")})
}

// BizTransaction adds a business transaction of a CBV type ("po", "inv"...).
func (e Event) BizTransaction(typ, id string) Event {
	list, _ := e["bizTransactionList"].([]any)
	return e.Set("bizTransactionList", append(list, map[string]any{"type": typ, "bizTransaction": id}))
}

// ILMD sets instance/lot master data (harvest date, field, variety...).
func (e Event) ILMD(fields map[string]any) Event { return e.Set("ilmd", fields) }

// Document wraps events in an EPCISDocument with the standard context.
func Document(events ...Event) []byte {
	if events == nil {
		events = []Event{}
	}
	doc := map[string]any{
		"@context":      []any{"https://ref.gs1.org/standards/epcis/epcis-context.jsonld"},
		"type":          "EPCISDocument",
		"schemaVersion": "2.0",
		"creationDate":  "2026-01-01T00:00:00.000Z",
		"epcisBody":     map[string]any{"eventList": events},
	}
	bz, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("epcisbuild: %v", err))
	}
	return bz
}
