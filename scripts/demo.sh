#!/usr/bin/env bash
# make demo: a one-validator TraceChain whose genesis holds a consortium
# (networks/consortium.json), a short story of what the foundation does,
# then the node keeps running in the foreground until Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# DEMO_DIR and DEMO_BASE_PORT move the demo elsewhere (the end-to-end test
# runs it beside other chains); DEMO_STORY_ONLY=1 stops the node once the
# story is told instead of following blocks.
demo=${DEMO_DIR:-"$repo/build/demo"}
base_port=${DEMO_BASE_PORT:-26650}
rpc_port=$((base_port + 7))
api_port=$((base_port + 1))
indexer_port=$((base_port + 9))
home="$demo/node0"
chain_id=tracechain-demo-1
keys=(--home "$home" --keyring-backend test)
txflags=(--home "$home" --keyring-backend test --chain-id "$chain_id" --output json --yes)

# demotool writes the story's EPCIS documents (with the Go builder the tests
# use) and reads fields out of the CLI's JSON answers.
demotool=${DEMOTOOL_BIN:-"$repo/build/demotool"}
mkdir -p "$(dirname "$demotool")"
(cd "$repo" && go build -o "$demotool" ./scripts/demo/demotool) || fail "could not build $demotool"
eval "$("$demotool" ids)"

# tx_code / tx_hash / raw_log JSON: fields of a broadcast reply or query-tx
# answer (a reply without a code succeeded; text that is no reply has none).
tx_code() {
	if "$demotool" json txhash <<<"$1" >/dev/null 2>&1; then
		"$demotool" json code <<<"$1" 2>/dev/null || echo 0
	fi
}
tx_hash() { "$demotool" json txhash <<<"$1"; }
raw_log() { "$demotool" json raw_log <<<"$1" 2>/dev/null; }

if rpc_get "127.0.0.1:$rpc_port" /status >/dev/null 2>&1; then
	fail "something already serves 127.0.0.1:$rpc_port (an earlier demo or localnet?); stop it first"
fi

step "Creating a fresh consortium chain in $demo (the previous demo, if any, is replaced)"
rm -rf "$demo"
"$bin" localnet --validators 1 --output-dir "$demo" --chain-id "$chain_id" --base-port "$base_port" \
	--consortium "$repo/networks/consortium.json" | sed 's/^/  /'

step "Starting the node (log: $demo/node0.log)"
"$bin" start --home "$home" --log_no_color >"$demo/node0.log" 2>&1 &
node=$!
step "Starting the indexer beside it (log: $demo/indexer.log)"
"$traceindexd" start --node "tcp://127.0.0.1:$rpc_port" --home "$demo/indexer" --listen "127.0.0.1:$indexer_port" >"$demo/indexer.log" 2>&1 &
indexer=$!
# The node and the indexer stop with the demo, however the demo ends.
trap 'kill $indexer $node 2>/dev/null; wait $indexer $node 2>/dev/null' EXIT
trap 'printf "\nStopping the node...\n"; exit 0' INT TERM
wait_height "$home" 2 60 || fail "the node did not produce blocks; see $demo/node0.log"
ok "blocks are being produced (height $(height "$home"))"

step "The consortium in genesis"
"$bin" query membership organizations --home "$home" --output json | "$demotool" json --each organizations id name |
	sed 's/^/  /; s/\t/  /'
authority=$("$bin" keys show authority -a "${keys[@]}")
ok "authority: $authority (2-of-3 multisig of regulator, mill and retailer)"

step "The authority admits a food-inspection lab (two of three sign through the CLI)"
lab_admin=$("$bin" keys add lab-admin "${keys[@]}" --output json | "$demotool" json address)
unsigned="$demo/register-lab.json"
"$bin" tx membership register-organization 91350600MA2XY0066N "Fujian Food Inspection Lab" "$lab_admin" certifier \
	--from authority --generate-only --home "$home" --keyring-backend test --chain-id "$chain_id" >"$unsigned"
