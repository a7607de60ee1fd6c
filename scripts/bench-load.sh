#!/usr/bin/env bash
# make bench-load: what a 4-validator localnet (with its indexer) commits on
# this machine — individually signed readings and bank sends, each offered
# at rising rates to find saturation, then at 80 % of it for the commit
# latency; readings anchored in batches and served with proofs by the
# indexer; and, for comparison, individually signed readings on one
# validator. Everything runs on the machine's own cores, load included.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

out=${BENCH_DIR:-"$repo/build/bench"}
reading_rates=${READING_RATES:-"1000 1500 2000 2250 2500 2750 3000"}
bank_rates=${BANK_RATES:-"100 150 200 300 400"}
duration=${BENCH_DURATION:-30s}
export GOGC=${GOGC:-800}
rm -rf "$out"
mkdir -p "$out"
net="$out/localnet"
export LOCALNET_DIR="$net" LOCALNET_BASE_PORT=27750
stop_all() {
	"$repo/scripts/localnet.sh" stop >/dev/null 2>&1 || true
	[ -n "${single_pid:-}" ] && kill "$single_pid" 2>/dev/null && wait "$single_pid" 2>/dev/null
	return 0
}
trap stop_all EXIT

say "TraceChain load benchmark — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ)"
step "A 4-validator localnet with its indexer (${net#"$repo"/})"
"$repo/scripts/localnet.sh" start | sed 's/^  //; s/^/  /'
rpc=tcp://127.0.0.1:27757
indexer=http://127.0.0.1:27790
node=(--node "$rpc" --chain-id tracechain-localnet-1 --home "$net/node0" --keyring-backend test)

# settle: wait until node0's mempool is empty and two more blocks are
# committed, so that no run inherits the backlog of the one before.
settle() {
	local n h
	for ((i = 0; i < 600; i++)); do
		n=$(rpc_get 127.0.0.1:27757 /num_unconfirmed_txs | grep -o '"n_txs":"[0-9]*"' | grep -o '[0-9]*')
		[ "${n:-1}" = 0 ] && break
		sleep 0.5
	done
	h=$(height "$net/node0")
	wait_height "$net/node0" $((h + 2)) 30 || true
}

# figure FILE PATTERN: the first number after PATTERN in a run's output.
figure() { grep -o "$2 [0-9.]*" "$1" | sed -n 1p | grep -o '[0-9.]*$'; }
# cpu_ticks: user + system CPU so far of node0..3 and the indexer, in clock
# ticks, on one line.
cpu_ticks() {
	local p
	for p in "$net"/node{0..3}/node.pid "$net/indexer.pid"; do
		awk '{print $14 + $15}' "/proc/$(cat "$p")/stat"
	done | tr '\n' ' '
}
# cpu_per_item BEFORE AFTER ITEMS: each process's CPU per committed item, µs.
cpu_per_item() {
	local -a b a
	read -r -a b <<<"$1"
	read -r -a a <<<"$2"
	local names=(node0 node1 node2 node3 indexer) hz i line="" total=0 us
	[ "${3:-0}" -gt 0 ] || return 0
	hz=$(getconf CLK_TCK)
	for i in 0 1 2 3 4; do
		us=$(((a[i] - b[i]) * 1000000 / hz / $3))
		total=$((total + us))
		line="$line ${names[i]} $us,"
	done
	printf '    CPU per committed reading (µs; the run, device registration included):%s total %s\n' "$line" "$total"
}
run_readings() { # rate label
	local f="$out/readings-$2.txt" before
	settle
	before=$(cpu_ticks)
	"$tracesigner" simulate "${node[@]}" --devices 50 --rate "$1" --duration "$duration" --tick 500ms --per-tx 1000 --curve secp256k1 >"$f" 2>&1 ||
		{ cat "$f"; fail "simulate at $1/s failed"; }
	printf '  offered %6s/s  committed %6s/s  latency p50 %5s ms  p99 %5s ms\n' "$1" \
		"$(figure "$f" 'committed readings/s')" "$(figure "$f" 'p50')" "$(figure "$f" 'p99')"
	cpu_per_item "$before" "$(cpu_ticks)" "$(figure "$f" 'committed')" | tee -a "$f"
}
run_bank() { # rate label
	local f="$out/bank-$2.txt"
	settle
	"$tracesigner" bank-load "${node[@]}" --rate "$1" --duration "$duration" >"$f" 2>&1 ||
		{ cat "$f"; fail "bank-load at $1/s failed"; }
	printf '  offered %6s/s  committed %6s/s  latency p50 %5s ms  p99 %5s ms\n' "$1" \
		"$(figure "$f" 'committed transactions/s')" "$(figure "$f" 'p50')" "$(figure "$f" 'p99')"
}
max_of() { # prefix: highest committed rate among the sweep's files
	local best=0 r f
	for f in "$out/$1"-sweep-*.txt; do
		r=$(figure "$f" "$2")
		r=${r%.*}
		[ "${r:-0}" -gt "$best" ] && best=$r
	done
	echo "$best"
}

