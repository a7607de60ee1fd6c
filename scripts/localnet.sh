#!/usr/bin/env bash
# make localnet | localnet-stop | localnet-status: four validators on
# 127.0.0.1 under networks/localnet, with the consortium of
# networks/consortium.json, and one traceindexd following node0.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

net=${LOCALNET_DIR:-"$repo/networks/localnet"}
base_port=${LOCALNET_BASE_PORT:-26750}
validators=4
# Ports: node i uses base+10i .. base+10i+9; the indexer comes after them.
indexer_port=$((base_port + 10 * validators))
indexer_home="$net/indexer"

# running PIDFILE: is the process of the pid file alive?
running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

node_rpc() { sed -n 's/^node = "\(.*\)"/\1/p' "$net/node$1/config/client.toml"; }

start() {
	if [ ! -f "$net/localnet.json" ]; then
		step "Writing a $validators-validator localnet to ${net#"$repo"/}"
		# node0 serves the indexer and clients; the other validators only
		# validate (no transaction index, block results or IAVL fast index).
		"$bin" localnet --validators "$validators" --query-nodes 1 --output-dir "$net" --base-port "$base_port" \
			--chain-id tracechain-localnet-1 --consortium "$repo/networks/consortium.json" | sed 's/^/  /'
	fi
	for ((i = 0; i < validators; i++)); do
		home="$net/node$i"
		if running "$home/node.pid"; then
			ok "node$i already running (pid $(cat "$home/node.pid"))"
			continue
		fi
		# GOGC and GOMEMLIMIT: see networks/README.md (a loaded node spends
		# half as much CPU collecting garbage, its heap capped near 1 GiB).
		GOGC=${GOGC:-800} GOMEMLIMIT=${GOMEMLIMIT:-1GiB} "$bin" start --home "$home" --log_no_color >>"$net/node$i.log" 2>&1 &
		echo $! >"$home/node.pid"
		ok "node$i started (pid $!, log ${net#"$repo"/}/node$i.log)"
	done
	if running "$net/indexer.pid"; then
		ok "indexer already running (pid $(cat "$net/indexer.pid"))"
	else
		# No per-client or per-member limits: the localnet is a bench, its load
		# drivers one client and one gateway (set INDEXER_FLAGS to try limits).
		# shellcheck disable=SC2086
		GOGC=${GOGC:-800} "$traceindexd" start --node "$(node_rpc 0)" --home "$indexer_home" --listen "127.0.0.1:$indexer_port" --pprof "127.0.0.1:$((indexer_port + 1))" \
			${INDEXER_FLAGS:---client-rate 0 --client-in-flight 0 --upload-rate 0 --max-uploads 0} \
			>>"$net/indexer.log" 2>&1 &
		echo $! >"$net/indexer.pid"
		ok "indexer started following node0 (pid $!, log ${net#"$repo"/}/indexer.log, http://127.0.0.1:$indexer_port)"
	fi
	wait_height "$net/node0" 2 90 || fail "no blocks yet; see ${net#"$repo"/}/node0.log"
	status
}

# stop_pid NAME PIDFILE: SIGTERM, then wait for the process to exit.
stop_pid() {
	local pid
	[ -f "$2" ] || return 0
	pid=$(cat "$2")
	if kill "$pid" 2>/dev/null; then
		while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
		ok "$1 stopped"
	fi
	rm -f "$2"
}

stop() {
	stop_pid indexer "$net/indexer.pid"
	for ((i = 0; i < validators; i++)); do
		stop_pid "node$i" "$net/node$i/node.pid"
	done
}

status() {
	[ -f "$net/localnet.json" ] || fail "no localnet; run make localnet"
	local i h rpc peers ix
	for ((i = 0; i < validators; i++)); do
		rpc=$(node_rpc "$i")
		h=$(height "$net/node$i")
		if [ -z "$h" ]; then
			printf '  node%d    down                         rpc %s\n' "$i" "$rpc"
			continue
		fi
		peers=$(rpc_get "${rpc#tcp://}" /net_info | grep -o '"n_peers":"[0-9]*"' | grep -o '[0-9]*')
		printf '  node%d    height %-8s peers %-3s      rpc %s\n' "$i" "$h" "${peers:-?}" "$rpc"
	done
	if ix=$(rpc_get "127.0.0.1:$indexer_port" /v1/status 2>/dev/null | compact | grep -o '{"height".*}'); then
		printf '  indexer  height %-8s lag %-3s        http://127.0.0.1:%d/v1/status (follows node0)\n' \
			"$(grep -o '"height":[0-9]*' <<<"$ix" | grep -o '[0-9]*$')" "$(grep -o '"lag":-\{0,1\}[0-9]*' <<<"$ix" | grep -o '\-\{0,1\}[0-9]*$')" "$indexer_port"
	else
		printf '  indexer  down                         http://127.0.0.1:%d\n' "$indexer_port"
	fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