for signer in authority-regulator authority-retailer; do
	"$bin" tx sign "$unsigned" --multisig authority --from "$signer" --output-document "$demo/$signer.sig.json" \
		--home "$home" --keyring-backend test --chain-id "$chain_id"
	ok "$signer signed"
done
"$bin" tx multisign "$unsigned" authority "$demo/authority-regulator.sig.json" "$demo/authority-retailer.sig.json" \
	--home "$home" --keyring-backend test --chain-id "$chain_id" >"$demo/register-lab.signed.json"
reply=$("$bin" tx broadcast "$demo/register-lab.signed.json" --home "$home" --output json)
result=$(wait_tx "$home" "$(tx_hash "$reply")") || fail "registration not committed"
[ "$(tx_code "$result")" = 0 ] || fail "registration failed: $(raw_log "$result")"
ok "Fujian Food Inspection Lab is a member (CERTIFIER), admin $lab_admin"

step "The farm's ADMIN adds a field-sensor gateway account to the farm"
gw=$("$bin" keys add farm-field-gateway "${keys[@]}" --output json | "$demotool" json address)
reply=$("$bin" tx membership add-member 91350200MA2XY0022H "$gw" gateway --from farm-admin "${txflags[@]}")
result=$(wait_tx "$home" "$(tx_hash "$reply")") || fail "add-member not committed"
[ "$(tx_code "$result")" = 0 ] || fail "add-member failed: $(raw_log "$result")"
ok "farm-field-gateway acts for Green Valley Wheat Farm"

step "A stranger tries the same and is refused before its signature is even checked"
stranger=$("$bin" keys add stranger "${keys[@]}" --output json | "$demotool" json address)
reply=$("$bin" tx membership add-member 91350200MA2XY0022H "$stranger" admin --from stranger --offline \
	--account-number 0 --sequence 0 "${txflags[@]}" 2>&1 || true)
refusal=$(raw_log "$reply")
[[ "$refusal" == *"is not a member of any organization"* ]] || fail "expected a membership refusal, got: $reply"
ok "refused: $refusal"

# send_tx DESCRIPTION ARGS...: a transaction through the CLI, committed or the demo stops.
send_tx() {
	local what=$1 reply result
	shift
	reply=$("$bin" tx "$@" "${txflags[@]}" 2>&1) || fail "$what: $reply"
	result=$(wait_tx "$home" "$(tx_hash "$reply")") || fail "$what: not committed"
	[ "$(tx_code "$result")" = 0 ] || fail "$what failed: $(raw_log "$result")"
}

# capture FILE ACCOUNT: submit an EPCIS document and list its event IDs.
capture() {
	send_tx "capture $(basename "$1")" trace capture "$1" --from "$2"
	"$bin" epcis hash "$1" | while IFS=$'\t' read -r i type id; do
		"$bin" query trace event "$id" --home "$home" >/dev/null || fail "event $id is not on chain"
		ok "recorded $type $id"
	done
}

# show_object ID: owner, custodian, quantity and where an object is.
show_object() {
	local json
	json=$("$bin" query trace object "$1" --home "$home" --output json)
	printf '  %s\n' "$(field id "$json")"
	printf '      owner %s  custodian %s  %s %s  %s\n' "$(field owner_org_id "$json")" "$(field custodian_org_id "$json")" \
		"$(field quantity "$json")" "$(field uom "$json")" "$(field disposition "$json")"
}
# field KEY JSON: the first value named KEY in the JSON (nothing if none).
field() { "$demotool" json "$1" <<<"$2" 2>/dev/null || true; }

stories="$demo/epcis"
"$demotool" documents "$stories" story

step "Master data: each brand owner registers its products (GS1 company prefixes come from genesis)"
send_tx "register wheat" trace register-product 06901234123456 "Winter wheat" --category grain \
	--shelf-life-days 365 --min-temperature-celsius 0 --max-temperature-celsius 25 --from farm-admin
