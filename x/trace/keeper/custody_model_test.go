package keeper_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

var (
	custodySteps = flag.Int("custody.steps", 10_000, "random steps of the custody model test")
	custodySeed  = flag.Int64("custody.seed", 20261207, "seed of the custody model test")
	custodyLog   = flag.Bool("custody.log", false, "log every step of the custody model test")
)

// TestCustodyModel drives random EPCIS events, recalls, error declarations
// and block ends by random member organizations over a small world of lots,
// pallets and devices, and checks after every step that the chain agrees
// with a plain model of who owns, who holds and what is recalled:
//
//   - ownership changes only by the owner's sale, or on receipt of the
//     owner's shipment that named a new owning party;
//   - quantities never go below zero;
//   - nothing recalled, or descended from recalled goods (as the genealogy
//     was when the recall started), moves, and no correction undoes it;
//   - a device is tied to goods only by its own organization, and every
//     object its readings are checked against was tied by that organization.
//
// A refused step must leave the chain exactly as it was.
func TestCustodyModel(t *testing.T) {
	w := newCustodyWorld(t, *custodySeed)
	for i := 0; i < *custodySteps; i++ {
		w.step(i)
	}
	w.endBlock()
	t.Logf("%d steps: %d accepted, %d refused, %d recalls, %d reverts", *custodySteps, w.accepted, w.refused, w.recalls, w.reverts)
	require.Greater(t, w.accepted, *custodySteps/5, "the world should let a good share of the steps through")
	require.Positive(t, w.recalls)
	require.Positive(t, w.reverts)
}

// modelObject is what the model knows of one object.
type modelObject struct {
	owner, holder string
	qty           string // decimal; "" for items and units
	status        types.ObjectStatus
	container     string
	shipment      *modelShipment
}

type modelShipment struct{ from, to, newOwner string }

// modelEvent is an accepted event: what to put back if it is reverted.
type modelEvent struct {
	event    epcisbuild.Event
	recorder keepertest.TraceOrg
	id       string
	before   map[string]*modelObject // nil: the object did not exist
	edges    [][2]string             // transformation edges it added
	names    []string                // objects the event names
}

type custodyWorld struct {
	t   *testing.T
	s   *story
	rng *rand.Rand

	orgs     []keepertest.TraceOrg
	prefixOf map[string]string // organization by company prefix
	lots     []string
	units    []string
	devices  []string

	canonical map[string]string // world URN → chain ID
	urns      map[string]string // chain ID → world URN

	objects map[string]*modelObject
	derived map[string][]string // transformation edges: input → outputs
	tainted map[string]bool
	events  []*modelEvent

	accepted, refused, recalls, reverts int
	checks, blocks                      int
}

func newCustodyWorld(t *testing.T, seed int64) *custodyWorld {
	s := newStory(t)
	s.clock.Step = 10 * time.Millisecond
	w := &custodyWorld{
		t: t, s: s, rng: rand.New(rand.NewSource(seed)),
		orgs:     []keepertest.TraceOrg{s.Farm, s.Mill, s.Logistics, s.Retailer, s.Regulator},
		prefixOf: map[string]string{},
		objects:  map[string]*modelObject{}, derived: map[string][]string{}, tainted: map[string]bool{},
		canonical: map[string]string{}, urns: map[string]string{},
	}
	for _, o := range []keepertest.TraceOrg{s.Farm, s.Mill, s.Logistics, s.Retailer} {
		w.prefixOf[o.Prefix] = o.ID
	}
	for _, o := range []keepertest.TraceOrg{s.Farm, s.Mill, s.Logistics, s.Retailer} {
		w.newLot(o)
		for i := 0; i < 2; i++ {
			w.units = append(w.units, fmt.Sprintf("urn:epc:id:sscc:%s.%s%d", o.Prefix, strings.Repeat("0", 16-len(o.Prefix)), i+1))
		}
	}
	w.devices = []string{"urn:epc:id:giai:" + s.Logistics.Prefix + ".TRUCK1", "urn:epc:id:giai:" + s.Farm.Prefix + ".COLDROOM1"}
	for _, id := range append(append([]string{}, w.units...), w.devices...) {
		w.canonical[id] = w.gid(id).URI
		w.urns[w.canonical[id]] = id
	}
	// Every organization's product keeps between 2 and 8 °C, so that
	// associations make storage targets.
	for _, lot := range w.lots {
		_, err := s.Msg.RegisterProduct(s.Ctx, &types.MsgRegisterProduct{
			Signer: w.orgOf(w.prefixHolder(lot)).Signer(), Gtin: w.gid(lot).Key, Name: "model product",
			MinTemperatureCelsius: "2", MaxTemperatureCelsius: "8",
		})
		require.NoError(t, err)
	}
	return w
}

