package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
)

// The story's identifiers (EPC URNs; the chain also accepts Digital Links).
var ids = []struct{ name, value string }{
	{"WHEAT_LOT", "urn:epc:class:lgtin:6901234.012345.WH-2026-07"},
	{"FLOUR_A", "urn:epc:class:lgtin:6902345.054321.FL-A"},
	{"FLOUR_B", "urn:epc:class:lgtin:6902345.054321.FL-B"},
	{"PALLET_1", "urn:epc:id:sscc:6902345.0000000011"},
	{"PALLET_2", "urn:epc:id:sscc:6902345.0000000012"},
	{"FARM_PARTY", "urn:epc:id:pgln:6901234.00000"},
	{"MILL_PARTY", "urn:epc:id:pgln:6902345.00000"},
	{"RETAIL_PARTY", "urn:epc:id:pgln:6904567.00000"},
	{"COLDLINE_PARTY", "urn:epc:id:pgln:6903456.00000"},
	{"FARM_FIELD", "urn:epc:id:sgln:6901234.00001.0"},
	{"MILL_SITE", "urn:epc:id:sgln:6902345.00001.0"},
	{"RETAIL_DC", "urn:epc:id:sgln:6904567.00001.0"},
	{"COLDLINE_DEPOT", "urn:epc:id:sgln:6903456.00001.0"},
	// Coldline Logistics' truck temperature sensor, named by its GS1 GIAI.
	{"TRUCK_SENSOR_GIAI", "urn:epc:id:giai:6903456.TRUCK7-T1"},
}

func id(name string) string {
	for _, i := range ids {
		if i.name == name {
			return i.value
		}
	}
	panic("demotool: no identifier " + name)
}

func printIDs(w io.Writer) error {
	for _, i := range ids {
		if _, err := fmt.Fprintf(w, "%s=%q\n", i.name, i.value); err != nil {
			return err
		}
	}
	return nil
}

// at is an event of the story happening offset from now.
func at(offset time.Duration, eventType, action string) epcisbuild.Event {
	return epcisbuild.NewClock(time.Now().Add(offset).Truncate(time.Second)).New(eventType, action)
}

func kg(class string, amount string) epcisbuild.Quantity {
	return epcisbuild.Quantity{Class: class, Amount: amount, UOM: "KGM"}
}

func class(c string) epcisbuild.Quantity { return epcisbuild.Quantity{Class: c} }