ok "06901234123456 Winter wheat (Green Valley Wheat Farm, prefix 6901234)"
send_tx "register flour" trace register-product 06902345543218 "Wheat flour, type 550" --category flour \
	--shelf-life-days 270 --min-temperature-celsius 5 --max-temperature-celsius 25 --from mill-admin
ok "06902345543218 Wheat flour, type 550, kept between 5 and 25 °C (Golden Grain Flour Mill, prefix 6902345)"
send_tx "register the field" trace register-location "$FARM_FIELD" "Green Valley Wheat Farm, field 1 (Minhou, Fujian)" --from farm-admin
send_tx "register the mill" trace register-location "$MILL_SITE" "Golden Grain Flour Mill, Fuqing" --from mill-admin
send_tx "register the DC" trace register-location "$RETAIL_DC" "FreshMart distribution centre, Fuzhou" --from retail-admin
ok "the farm's field, the mill and the retailer's DC registered with their names (what a shopper reads)"

step "The farm harvests a wheat lot, cools it and ships it to the mill ($stories/1-farm-harvest-and-ship.jsonld)"
capture "$stories/1-farm-harvest-and-ship.jsonld" farm-operator
show_object "$WHEAT_LOT"

step "The mill receives it, mills it into two flour lots and packs each on a pallet for the retailer"
capture "$stories/2-mill-receive-mill-pack.jsonld" mill-operator
show_object "$FLOUR_A"
show_object "$PALLET_1"

logistics_org=91350400MA2XY00444
signflags=(--chain-id "$chain_id")
nodeflags=(--node "tcp://127.0.0.1:$rpc_port" --chain-id "$chain_id" --home "$home" --keyring-backend test)

# register_device KEYFILE KIND [--giai GIAI]: the device signs its proof of
# possession, Coldline's ADMIN registers it.
register_device() {
	local key=$1 kind=$2 pop pub curve
	shift 2
	pop=$("$tracesigner" register --key "$key" --org "$logistics_org" "${signflags[@]}" | sed -n 's/^proof of possession //p')
	pub=$("$demotool" json public_key <"$key")
	curve=$("$demotool" json curve <"$key")
	send_tx "register $(basename "$key")" device register "$logistics_org" "$kind" TL-200 \
		"$(printf 'tracechain demo firmware 1.4.2' | sha256sum | cut -d' ' -f1)" "$curve" "$pub" "$pop" "$@" --from logistics-admin
}

step "Coldline Logistics registers the truck's temperature sensor (secp256k1) and the dock's RFID reader (P-256)"
"$tracesigner" keygen --curve secp256k1 --out "$demo/truck-sensor.json" | sed 's/^/  /'
"$tracesigner" keygen --curve p256 --out "$demo/dock-reader.json" | sed 's/^/  /'
register_device "$demo/truck-sensor.json" sensor --giai "$TRUCK_SENSOR_GIAI"
register_device "$demo/dock-reader.json" rfid-reader
SENSOR=$("$demotool" json device_id <"$demo/truck-sensor.json")
READER=$("$demotool" json device_id <"$demo/dock-reader.json")
ok "truck sensor $SENSOR ($TRUCK_SENSOR_GIAI), dock reader $READER: each proved it holds its key"

step "The mill orders cold-chain transport from Coldline; the price waits in escrow"
addr() { "$bin" keys show "$1" -a "${keys[@]}"; }
send_tx "mint" service mint "$(addr mill-admin)" 5000000 --from bank-admin
ok "Strait Commercial Bank (ISSUER) issued 5000000 usettle to the mill"
send_tx "offering" service create-offering logistics "Reefer truck, 5 to 25 °C" 400000 pallet \
	--sla '{"deliver_within_seconds":86400,"min_temperature_celsius":"5","max_temperature_celsius":"25"}' --from logistics-admin