// newLot adds a lot identifier of an organization's product to the world.
func (w *custodyWorld) newLot(o keepertest.TraceOrg) string {
	lot := fmt.Sprintf("urn:epc:class:lgtin:%s.0%s.L%d", o.Prefix, strings.Repeat("5", 12-len(o.Prefix)), len(w.lots))
	w.lots = append(w.lots, lot)
	w.canonical[lot] = w.gid(lot).URI
	w.urns[w.canonical[lot]] = lot
	return lot
}

// recent is the end of a list: the objects most steps act on.
func recent[T any](list []T, n int) []T {
	return slices.Clone(list[max(len(list)-n, 0):])
}

func (w *custodyWorld) gid(id string) gs1.Identifier {
	g, err := gs1.Parse(id)
	require.NoError(w.t, err, id)
	return g
}

func (w *custodyWorld) canon(id string) string {
	if c, ok := w.canonical[id]; ok {
		return c
	}
	return w.gid(id).URI
}

// prefixHolder is the organization holding an identifier's company prefix
// (the world's EPC URNs say where the prefix ends; Digital Links do not).
func (w *custodyWorld) prefixHolder(id string) string {
	if urn, ok := w.urns[id]; ok {
		id = urn
	}
	return w.prefixOf[w.gid(id).CompanyPrefix]
}

func (w *custodyWorld) orgOf(id string) keepertest.TraceOrg {
	for _, o := range w.orgs {
		if o.ID == id {
			return o
		}
	}
	w.t.Fatalf("no organization %q", id)
	return keepertest.TraceOrg{}
}

func (w *custodyWorld) pick(list []string) string { return list[w.rng.Intn(len(list))] }

func (w *custodyWorld) anyOrg() keepertest.TraceOrg { return w.orgs[w.rng.Intn(len(w.orgs))] }

// holderOf prefers an organization that may act on the object, so that most
// steps are ones the chain should accept; sometimes anyone tries.
func (w *custodyWorld) actorFor(id string) keepertest.TraceOrg {
	o := w.objects[w.canon(id)]
	if o == nil || w.rng.Intn(4) == 0 {
		return w.anyOrg()
	}
	if w.rng.Intn(2) == 0 {
		return w.orgOf(o.holder)
	}
	return w.orgOf(o.owner)
}

// target names an object in an event: units by EPC, lots by class.
func (w *custodyWorld) target(e epcisbuild.Event, id, amount string) epcisbuild.Event {
	if strings.Contains(id, ":class:") {
		return e.Qty(qty(id, amount))
	}
	return e.EPCs(id)
}

