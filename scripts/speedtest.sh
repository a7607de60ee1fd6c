#!/usr/bin/env bash
# make speedtest: the raw execution rate of TraceChain's transactions side
# by side (the Cosmos SDK's speedtest wired into tracechaind): bank sends,
# individually signed readings, batch anchors and EPCIS captures, each on a
# fresh app, in one run on one machine. SCALE=2 doubles every size.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

scale=${SCALE:-1}
blocks=$((10 * scale))
declare -A rate tps
run() { # name, per-tx label, args...
	local name=$1 out
	shift
	step "speedtest $name $*"
	out=$("$bin" speedtest "$name" --blocks "$blocks" "$@" 2>&1) || { printf '%s\n' "$out" >&2; fail "speedtest $name failed"; }
	printf '%s\n' "$out" | sed 's/^/  /'
	tps[$name]=$(sed -n 's/^TPS: \([0-9.]*\)$/\1/p' <<<"$out")
	rate[$name]=$(sed -n 's/^[A-Z][a-z]*\/s: \([0-9]*\)$/\1/p' <<<"$out")
}

say "TraceChain execution speedtest — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $("$bin" version 2>&1)"
run bank-send --accounts 2000 --txs 2000
run submit-readings --accounts 100 --txs 40 --readings-per-tx 100
run anchor-batch --accounts 100 --txs 200
run capture --accounts 100 --txs 100 --events-per-tx 10

step "Side by side ($blocks blocks each; ante handler and signature checks included)"
printf '  %-16s %12s %14s\n' workload "tx/s" "carried/s"
printf '  %-16s %12.0f %14s\n' bank-send "${tps[bank-send]}" "${rate[bank-send]} sends"
printf '  %-16s %12.0f %14s\n' submit-readings "${tps[submit-readings]}" "${rate[submit-readings]} readings"
printf '  %-16s %12.0f %14s\n' anchor-batch "${tps[anchor-batch]}" "${rate[anchor-batch]} batches"
printf '  %-16s %12.0f %14s\n' capture "${tps[capture]}" "${rate[capture]} events"
ratio=$(awk -v r="${rate[submit-readings]}" -v b="${tps[bank-send]}" 'BEGIN { printf "%.2f", r / b }')
ok "readings per second / bank sends per second = $ratio (target ≥ 0.5)"
awk -v r="$ratio" 'BEGIN { exit !(r >= 0.5) }' || fail "below the target"