send_tx "order" service create-order 1 2 --linked-objects "$FLOUR_A,$FLOUR_B" --from mill-admin
send_tx "accept" service accept-order 1 --from logistics-admin
escrow=$("$bin" query service escrow --home "$home" --output json)
ok "order 1: 2 pallets at 400000 usettle, accepted by Coldline; escrow holds $(field balance "$escrow") usettle"

step "The mill hands both pallets to Coldline, naming the retailer their new owner; Coldline receives them and ties its truck's sensor to them"
"$demotool" documents "$stories" handover
capture "$stories/3-mill-ship-to-coldline.jsonld" mill-operator
capture "$stories/4-coldline-receive-and-load.jsonld" logistics-admin
show_object "$PALLET_1"
say "  Coldline holds the pallets; only the mill, their owner, could name the retailer as the new owner, and only Coldline, whose sensor it is, ties the sensor to them."

step "On the road the devices sign readings; Coldline's gateway submits them. One breaks flour's 25 °C limit"
ms() { echo $(($(date -u -d "$1" +%s) * 1000)); }
"$tracesigner" sign --key "$demo/dock-reader.json" --type rfid --epc "$PALLET_1" --epc "$PALLET_2" --time-ms "$(ms now)" \
	"${signflags[@]}" >"$demo/dock-read.jsonl"
ok "the dock reader saw both pallets leave; it submits the read itself, signing the transaction with its P-256 key"
"$tracesigner" submit "$demo/dock-read.jsonl" --key "$demo/dock-reader.json" --node "tcp://127.0.0.1:$rpc_port" --chain-id "$chain_id" | sed 's/^/  /'
readings="$demo/transit-readings.jsonl"
{
	"$tracesigner" sign --key "$demo/truck-sensor.json" --value 6.5 "${signflags[@]}"
	"$tracesigner" sign --key "$demo/truck-sensor.json" --value 7.0 "${signflags[@]}"
	"$tracesigner" sign --key "$demo/truck-sensor.json" --value 31.5 "${signflags[@]}"
	"$tracesigner" sign --key "$demo/truck-sensor.json" --value 8.0 "${signflags[@]}"
} >"$readings"
"$tracesigner" submit "$readings" --from logistics-gateway "${nodeflags[@]}" | sed 's/^/  /'
excursions=$("$bin" query device excursions --object-id "$FLOUR_A" --home "$home" --output json)
[ "$(field limit "$excursions")" = max ] || fail "no excursion recorded on $FLOUR_A: $excursions"
ok "excursion on $FLOUR_A: $(field value "$excursions") $(field unit "$excursions") read by $(field device "$excursions"), above its limit of $(field limit_value "$excursions") (through pallet $(field via "$excursions"))"

step "The sensor anchors a batch of 20 more readings under one signed root; one is checked offline"
batch_in="$demo/batch-readings.jsonl"
start_ms=$(ms now)
for i in $(seq 1 20); do
	"$tracesigner" sign --key "$demo/truck-sensor.json" --value "$((5 + i % 3)).$((i % 10))" --time-ms "$((start_ms + i * 500))" "${signflags[@]}"
done >"$batch_in"
"$tracesigner" anchor "$batch_in" --key "$demo/truck-sensor.json" --out "$demo/batch.json" --submit --from logistics-gateway "${nodeflags[@]}" | sed 's/^/  /'
"$tracesigner" verify --batch "$demo/batch.json" --counter 15 | sed 's/^/  /'
ok "reading 15 is provably in the anchored batch, without a transaction of its own"