func (w *custodyWorld) step(i int) {
	s := w.s
	switch r := w.rng.Intn(100); {
	case r < 12: // commission a lot, mostly a new one of the organization's product
		org := w.anyOrg()
		lot := w.pick(recent(w.lots, 8))
		if org.Prefix != "" && w.rng.Intn(4) > 0 {
			lot = w.newLot(org)
		}
		w.capture(org, s.ev("ObjectEvent", "ADD").BizStep("commissioning").Qty(qty(lot, "100")))
	case r < 24: // ship, naming no owner, the receiver, the shipper or a third party
		id := w.pickObject()
		org := w.actorFor(id)
		to := w.anyOrg()
		owner := ""
		switch w.rng.Intn(4) {
		case 1:
			owner = to.Party()
		case 2:
			owner = org.Party()
		case 3:
			owner = w.anyOrg().Party()
		}
		if to.Prefix == "" || (owner == "urn:epc:id:pgln:.00000") {
			return // the regulator has no party GLN to ship to
		}
		w.capture(org, w.target(s.ev("ObjectEvent", "OBSERVE").BizStep("shipping").From(org.Party()).ShipTo(to.Party(), owner), id, ""))
	case r < 36: // receive
		id := w.pickObject()
		org := w.anyOrg()
		if o := w.objects[w.canon(id)]; o != nil && o.shipment != nil && w.rng.Intn(3) > 0 {
			org = w.orgOf(o.shipment.to)
		}
		w.capture(org, w.target(s.receiveAt(org), id, ""))
	case r < 44: // sell
		id := w.pickObject()
		org := w.actorFor(id)
		buyer := w.anyOrg()
		if buyer.Prefix == "" {
			return
		}
		w.capture(org, w.target(s.ev("TransactionEvent", "ADD").BizStep("holding").
			BizTransaction("inv", "urn:epcglobal:cbv:bt:6902345000001:INV-"+fmt.Sprint(i)).SellTo(buyer.Party()), id, ""))
	case r < 56: // pack
		unit := w.pick(w.units)
		child := w.pickObject()
		org := w.actorFor(child)
		e := s.ev("AggregationEvent", "ADD").BizStep("packing").Parent(unit)
		if strings.Contains(child, ":class:") {
			e = e.ChildQty(epcisbuild.Quantity{Class: child})
		} else {
			e = e.Children(child)
		}
		w.capture(org, e)
	case r < 62: // unpack
		unit := w.pick(w.units)
		w.capture(w.actorFor(unit), s.ev("AggregationEvent", "DELETE").BizStep("unpacking").Parent(unit))
	case r < 72: // transform part or all of a lot into another lot
		in := w.pickObject()
		org := w.actorFor(in)
		out := w.pick(recent(w.lots, 8))
		if org.Prefix != "" && w.rng.Intn(4) > 0 {
			out = w.newLot(org)
		}
		amount := []string{"", "10", "50", "100", "150"}[w.rng.Intn(5)]
		w.capture(org, s.ev("TransformationEvent", "").BizStep("commissioning").InputQty(qty(in, amount)).OutputQty(qty(out, "40")))
	case r < 76: // decommission
		lot := w.pickObject()
		amount := []string{"", "10", "200"}[w.rng.Intn(3)]
		w.capture(w.actorFor(lot), s.ev("ObjectEvent", "DELETE").BizStep("destroying").Qty(qty(lot, amount)))
	case r < 84: // tie a device to goods, or untie it
		device := w.pick(w.devices)
		id := w.pickObject()
		org := w.actorFor(id)
		action := "ADD"
		if w.rng.Intn(3) == 0 {
			action = "DELETE"
		}
		e := s.ev("AssociationEvent", action).BizStep("loading").Parent(device)
		if strings.Contains(id, ":class:") {
			e = e.ChildQty(epcisbuild.Quantity{Class: id})
		} else {
			e = e.Children(id)
		}
		w.capture(org, e)
	case r < 87: // recall, often goods that others were made from; try to undo their genealogy in the same block
		if w.recall(w.pickAncestor()) {
			for _, ev := range w.eventsAboutRecalled(3) {
				w.declare(ev)
			}
			for _, unit := range w.unitsHoldingRecalled(2) {
				w.capture(w.orgOf(w.objects[unit].holder), s.ev("AggregationEvent", "DELETE").BizStep("unpacking").Parent(w.urns[unit]))
			}
		}
	case r < 93: // declare an earlier event erroneous, often one about recalled goods
		if len(w.events) == 0 {
			return
		}
		if about := w.eventsAboutRecalled(1); len(about) > 0 && w.rng.Intn(2) == 0 {
			w.declare(about[0])
		} else {
			w.declare(w.events[w.rng.Intn(len(w.events))])
		}
	default:
		w.endBlock()
	}
}

// pickObject mostly picks one of the newest objects that exist and may
// still move, sometimes any identifier of the world.
func (w *custodyWorld) pickObject() string {
	if w.rng.Intn(10) == 0 {
		return w.pick(append(recent(w.lots, 12), w.units...))
	}
	var live []string
	for _, id := range append(recent(w.lots, 24), w.units...) {
		if o := w.objects[w.canon(id)]; o != nil && o.status == types.OBJECT_STATUS_ACTIVE {
			live = append(live, id)
		}
	}
	if len(live) == 0 {
		return w.pick(w.units)
	}
	return w.pick(live)
}