// stages are the documents of each stage of the story, by file name.
var stages = map[string]func() map[string][]epcisbuild.Event{
	// The farm's harvest and shipment, the mill's milling and packing, and
	// the retailer's mistake (shipping wheat it never held).
	"story": func() map[string][]epcisbuild.Event {
		return map[string][]epcisbuild.Event{
			"1-farm-harvest-and-ship.jsonld": {
				at(-5*time.Hour, "ObjectEvent", "ADD").BizStep("harvesting").Disposition("active").At(id("FARM_FIELD")).
					Qty(kg(id("WHEAT_LOT"), "2000")).
					ILMD(map[string]any{"cbvmda:harvestStartDate": time.Now().AddDate(0, 0, -1).UTC().Format("2006-01-02"), "cbvmda:countryOfOrigin": "CN"}),
				at(-4*time.Hour-30*time.Minute, "ObjectEvent", "OBSERVE").BizStep("cooling").Disposition("active").
					Set("bizLocation", map[string]any{"id": id("FARM_FIELD")}).Qty(class(id("WHEAT_LOT"))),
				at(-4*time.Hour, "ObjectEvent", "OBSERVE").BizStep("shipping").Disposition("in_transit").Qty(kg(id("WHEAT_LOT"), "2000")).
					BizTransaction("po", "urn:epcglobal:cbv:bt:6902345000018:PO-7781").FromOwner(id("FARM_PARTY")).
					ShipTo(id("MILL_PARTY"), id("MILL_PARTY")),
			},
			"2-mill-receive-mill-pack.jsonld": {
				at(-3*time.Hour, "ObjectEvent", "OBSERVE").BizStep("receiving").Disposition("in_progress").At(id("MILL_SITE")).
					Qty(class(id("WHEAT_LOT"))),
				at(-2*time.Hour, "TransformationEvent", "").BizStep("commissioning").Disposition("active").
					Set("bizLocation", map[string]any{"id": id("MILL_SITE")}).
					InputQty(kg(id("WHEAT_LOT"), "2000")).OutputQty(kg(id("FLOUR_A"), "750"), kg(id("FLOUR_B"), "750")),
				at(-90*time.Minute, "AggregationEvent", "ADD").BizStep("packing").Disposition("in_progress").
					Set("bizLocation", map[string]any{"id": id("MILL_SITE")}).Parent(id("PALLET_1")).ChildQty(class(id("FLOUR_A"))),
				at(-89*time.Minute, "AggregationEvent", "ADD").BizStep("packing").Disposition("in_progress").
					Set("bizLocation", map[string]any{"id": id("MILL_SITE")}).Parent(id("PALLET_2")).ChildQty(class(id("FLOUR_B"))),
				at(-time.Hour, "ObjectEvent", "OBSERVE").BizStep("staging_outbound").Disposition("in_progress").
					Set("bizLocation", map[string]any{"id": id("MILL_SITE")}).EPCs(id("PALLET_1"), id("PALLET_2")),
			},
			"7-retailer-mistake.jsonld": {
				at(-5*time.Minute, "ObjectEvent", "OBSERVE").BizStep("receiving").
					Set("bizLocation", map[string]any{"id": id("RETAIL_DC")}).EPCs(id("PALLET_1")),
				at(-4*time.Minute, "ObjectEvent", "OBSERVE").BizStep("shipping").Qty(class(id("WHEAT_LOT"))).
					Set("destinationList", []any{map[string]any{"type": "possessing_party", "destination": id("FARM_PARTY")}}),
			},
		}
	},
	// The mill ships both pallets to Coldline, naming the retailer their new
	// owner; Coldline receives them and ties its truck's sensor to them.
	"handover": func() map[string][]epcisbuild.Event {
		return map[string][]epcisbuild.Event{
			"3-mill-ship-to-coldline.jsonld": {
				at(0, "ObjectEvent", "OBSERVE").BizStep("shipping").Disposition("in_transit").EPCs(id("PALLET_1"), id("PALLET_2")).
					BizTransaction("po", "urn:epcglobal:cbv:bt:6904567000012:PO-3302").FromOwner(id("MILL_PARTY")).
					ShipTo(id("COLDLINE_PARTY"), id("RETAIL_PARTY")),
			},
			"4-coldline-receive-and-load.jsonld": {
				at(0, "ObjectEvent", "OBSERVE").BizStep("receiving").Disposition("in_progress").
					Set("bizLocation", map[string]any{"id": id("COLDLINE_DEPOT")}).EPCs(id("PALLET_1"), id("PALLET_2")),
				at(0, "AssociationEvent", "ADD").BizStep("loading").Set("bizLocation", map[string]any{"id": id("COLDLINE_DEPOT")}).
					Parent(id("TRUCK_SENSOR_GIAI")).Children(id("PALLET_1"), id("PALLET_2")),
			},
		}
	},
	// Coldline ships the pallets on to the retailer.
	"delivery": func() map[string][]epcisbuild.Event {
		return map[string][]epcisbuild.Event{
			"5-coldline-deliver.jsonld": {
				at(0, "ObjectEvent", "OBSERVE").BizStep("shipping").Disposition("in_transit").EPCs(id("PALLET_1"), id("PALLET_2")).
					From(id("COLDLINE_PARTY")).Set("destinationList", []any{map[string]any{"type": "possessing_party", "destination": id("RETAIL_PARTY")}}),
			},
		}
	},
	// The retailer receives them.
	"receipt": func() map[string][]epcisbuild.Event {
		return map[string][]epcisbuild.Event{
			"6-retailer-receive.jsonld": {
				at(0, "ObjectEvent", "OBSERVE").BizStep("receiving").Disposition("in_progress").At(id("RETAIL_DC")).
					EPCs(id("PALLET_1"), id("PALLET_2")),
			},
		}
	},
}

// writeDocuments writes a stage's documents into dir.
func writeDocuments(dir, stage string) error {
	docs, ok := stages[stage]
	if !ok {
		return fmt.Errorf("unknown stage %q: story, handover, delivery or receipt", stage)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, events := range docs() {
		if err := os.WriteFile(filepath.Join(dir, name), epcisbuild.Document(events...), 0o644); err != nil {
			return err
		}
	}
	return nil
}