step "Coldline ships the pallets on to the retailer and delivers order 1, citing that shipment and the sensor's anchored batch"
"$demotool" documents "$stories" delivery
capture "$stories/5-coldline-deliver.jsonld" logistics-admin
shipping=$("$bin" epcis hash "$stories/5-coldline-deliver.jsonld" | awk -F'\t' 'END { print $3 }')
send_tx "deliver" service deliver-order 1 --evidence "{\"event_ids\":[\"$shipping\"],\"anchors\":[\"$SENSOR:5\"]}" --from logistics-admin
say "  Evidence counts only if it concerns the order's goods inside its service window: an event naming the pallets, a batch from a sensor tied to them."
order=$("$bin" query service order 1 --home "$home" --output json)
ok "delivered; excursions on the linked flour lots during the trip: $(field excursion_ids "$order")"
say "  The consumer may confirm or dispute for 20 seconds (this demo's confirm window); then the escrow would be released — unless excursions block it."
for ((i = 0; i < 120; i++)); do
	order=$("$bin" query service order 1 --home "$home" --output json)
	[ "$(field state "$order")" = ORDER_STATE_DISPUTED ] && break
	sleep 0.5
done
[ "$(field state "$order")" = ORDER_STATE_DISPUTED ] || fail "order 1 did not go to dispute: $order"
ok "$(field dispute_reason "$("$bin" query service order 1 --home "$home" --output json)")"

step "The arbitration centre splits the escrow: 30% to Coldline, 70% back to the mill"
send_tx "resolve" service resolve-dispute 1 240000 --text "flour above 25 °C for part of the trip" --from arbiter-admin
order=$("$bin" query service order 1 --home "$home" --output json)
ok "order 1 $(field state "$order"): $(field provider_amount "$order") usettle to Coldline, $(field consumer_amount "$order") to the mill"

step "A second, clean order (the last leg to the retailer's shelf): the retailer's receipt is its evidence; confirmed, escrow released"
send_tx "order 2" service create-order 1 1 --linked-objects "$FLOUR_B" --from mill-admin
send_tx "accept 2" service accept-order 2 --from logistics-admin
"$demotool" documents "$stories" receipt
capture "$stories/6-retailer-receive.jsonld" retail-operator
receipt=$("$bin" epcis hash "$stories/6-retailer-receive.jsonld" | awk -F'\t' 'END { print $3 }')
send_tx "deliver 2" service deliver-order 2 --evidence "{\"event_ids\":[\"$receipt\"]}" --from logistics-admin
send_tx "confirm 2" service confirm-order 2 --from mill-admin
order=$("$bin" query service order 2 --home "$home" --output json)
balance=$("$bin" query bank balance "$(addr logistics-admin)" usettle --home "$home" --output json)
ok "order 2 $(field state "$order"); Coldline holds $(field amount "$balance") usettle"

step "Credit: the lab's inspections and the regulator's commendation join what the chain recorded"
send_tx "inspection" credit file-record "$logistics_org" inspection-pass 1 --evidence LAB-2026-0412 --text "reefer calibration checked" --from lab-admin
send_tx "inspection" credit file-record 91350300MA2XY0033T inspection-pass 1 --evidence LAB-2026-0413 --text "flour aflatoxin below limit" --from lab-admin
send_tx "commendation" credit file-record 91350300MA2XY0033T commendation 1 --text "food-safety training" --from regulator-admin
for org in "$logistics_org" 91350300MA2XY0033T; do
	score=$("$bin" query credit score "$org" --home "$home" --output json)
	ok "$org: grade $(field grade "$score")"
	printf '      %s\n' "$(field explanation "$score")"
done

step "The retailer holds both pallets: custody moved with their contents, and ownership as the mill named it"
show_object "$PALLET_1"
show_object "$FLOUR_A"

step "The lab certifies the wheat lot organic"
send_tx "certify" trace certify "$WHEAT_LOT" organic --valid-until "$(date -u -d '+1 year' +%Y-%m-%dT%H:%M:%SZ)" --from lab-admin
ok "certification 1 on $WHEAT_LOT, valid for a year"

step "Where did pallet $PALLET_1 come from? The genealogy, walked up"
genealogy=$("$bin" query trace genealogy "$PALLET_1" --direction up --home "$home" --output json)
nodes=$("$demotool" json --each nodes depth object.id <<<"$genealogy")
while IFS=$'\t' read -r depth id; do
	printf '  depth %2s  %s\n' "${depth:-0}" "$id"
