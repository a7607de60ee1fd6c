# EPCIS 2.0 documents of the demo's provenance story, written with event
# times relative to now so that they are never in the chain's future.
# Sourced by demo.sh and by the end-to-end test's script.

# Identifiers of the story (EPC URNs; the chain also accepts Digital Link).
WHEAT_LOT="urn:epc:class:lgtin:6901234.012345.WH-2026-07"
FLOUR_A="urn:epc:class:lgtin:6902345.054321.FL-A"
FLOUR_B="urn:epc:class:lgtin:6902345.054321.FL-B"
PALLET_1="urn:epc:id:sscc:6902345.0000000011"
PALLET_2="urn:epc:id:sscc:6902345.0000000012"
FARM_PARTY="urn:epc:id:pgln:6901234.00000"
MILL_PARTY="urn:epc:id:pgln:6902345.00000"
RETAIL_PARTY="urn:epc:id:pgln:6904567.00000"
COLDLINE_PARTY="urn:epc:id:pgln:6903456.00000"
FARM_FIELD="urn:epc:id:sgln:6901234.00001.0"
MILL_SITE="urn:epc:id:sgln:6902345.00001.0"
RETAIL_DC="urn:epc:id:sgln:6904567.00001.0"
COLDLINE_DEPOT="urn:epc:id:sgln:6903456.00001.0"
# Coldline Logistics' truck temperature sensor, named by its GS1 GIAI.
TRUCK_SENSOR_GIAI="urn:epc:id:giai:6903456.TRUCK7-T1"

# at OFFSET: an EPCIS timestamp, e.g. at "-3 hours".
at() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S.000Z; }

epcis_document() {
	printf '{\n  "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],\n'
	printf '  "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "%s",\n' "$(at now)"
	printf '  "epcisBody": {"eventList": [\n%s\n  ]}\n}\n' "$1"
}

# write_story_documents DIR: the farm's and the mill's documents, and the
# retailer's mistake. What Coldline and the retailer record during the
# transport is written when it happens (write_transport_documents).
write_story_documents() {
	local dir=$1
	mkdir -p "$dir"
	epcis_document "$(cat <<JSON
    {"type": "ObjectEvent", "action": "ADD", "bizStep": "harvesting", "disposition": "active",
     "eventTime": "$(at '-5 hours')", "eventTimeZoneOffset": "+08:00",
     "quantityList": [{"epcClass": "$WHEAT_LOT", "quantity": 2000, "uom": "KGM"}],
     "readPoint": {"id": "$FARM_FIELD"}, "bizLocation": {"id": "$FARM_FIELD"},
     "ilmd": {"cbvmda:harvestStartDate": "$(date -u -d '-1 day' +%Y-%m-%d)", "cbvmda:countryOfOrigin": "CN"}},
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "cooling", "disposition": "active",
     "eventTime": "$(at '-4 hours 30 minutes')", "eventTimeZoneOffset": "+08:00",
     "quantityList": [{"epcClass": "$WHEAT_LOT"}], "bizLocation": {"id": "$FARM_FIELD"}},
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
     "eventTime": "$(at '-4 hours')", "eventTimeZoneOffset": "+08:00",
     "quantityList": [{"epcClass": "$WHEAT_LOT", "quantity": 2000, "uom": "KGM"}],
     "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:6902345000018:PO-7781"}],
     "sourceList": [{"type": "owning_party", "source": "$FARM_PARTY"}],
     "destinationList": [{"type": "owning_party", "destination": "$MILL_PARTY"},
                         {"type": "possessing_party", "destination": "$MILL_PARTY"}]}
JSON
)" >"$dir/1-farm-harvest-and-ship.jsonld"

	epcis_document "$(cat <<JSON
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving", "disposition": "in_progress",
     "eventTime": "$(at '-3 hours')", "eventTimeZoneOffset": "+08:00",
     "quantityList": [{"epcClass": "$WHEAT_LOT"}],
     "readPoint": {"id": "$MILL_SITE"}, "bizLocation": {"id": "$MILL_SITE"}},
    {"type": "TransformationEvent", "bizStep": "commissioning", "disposition": "active",
     "eventTime": "$(at '-2 hours')", "eventTimeZoneOffset": "+08:00",
     "inputQuantityList": [{"epcClass": "$WHEAT_LOT", "quantity": 2000, "uom": "KGM"}],
     "outputQuantityList": [{"epcClass": "$FLOUR_A", "quantity": 750, "uom": "KGM"},
                            {"epcClass": "$FLOUR_B", "quantity": 750, "uom": "KGM"}],
     "bizLocation": {"id": "$MILL_SITE"}},
    {"type": "AggregationEvent", "action": "ADD", "bizStep": "packing", "disposition": "in_progress",
     "eventTime": "$(at '-1 hours 30 minutes')", "eventTimeZoneOffset": "+08:00",
     "parentID": "$PALLET_1", "childQuantityList": [{"epcClass": "$FLOUR_A"}], "bizLocation": {"id": "$MILL_SITE"}},
    {"type": "AggregationEvent", "action": "ADD", "bizStep": "packing", "disposition": "in_progress",
     "eventTime": "$(at '-1 hours 29 minutes')", "eventTimeZoneOffset": "+08:00",
     "parentID": "$PALLET_2", "childQuantityList": [{"epcClass": "$FLOUR_B"}], "bizLocation": {"id": "$MILL_SITE"}},
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "staging_outbound", "disposition": "in_progress",
     "eventTime": "$(at '-1 hours')", "eventTimeZoneOffset": "+08:00",
     "epcList": ["$PALLET_1", "$PALLET_2"], "bizLocation": {"id": "$MILL_SITE"}}