step "Individually signed readings (secp256k1, 50 devices, one gateway), $duration each"
# below_offered FILE RATE: did the run commit less than 90 % of what it offered?
below_offered() { local c; c=$(figure "$1" "$3"); awk -v c="${c:-0}" -v r="$2" 'BEGIN { exit !(c < 0.9 * r) }'; }
for r in $reading_rates; do
	run_readings "$r" "sweep-$r"
	below_offered "$out/readings-sweep-$r.txt" "$r" 'committed readings/s' && break # saturated
done
sat_readings=$(max_of readings 'committed readings/s')
at80=$((sat_readings * 8 / 10))
ok "saturation: $sat_readings readings/s committed; now at 80 % of it, $at80/s"
run_readings "$at80" at80

step "Bank sends between 10 members, $duration each"
for r in $bank_rates; do
	run_bank "$r" "sweep-$r"
	below_offered "$out/bank-sweep-$r.txt" "$r" 'committed transactions/s' && break # saturated
done
sat_bank=$(max_of bank 'committed transactions/s')
bank80=$((sat_bank * 8 / 10))
ok "saturation: $sat_bank transactions/s committed; now at 80 % of it, $bank80/s"
run_bank "$bank80" at80

step "Readings anchored in batches, contents posted to the indexer, proofs read back"
"$tracesigner" batch-load "${node[@]}" --devices 10 --readings 100000 --batch 10000 --uploads 4 --indexer "$indexer" >"$out/batches.txt" 2>&1 ||
	{ cat "$out/batches.txt"; fail "batch-load failed"; }
sed -n '/readings in/,$p' "$out/batches.txt" | sed 's/^  /  /'
"$repo/scripts/localnet.sh" stop >/dev/null

step "For comparison: individually signed readings on one validator"
single="$out/single"
"$bin" localnet --validators 1 --output-dir "$single" --chain-id tracechain-single-1 --base-port 27850 \
	--consortium "$repo/networks/consortium.json" >/dev/null
# The same heap settings and gateway as the localnet runs above.
GOMEMLIMIT=${GOMEMLIMIT:-1GiB} "$bin" start --home "$single/node0" --log_no_color >"$out/single-node0.log" 2>&1 &
single_pid=$!
wait_height "$single/node0" 2 60 || fail "the one-validator chain did not start"
f="$out/single-6000.txt"
"$tracesigner" simulate --node tcp://127.0.0.1:27857 --chain-id tracechain-single-1 --home "$single/node0" --keyring-backend test \
	--devices 50 --rate 6000 --duration "$duration" --tick 500ms --per-tx 1000 --curve secp256k1 >"$f" 2>&1 || { cat "$f"; fail "simulate failed"; }
printf '  offered   6000/s  committed %6s/s  latency p50 %5s ms  p99 %5s ms\n' \
	"$(figure "$f" 'committed readings/s')" "$(figure "$f" 'p50')" "$(figure "$f" 'p99')"

step "Summary (targets in brackets; every figure's run is in ${out#"$repo"/})"
printf '  readings committed, 4 validators:   %6s/s at saturation [>= 2,000]\n' "$sat_readings"
printf '  commit latency at 80 %% (%s/s):    p99 %s ms [<= 3,000]\n' "$at80" "$(figure "$out/readings-at80.txt" 'p99')"
printf '  bank sends committed, 4 validators: %6s/s at saturation; p99 %s ms at 80 %%\n' "$sat_bank" "$(figure "$out/bank-at80.txt" 'p99')"
printf '  readings anchored + served with proofs: %s/s [>= 100,000]\n' "$(figure "$out/batches.txt" 'served with proofs:')"
printf '  readings committed, 1 validator:    %6s/s [>= 5,000]\n' "$(figure "$out/single-6000.txt" 'committed readings/s')"