done <<<"$nodes"
grep -q '10/WH-2026-07$' <<<"$nodes" || fail "the genealogy from the pallet does not reach the wheat lot"
ok "from the pallet back through the flour to the farm's wheat lot"

step "A document with a mistake is refused whole: the retailer tries to ship wheat it never held"
reply=$("$bin" tx trace capture "$stories/7-retailer-mistake.jsonld" --from retail-operator "${txflags[@]}" 2>&1 || true)
if [ "$(tx_code "$reply")" = 0 ]; then
	result=$(wait_tx "$home" "$(tx_hash "$reply")") || fail "not committed"
	reply=$result
fi
[ "$(tx_code "$reply")" != 0 ] || fail "the mistaken document was accepted"
# Refused in the gas simulation (rpc error) or, with --gas set, in the block (raw_log).
refusal=$(raw_log "$reply" || true)
[ -n "$refusal" ] || refusal=$(grep -o 'event [0-9]* (.*' <<<"$reply" | sed -E 's/ \[[^]]*\]//; s/ with gas used.*//' | sed -n 1p || true)
[ -n "$refusal" ] || fail "no refusal reason in: $reply"
ok "refused: $refusal"
# The whole listing is read (a pipe closed early would kill epcis hash with
# SIGPIPE, and pipefail would end the demo).
first=$("$bin" epcis hash "$stories/7-retailer-mistake.jsonld" | awk -F'\t' 'NR == 1 { print $3 }')
if "$bin" query trace event "$first" --home "$home" >/dev/null 2>&1; then fail "part of the refused document was written"; fi
ok "its first, valid event was not written either"

step "The regulator recalls the wheat lot: the flour and the pallets made from it are flagged"
send_tx "recall" trace recall "$WHEAT_LOT" "ochratoxin A above the limit in a retained sample" --from regulator-admin
recall_id=1
for ((i = 0; i < 40; i++)); do
	recall=$("$bin" query trace recall "$recall_id" --home "$home" --output json)
	[ "$(field state "$recall")" = RECALL_STATE_COMPLETE ] && break
	sleep 0.5
done
[ "$(field state "$recall")" = RECALL_STATE_COMPLETE ] || fail "recall $recall_id did not complete: $recall"
ok "recall $recall_id complete: $(field affected_count "$recall") objects flagged, $(field holder_count "$recall") holders to acknowledge"
show_object "$PALLET_1"
send_tx "acknowledge" trace acknowledge-recall "$recall_id" "both pallets withdrawn from sale" --from retail-operator
ok "the retailer acknowledged recall $recall_id"

step "The indexer has followed every block"
target=$(height "$home")
for ((i = 0; i < 240; i++)); do
	ix=$(rpc_get "127.0.0.1:$indexer_port" /v1/status 2>/dev/null | sed '1,/^\r*$/d' | "$demotool" json height 2>/dev/null || true)
	[ -n "$ix" ] && [ "$ix" -ge "$target" ] && break
	sleep 0.25
done
[ -n "$ix" ] && [ "$ix" -ge "$target" ] || fail "the indexer did not reach height $target; see $demo/indexer.log"
ok "indexed to height $ix"

step "Scan the flour lot: its GS1 Digital Link opens its page on the indexer"
qr=$("$traceindexd" qr "$FLOUR_A" --base "http://127.0.0.1:$indexer_port" --png "$demo/flour-lot-qr.png") || fail "no QR code: $qr"
printf '%s\n' "$qr"
flour_page=$(printf '%s\n' "$qr" | sed -n 's/^QR code of \(.*\) written to .*/\1/p')
flour_html=$(rpc_get "127.0.0.1:$indexer_port" "${flour_page#http://127.0.0.1:$indexer_port}" 2>/dev/null || true)
case "$flour_html" in
*"Wheat flour, type 550"*'class="excursion"'*) ok "the flour lot's page shows the product, its journey and the excursion: $flour_page" ;;
*) fail "the flour lot's page ($flour_page) does not show the lot and its excursion; see $demo/indexer.log" ;;
esac