JSON
)" >"$dir/2-mill-receive-mill-pack.jsonld"

	# A mistake: the retailer tries to ship the farm's wheat, which it never held.
	epcis_document "$(cat <<JSON
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving",
     "eventTime": "$(at '-5 minutes')", "eventTimeZoneOffset": "+08:00",
     "epcList": ["$PALLET_1"], "bizLocation": {"id": "$RETAIL_DC"}},
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping",
     "eventTime": "$(at '-4 minutes')", "eventTimeZoneOffset": "+08:00",
     "quantityList": [{"epcClass": "$WHEAT_LOT"}],
     "destinationList": [{"type": "possessing_party", "destination": "$FARM_PARTY"}]}
JSON
)" >"$dir/7-retailer-mistake.jsonld"
}

# write_transport_documents DIR STAGE: what happens on the road, stamped
# when it happens (events cited as delivery evidence must fall inside the
# order's service window). handover: the mill ships both pallets to
# Coldline, naming the retailer their new owner; Coldline receives them and
# ties its truck's sensor to them. delivery: Coldline ships them on to the
# retailer. receipt: the retailer receives them.
write_transport_documents() {
	local dir=$1 stage=$2
	mkdir -p "$dir"
	case $stage in
	handover)
		epcis_document "$(cat <<JSON
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
     "eventTime": "$(at now)", "eventTimeZoneOffset": "+08:00",
     "epcList": ["$PALLET_1", "$PALLET_2"],
     "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:6904567000012:PO-3302"}],
     "sourceList": [{"type": "owning_party", "source": "$MILL_PARTY"}],
     "destinationList": [{"type": "owning_party", "destination": "$RETAIL_PARTY"},
                         {"type": "possessing_party", "destination": "$COLDLINE_PARTY"}]}
JSON
)" >"$dir/3-mill-ship-to-coldline.jsonld"
		epcis_document "$(cat <<JSON
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving", "disposition": "in_progress",
     "eventTime": "$(at now)", "eventTimeZoneOffset": "+08:00",
     "epcList": ["$PALLET_1", "$PALLET_2"], "bizLocation": {"id": "$COLDLINE_DEPOT"}},
    {"type": "AssociationEvent", "action": "ADD", "bizStep": "loading",
     "eventTime": "$(at now)", "eventTimeZoneOffset": "+08:00",
     "parentID": "$TRUCK_SENSOR_GIAI", "childEPCs": ["$PALLET_1", "$PALLET_2"], "bizLocation": {"id": "$COLDLINE_DEPOT"}}
JSON
)" >"$dir/4-coldline-receive-and-load.jsonld"
		;;
	delivery)
		epcis_document "$(cat <<JSON
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
     "eventTime": "$(at now)", "eventTimeZoneOffset": "+08:00",
     "epcList": ["$PALLET_1", "$PALLET_2"],
     "sourceList": [{"type": "possessing_party", "source": "$COLDLINE_PARTY"}],
     "destinationList": [{"type": "possessing_party", "destination": "$RETAIL_PARTY"}]}
JSON
)" >"$dir/5-coldline-deliver.jsonld"
		;;
	receipt)
		epcis_document "$(cat <<JSON
    {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving", "disposition": "in_progress",
     "eventTime": "$(at now)", "eventTimeZoneOffset": "+08:00",
     "epcList": ["$PALLET_1", "$PALLET_2"],
     "readPoint": {"id": "$RETAIL_DC"}, "bizLocation": {"id": "$RETAIL_DC"}}
JSON
)" >"$dir/6-retailer-receive.jsonld"
		;;
	esac
}
