#!/usr/bin/env bash
# make demo: a one-validator TraceChain whose genesis holds a consortium
# (networks/consortium.json), a short story of what the foundation does,
# then the node keeps running in the foreground until Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

demo="$repo/build/demo"
home="$demo/node0"
chain_id=tracechain-demo-1
keys=(--home "$home" --keyring-backend test)
txflags=(--home "$home" --keyring-backend test --chain-id "$chain_id" --output json --yes)

step "Creating a fresh consortium chain in build/demo (the previous demo, if any, is replaced)"
rm -rf "$demo"
"$bin" localnet --validators 1 --output-dir "$demo" --chain-id "$chain_id" \
	--consortium "$repo/networks/consortium.json" | sed 's/^/  /'

step "Starting the node (log: build/demo/node0.log)"
"$bin" start --home "$home" --log_no_color >"$demo/node0.log" 2>&1 &
node=$!
trap 'printf "\nStopping the node...\n"; kill $node 2>/dev/null; wait $node 2>/dev/null; exit 0' INT TERM
wait_height "$home" 2 60 || fail "the node did not produce blocks; see build/demo/node0.log"
ok "blocks are being produced (height $(height "$home"))"

step "The consortium in genesis"
"$bin" query membership organizations --home "$home" --output json | compact |
	grep -o '"id":"[^"]*","id_kind":"[^"]*","name":"[^"]*"' |
	sed -E 's/"id":"([^"]*)","id_kind":"[^"]*","name":"([^"]*)"/  \1  \2/'
authority=$("$bin" keys show authority -a "${keys[@]}")
ok "authority: $authority (2-of-3 multisig of regulator, mill and retailer)"

step "The authority admits a food-inspection lab (two of three sign through the CLI)"
lab_admin=$("$bin" keys add lab-admin "${keys[@]}" --output json | compact | grep -o '"address":"[^"]*"' | cut -d'"' -f4)
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
gw=$("$bin" keys add farm-field-gateway "${keys[@]}" --output json | compact | grep -o '"address":"[^"]*"' | cut -d'"' -f4)
reply=$("$bin" tx membership add-member 91350200MA2XY0022H "$gw" gateway --from farm-admin "${txflags[@]}")
result=$(wait_tx "$home" "$(tx_hash "$reply")") || fail "add-member not committed"
[ "$(tx_code "$result")" = 0 ] || fail "add-member failed: $(raw_log "$result")"
ok "farm-field-gateway acts for Green Valley Wheat Farm"

step "A stranger tries the same and is refused before its signature is even checked"
stranger=$("$bin" keys add stranger "${keys[@]}" --output json | compact | grep -o '"address":"[^"]*"' | cut -d'"' -f4)
reply=$("$bin" tx membership add-member 91350200MA2XY0022H "$stranger" admin --from stranger --offline \
	--account-number 0 --sequence 0 "${txflags[@]}" 2>&1 || true)
refusal=$(raw_log "$reply")
[[ "$refusal" == *"is not a member of any organization"* ]] || fail "expected a membership refusal, got: $reply"
ok "refused: $refusal"

cat <<EOT

$(say "TraceChain demo is running: chain $chain_id, one validator, five consortium members plus the lab.")
  RPC       http://127.0.0.1:26657/status
  REST API  http://127.0.0.1:26651/tracechain/membership/v1/organizations
            http://127.0.0.1:26651/tracechain/poa/v1/validators

Try next (in another terminal, from the repository):
  build/tracechaind --home build/demo/node0 query membership organizations
  build/tracechaind --home build/demo/node0 query membership permission $gw /cosmos.bank.v1beta1.MsgSend
  build/tracechaind --home build/demo/node0 query poa validators
  build/tracechaind --home build/demo/node0 keys list --keyring-backend test

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