if [ "${DEMO_STORY_ONLY:-}" = 1 ]; then
	ok "story told; stopping the node (DEMO_STORY_ONLY=1)"
	exit 0
fi

cat <<EOT

$(say "TraceChain demo is running: chain $chain_id, one validator, the consortium (plus the lab), a wheat lot traced from field to shelf, a cold-chain order settled through escrow and arbitration.")
  RPC       http://127.0.0.1:$rpc_port/status
  Scan      $flour_page   (the flour lot's page: journey, cold chain; QR code in $demo/flour-lot-qr.png)
  Indexer   http://127.0.0.1:$indexer_port/v1/trace/$(urlencode "$PALLET_1")?direction=up
            http://127.0.0.1:$indexer_port/v1/recalls/$recall_id   (and /affected, /holders)
            http://127.0.0.1:$indexer_port/v1/orgs/$logistics_org   (Coldline's credit; /credit for its history)
            http://127.0.0.1:$indexer_port/v1/orgs/91350300MA2XY0033T
            http://127.0.0.1:$indexer_port/v1/devices/$SENSOR/readings
            http://127.0.0.1:$indexer_port/epcis/events?EQ_bizStep=shipping
            http://127.0.0.1:$indexer_port/epcis/epcs/$(urlencode "$PALLET_1")/events
            http://127.0.0.1:$indexer_port/openapi.json
  REST API  http://127.0.0.1:$api_port/tracechain/membership/v1/organizations
            http://127.0.0.1:$api_port/tracechain/poa/v1/validators
            http://127.0.0.1:$api_port/tracechain/trace/v1/genealogy?id=$PALLET_1&direction=GENEALOGY_DIRECTION_UP
            http://127.0.0.1:$api_port/tracechain/trace/v1/objects/events?id=$WHEAT_LOT
            http://127.0.0.1:$api_port/tracechain/device/v1/devices/$SENSOR/readings
            http://127.0.0.1:$api_port/tracechain/device/v1/excursions?object_id=$FLOUR_A
            http://127.0.0.1:$api_port/tracechain/service/v1/orders/1
            http://127.0.0.1:$api_port/tracechain/credit/v1/scores/$logistics_org

Try next (in another terminal, from the repository):
  build/tracechaind --home $home query membership organizations
  build/tracechaind --home $home query membership permission $gw /cosmos.bank.v1beta1.MsgSend
  build/tracechaind --home $home query poa validators
  build/tracechaind --home $home query trace object $FLOUR_B
  build/tracechaind --home $home query trace genealogy $WHEAT_LOT --direction down
  build/tracechaind --home $home query trace certifications $WHEAT_LOT
  build/tracechaind epcis hash $stories/3-mill-ship-to-coldline.jsonld
  build/tracechaind --home $home query device excursions --object-id $FLOUR_A
  build/tracechaind --home $home query device readings $SENSOR
  build/tracesigner verify --batch $demo/batch.json --all
  build/tracechaind --home $home query service order 1
  build/tracechaind --home $home query credit score $logistics_org
  build/tracechaind --home $home query credit records $logistics_org
  build/tracechaind --home $home keys list --keyring-backend test

Blocks as they are committed (Ctrl-C stops the node):
EOT

tail --pid="$node" -n0 -F "$demo/node0.log" 2>/dev/null | awk '/finalized block/ {
	h = ""; n = "";
	for (i = 1; i <= NF; i++) {
		if ($i ~ /^height=/) { h = substr($i, 8) }
		if ($i ~ /^num_txs_res=/) { n = substr($i, 13) }
	}
	printf "  block %-8s %s tx\n", h, n; fflush()
}' &
wait $node