// eventsAboutRecalled picks up to n recent events that changed goods a
// recall covers, newest first.
func (w *custodyWorld) eventsAboutRecalled(n int) []*modelEvent {
	var out []*modelEvent
	for i := len(w.events) - 1; i >= 0 && i >= len(w.events)-200 && len(out) < n; i-- {
		ev := w.events[i]
		for _, id := range sortedKeys(ev.before) {
			if w.tainted[id] {
				out = append(out, ev)
				break
			}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// unitsHoldingRecalled lists up to n units that hold goods a recall covers.
func (w *custodyWorld) unitsHoldingRecalled(n int) []string {
	var out []string
	for _, id := range w.sortedIDs() {
		if c := w.objects[id].container; c != "" && w.tainted[id] && len(out) < n && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// pickAncestor mostly picks an object with products of products, whose
// recall must reach two generations down.
func (w *custodyWorld) pickAncestor() string {
	var grand []string
	for _, in := range w.sortedDerivedInputs() {
		for _, out := range w.derived[in] {
			if len(w.derived[out]) > 0 {
				grand = append(grand, in)
				break
			}
		}
	}
	if len(grand) == 0 || w.rng.Intn(3) == 0 {
		return w.pickObject()
	}
	return w.urns[w.pick(grand)]
}

func (w *custodyWorld) sortedDerivedInputs() []string {
	ids := make([]string, 0, len(w.derived))
	for id := range w.derived {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// capture submits one event; on acceptance the model checks the step was
// allowed and applies it, on refusal nothing may have changed.
func (w *custodyWorld) capture(org keepertest.TraceOrg, e epcisbuild.Event) {
	w.t.Helper()
	ids, err := w.s.Capture(org.Signer(), epcisbuild.Document(e))
	if *custodyLog {
		bz, _ := json.Marshal(e)
		w.t.Logf("%s: %s -> %v", org.ID, bz, err)
	}
	if err != nil {
		w.refused++
		w.requireAgreement("after a refused " + describe(e))
		return
	}
	w.accepted++
	before := w.snapshot()
	ev := &modelEvent{event: e, recorder: org, id: ids[0]}
	w.apply(org, e, ev)
	ev.before = map[string]*modelObject{}
	for id, o := range w.objects {
		if prev, ok := before[id]; !ok || !sameObject(prev, o) {
			ev.before[id] = prev
		}
	}
	w.events = append(w.events, ev)
	w.requireAgreement("after " + org.ID + "'s " + describe(e))
}

func describe(e epcisbuild.Event) string {
	return fmt.Sprintf("%v %v %v", e["type"], e["action"], e["bizStep"])
}

func (w *custodyWorld) violation(format string, args ...any) {
	w.t.Helper()
	w.t.Fatalf("custody rule broken: "+format, args...)
}

// names lists the objects an event names, canonical.
func (w *custodyWorld) names(e epcisbuild.Event) []string {
	var out []string
	for _, field := range []string{"epcList", "childEPCs"} {
		if list, ok := e[field].([]string); ok {
			for _, id := range list {
				out = append(out, w.canon(id))
			}
		}
	}
	for _, field := range []string{"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"} {
		if list, ok := e[field].([]any); ok {
			for _, q := range list {
				out = append(out, w.canon(q.(map[string]any)["epcClass"].(string)))
			}
		}
	}
	if p, ok := e["parentID"].(string); ok && !strings.Contains(p, ":giai:") {
		out = append(out, w.canon(p))
	}
	return out
}

func amountOf(e epcisbuild.Event, field string) string {
	list, _ := e[field].([]any)
	if len(list) == 0 {
		return ""
	}
	n, _ := list[0].(map[string]any)["quantity"].(json.Number)
	return string(n)
}

// sight returns the model object, commissioning it on first sight by the
// holder of its prefix, as the chain does, with the amount the event names.
func (w *custodyWorld) sight(org keepertest.TraceOrg, id, amount string) *modelObject {
	if o := w.objects[id]; o != nil {
		return o
	}
	if w.prefixHolder(id) != org.ID {
		w.violation("%s used %s, which did not exist and is not under its prefix", org.ID, id)
	}
	o := &modelObject{owner: org.ID, holder: org.ID, qty: amount, status: types.OBJECT_STATUS_ACTIVE}
	w.objects[id] = o
	return o
}

// closure is an object and everything packed in it.
func (w *custodyWorld) closure(id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		for _, other := range w.sortedIDs() {
			if w.objects[other].container == out[i] {
				out = append(out, other)
			}
		}
	}
	return out
}

func (w *custodyWorld) sortedIDs() []string {
	ids := make([]string, 0, len(w.objects))
	for id := range w.objects {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (w *custodyWorld) requireMovable(org keepertest.TraceOrg, what string, ids ...string) {
	w.t.Helper()
	for _, id := range ids {
		o := w.objects[id]
		if w.tainted[id] {
			w.violation("%s was allowed to %s %s, which is recalled or descends from recalled goods", org.ID, what, id)
		}
		if o.status != types.OBJECT_STATUS_ACTIVE {
			w.violation("%s was allowed to %s %s, which is %s", org.ID, what, id, o.status)
		}
	}
}

func (w *custodyWorld) requireHolder(org keepertest.TraceOrg, what, id string) {
	w.t.Helper()
	if o := w.objects[id]; o.owner != org.ID && o.holder != org.ID {
		w.violation("%s was allowed to %s %s, owned by %s and held by %s", org.ID, what, id, o.owner, o.holder)
	}
}

// apply checks that an accepted event was allowed and applies it to the model.
func (w *custodyWorld) apply(org keepertest.TraceOrg, e epcisbuild.Event, ev *modelEvent) {
	w.t.Helper()
	names := w.names(e)
	ev.names = names
	switch e["type"] {
	case "ObjectEvent":
		switch {
		case e["action"] == "ADD":
			id := names[0]
			if w.prefixHolder(id) != org.ID {
				w.violation("%s commissioned %s under another organization's prefix", org.ID, id)
			}
			if w.objects[id] != nil {
				w.violation("%s commissioned %s twice", org.ID, id)
			}
			w.objects[id] = &modelObject{owner: org.ID, holder: org.ID, qty: "100", status: types.OBJECT_STATUS_ACTIVE}
		case e["action"] == "DELETE":
			id := names[0]
			w.requireHolder(org, "destroy", id)
			o := w.objects[id]
			w.take(org, "destroy", o, id, amountOf(e, "quantityList"), types.OBJECT_STATUS_DECOMMISSIONED)
		case e["bizStep"] == "shipping":
			id := names[0]
			o := w.sight(org, id, "")
			w.requireHolder(org, "ship", id)
			if o.container != "" {
				w.violation("%s shipped %s out of %s", org.ID, id, o.container)
			}
			all := w.closure(id)
			w.requireMovable(org, "ship", all...)
			to, newOwner := w.destination(e)
			if newOwner != "" {
				for _, c := range all {
					if owner := w.objects[c].owner; owner != org.ID && owner != newOwner {
						w.violation("%s, custodian, shipped %s owned by %s naming %s as its new owner", org.ID, c, owner, newOwner)
					}
				}
			}
			o.shipment = &modelShipment{from: org.ID, to: to, newOwner: newOwner}
		case e["bizStep"] == "receiving":
			id := names[0]
			o := w.objects[id]
			if o == nil {
				w.violation("%s received %s, which does not exist", org.ID, id)
			}
			if o.shipment == nil {
				if o.holder != org.ID {
					w.violation("%s received %s without a shipment to it", org.ID, id)
				}
				return
			}
			if o.shipment.to != org.ID {
				w.violation("%s received %s, shipped to %s", org.ID, id, o.shipment.to)
			}
			sh := o.shipment
			for _, c := range w.closure(id) {
				co := w.objects[c]
				co.holder = org.ID
				if sh.newOwner != "" && co.owner == sh.from {
					co.owner = sh.newOwner
				}
			}
			o.shipment = nil
		}
	case "TransactionEvent":
		id := names[0]
		o := w.sight(org, id, "")
		all := w.closure(id)
		_, buyer := w.destination(e)
		if o.owner != org.ID {
			w.violation("%s sold %s, owned by %s", org.ID, id, o.owner)
		}
		for _, c := range all {
			if owner := w.objects[c].owner; owner != org.ID && owner != buyer {
				w.violation("%s sold %s, owned by %s, with %s", org.ID, c, owner, id)
			}
		}
		if o.container != "" {
			w.violation("%s sold %s out of %s", org.ID, id, o.container)
		}
		w.requireMovable(org, "sell", all...)
		for _, c := range all {
			w.objects[c].owner = buyer
		}
	case "AggregationEvent":
		parent := w.canon(e["parentID"].(string))
		if e["action"] == "DELETE" {
			w.requireHolder(org, "unpack", parent)
			for _, c := range w.sortedIDs() {
				if w.objects[c].container == parent {
					w.objects[c].container = ""
				}
			}
			return
		}
		child := names[0]
		if w.objects[parent] == nil {
			if w.prefixHolder(parent) != org.ID {
				w.violation("%s packed into %s, a new unit under another organization's prefix", org.ID, parent)
			}
			w.objects[parent] = &modelObject{owner: org.ID, holder: org.ID, status: types.OBJECT_STATUS_ACTIVE}
		}
		w.sight(org, child, "")
		w.requireHolder(org, "pack into", parent)
		w.requireHolder(org, "pack", child)
		w.requireMovable(org, "pack", parent, child)
		w.objects[child].container = parent
	case "TransformationEvent":
		in, out := names[0], names[1]
		o := w.sight(org, in, amountOf(e, "inputQuantityList"))
		w.requireHolder(org, "transform", in)
		w.requireMovable(org, "transform", in)
		owner := o.owner
		w.take(org, "transform", o, in, amountOf(e, "inputQuantityList"), types.OBJECT_STATUS_CONSUMED)
		if w.prefixHolder(out) != org.ID || w.objects[out] != nil {
			w.violation("%s made %s, not a new lot under its prefix", org.ID, out)
		}
		// Processing another's goods makes the owner's goods: the processor
		// holds them.
		w.objects[out] = &modelObject{owner: owner, holder: org.ID, qty: "40", status: types.OBJECT_STATUS_ACTIVE}
		w.derived[in] = append(w.derived[in], out)
		ev.edges = append(ev.edges, [2]string{in, out})
	case "AssociationEvent":
		device := e["parentID"].(string)
		if holder := w.prefixHolder(device); holder != org.ID {
			w.violation("%s tied %s's device %s to goods", org.ID, holder, device)
		}
		w.sight(org, names[0], "")
		if e["action"] == "ADD" {
			w.requireHolder(org, "tie a device to", names[0])
		}
	}
}

// take removes an amount from a lot (all of it when amount is empty).
func (w *custodyWorld) take(org keepertest.TraceOrg, what string, o *modelObject, id, amount string, spent types.ObjectStatus) {
	w.t.Helper()
	if o.status != types.OBJECT_STATUS_ACTIVE {
		w.violation("%s was allowed to %s %s, which is %s", org.ID, what, id, o.status)
	}
	if o.container != "" {
		w.violation("%s was allowed to %s %s inside %s", org.ID, what, id, o.container)
	}
	if amount == "" {
		o.status = spent
		return
	}
	if o.qty == "" {
		w.violation("%s took %s from %s, which has no recorded quantity", org.ID, amount, id)
	}
	have, take := sdkmath.LegacyMustNewDecFromStr(o.qty), sdkmath.LegacyMustNewDecFromStr(amount)
	if take.GT(have) {
		w.violation("%s took %s from %s, which held %s", org.ID, amount, id, o.qty)
	}
	left := have.Sub(take)
	o.qty = trimDec(left)
	if !left.IsPositive() {
		o.status = spent
	}
}

func trimDec(d sdkmath.LegacyDec) string {
	s := strings.TrimRight(d.String(), "0")
	return strings.TrimSuffix(s, ".")
}

// destination reads the receiving and the owning party of an event.
func (w *custodyWorld) destination(e epcisbuild.Event) (to, owner string) {
	list, _ := e["destinationList"].([]any)
	for _, d := range list {
		m := d.(map[string]any)
		org := w.prefixOf[strings.TrimSuffix(strings.TrimPrefix(m["destination"].(string), "urn:epc:id:pgln:"), ".00000")]
		if m["type"] == "owning_party" {
			owner = org
		} else {
			to = org
		}
	}
	if to == "" {
		to = owner
	}
	return to, owner
}

// recall asks a random organization (mostly one entitled) to recall; it
// reports whether the chain accepted.
func (w *custodyWorld) recall(id string) bool {
	w.t.Helper()
	cid := w.canon(id)
	org := w.anyOrg()
	if o := w.objects[cid]; o != nil && w.rng.Intn(2) == 0 {
		org = w.orgOf(o.owner)
	}
	_, err := w.s.Msg.RecallLot(w.s.Ctx, &types.MsgRecallLot{Signer: org.Signer(), ObjectId: id, Reason: "model"})
	if err != nil {
		w.requireAgreement("after a refused recall")
		return false
	}
	o := w.objects[cid]
	if o == nil {
		w.violation("%s recalled %s, which does not exist", org.ID, cid)
	}
	if org.ID != o.owner && org.ID != w.prefixHolder(cid) && org.ID != w.s.Regulator.ID {
		w.violation("%s recalled %s, owned by %s", org.ID, cid, o.owner)
	}
	w.recalls++
	// The recall covers what the genealogy holds now: products made from
	// the goods and the units they are packed in, and on from those.
	queue := []string{cid}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if w.tainted[cur] {
			continue
		}
		w.tainted[cur] = true
		queue = append(queue, w.derived[cur]...)
		if c := w.objects[cur]; c != nil && c.container != "" {
			queue = append(queue, c.container)
		}
	}
	return true
}

// declare repeats an earlier event with an error declaration, as its
// recorder or (sometimes) another organization.
func (w *custodyWorld) declare(ev *modelEvent) {
	w.t.Helper()
	org := ev.recorder
	if w.rng.Intn(4) == 0 {
		org = w.anyOrg()
	}
	declared := epcisbuild.Event{}
	for k, v := range ev.event {
		declared[k] = v
	}
	declared["errorDeclaration"] = map[string]any{"declarationTime": "2026-03-01T08:00:00.000Z", "reason": "incorrect_data"}
	if _, err := w.s.Capture(org.Signer(), epcisbuild.Document(declared)); err != nil {
		w.requireAgreement("after a refused error declaration")
		return
	}
	if org.ID != ev.recorder.ID {
		w.violation("%s declared %s's event erroneous", org.ID, ev.recorder.ID)
	}
	rec, err := w.s.Keeper.Events.Get(w.s.Ctx, ev.id)
	require.NoError(w.t, err)
	if rec.ErrorDeclaration.Reverted {
		w.reverts++
		for id := range ev.before {
			if w.tainted[id] {
				w.violation("the declaration of %s undid the event for %s, which is under recall", ev.id, id)
			}
		}
		for _, id := range ev.names {
			if w.tainted[id] {
				w.violation("the declaration of %s undid the event naming %s, which is under recall", ev.id, id)
			}
		}
		for id, prev := range ev.before {
			if prev == nil {
				delete(w.objects, id)
			} else {
				cp := *prev
				w.objects[id] = &cp
			}
		}
		for _, e := range ev.edges {
			outs := w.derived[e[0]]
			for i, o := range outs {
				if o == e[1] {
					w.derived[e[0]] = append(outs[:i:i], outs[i+1:]...)
					break
				}
			}
		}
	}
	w.requireAgreement("after the error declaration of " + ev.id)
}

// endBlock ends the block: recalls spread. Once none is propagating, the
// chain's recall marks are exactly the model's.
func (w *custodyWorld) endBlock() {
	w.t.Helper()
	w.s.EndBlock(w.t)
	active := false
	require.NoError(w.t, w.s.Keeper.ActiveRecalls.Walk(w.s.Ctx, nil, func(uint64) (bool, error) { active = true; return true, nil }))
	w.blocks++
	full := w.blocks%5 == 0
	if !active {
		ids := w.sortedIDs()
		if !full {
			ids = ids[:0]
			for _, id := range append(recent(w.lots, 32), w.units...) {
				if w.objects[w.canon(id)] != nil {
					ids = append(ids, w.canon(id))
				}
			}
		}
		for _, id := range ids {
			obj, err := w.s.Keeper.Objects.Get(w.s.Ctx, id)
			require.NoError(w.t, err)
			if marked := obj.RecallId != 0; marked != w.tainted[id] {
				w.violation("%s: recalled on chain %v, in the genealogy of a recall %v", id, marked, w.tainted[id])
			}
		}
	}
	if full {
		w.requireAllAgree("after a block")
	} else {
		w.requireAgreement("after a block")
	}
}

func (w *custodyWorld) snapshot() map[string]*modelObject {
	out := make(map[string]*modelObject, len(w.objects))
	for id, o := range w.objects {
		cp := *o
		if o.shipment != nil {
			sh := *o.shipment
			cp.shipment = &sh
		}
		out[id] = &cp
	}
	return out
}

func sameObject(a, b *modelObject) bool {
	if (a.shipment == nil) != (b.shipment == nil) || (a.shipment != nil && *a.shipment != *b.shipment) {
		return false
	}
	return a.owner == b.owner && a.holder == b.holder && a.qty == b.qty && a.status == b.status && a.container == b.container
}

// requireAgreement compares the objects on chain with the model, and the
// devices' storage targets with who tied them: every object every 50th
// step and after each block, otherwise the objects most steps act on (an
// object changed out of turn is caught at the next full comparison).
func (w *custodyWorld) requireAgreement(when string) {
	w.t.Helper()
	w.checks++
	if w.checks%50 == 0 {
		w.requireAllAgree(when)
	} else {
		for _, id := range append(recent(w.lots, 32), w.units...) {
			w.requireObjectAgrees(when, w.canon(id))
		}
	}
	w.requireTargetsTiedByDeviceOrg(when)
}

func (w *custodyWorld) requireAllAgree(when string) {
	w.t.Helper()
	seen := 0
	err := w.s.Keeper.Objects.Walk(w.s.Ctx, nil, func(id string, _ types.TraceObject) (bool, error) {
		seen++
		w.requireObjectAgrees(when, id)
		return false, nil
	})
	require.NoError(w.t, err)
	if seen != len(w.objects) {
		w.violation("%s: %d objects on chain, %d in the model", when, seen, len(w.objects))
	}
}

func (w *custodyWorld) requireObjectAgrees(when, id string) {
	w.t.Helper()
	ctx := w.s.Ctx
	m := w.objects[id]
	obj, err := w.s.Keeper.Objects.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		if m != nil {
			w.violation("%s: %s is in the model, not on chain", when, id)
		}
		return
	}
	require.NoError(w.t, err)
	if m == nil {
		w.violation("%s: %s exists on chain, not in the model", when, id)
	}
	if obj.OwnerOrgId != m.owner || obj.CustodianOrgId != m.holder {
		w.violation("%s: %s is owned by %s and held by %s; the model says %s and %s", when, id, obj.OwnerOrgId, obj.CustodianOrgId, m.owner, m.holder)
	}
	if obj.Status != m.status || obj.ContainerId != m.container {
		w.violation("%s: %s is %s in %q; the model says %s in %q", when, id, obj.Status, obj.ContainerId, m.status, m.container)
	}
	if obj.Quantity != "" {
		q := sdkmath.LegacyMustNewDecFromStr(obj.Quantity)
		if q.IsNegative() {
			w.violation("%s: %s holds %s", when, id, obj.Quantity)
		}
		if trimDec(q) != m.qty {
			w.violation("%s: %s holds %s; the model says %s", when, id, obj.Quantity, m.qty)
		}
	}
	sh, err := w.s.Keeper.Shipments.Get(ctx, id)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		if m.shipment != nil {
			w.violation("%s: %s has no shipment on chain; the model has one to %s", when, id, m.shipment.to)
		}
	case err != nil:
		require.NoError(w.t, err)
	default:
		if m.shipment == nil || sh.FromOrgId != m.shipment.from || sh.ToOrgId != m.shipment.to || sh.NewOwnerOrgId != m.shipment.newOwner {
			w.violation("%s: %s's shipment %+v differs from the model's %+v", when, id, sh, m.shipment)
		}
	}
}

// requireTargetsTiedByDeviceOrg: a device's readings are held only against
// goods its own organization tied it to.
func (w *custodyWorld) requireTargetsTiedByDeviceOrg(when string) {
	w.t.Helper()
	ctx := w.s.Ctx
	atMs := uint64(w.s.clock.Next.UnixMilli())
	for _, device := range w.devices {
		targets, _, err := w.s.Keeper.StorageTargets(ctx, w.canon(device), atMs, 1000)
		require.NoError(w.t, err)
		for _, tg := range targets {
			rec, err := w.s.Keeper.Events.Get(ctx, tg.AssociationEventID)
			require.NoError(w.t, err)
			if rec.RecorderOrgId != w.prefixHolder(device) {
				w.violation("%s: readings of %s (%s's) would be held against %s, tied by %s", when, device, w.prefixHolder(device), tg.ObjectID, rec.RecorderOrgId)
			}
		}
	}
}
