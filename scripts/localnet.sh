#!/usr/bin/env bash
# make localnet | localnet-stop | localnet-status: four validators on
# 127.0.0.1 under networks/localnet, with the consortium of
# networks/consortium.json.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

net="$repo/networks/localnet"
validators=4

start() {
	if [ ! -f "$net/localnet.json" ]; then
		step "Writing a $validators-validator localnet to networks/localnet"
		"$bin" localnet --validators "$validators" --output-dir "$net" --base-port 26750 \
			--chain-id tracechain-localnet-1 --consortium "$repo/networks/consortium.json" | sed 's/^/  /'
	fi
	for ((i = 0; i < validators; i++)); do
		home="$net/node$i"
		if [ -f "$home/node.pid" ] && kill -0 "$(cat "$home/node.pid")" 2>/dev/null; then
			ok "node$i already running (pid $(cat "$home/node.pid"))"
			continue
		fi
		"$bin" start --home "$home" --log_no_color >>"$net/node$i.log" 2>&1 &
		echo $! >"$home/node.pid"
		ok "node$i started (pid $!, log networks/localnet/node$i.log)"
	done
	wait_height "$net/node0" 2 90 || fail "no blocks yet; see networks/localnet/node0.log"
	status
}

stop() {
	for ((i = 0; i < validators; i++)); do
		pidfile="$net/node$i/node.pid"
		[ -f "$pidfile" ] || continue
		pid=$(cat "$pidfile")
		if kill "$pid" 2>/dev/null; then
			while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
			ok "node$i stopped"
		fi
		rm -f "$pidfile"
	done
}

status() {
	[ -f "$net/localnet.json" ] || fail "no localnet; run make localnet"
	for ((i = 0; i < validators; i++)); do
		home="$net/node$i"
		rpc=$(sed -n 's/^node = "\(.*\)"/\1/p' "$home/config/client.toml")
		h=$(height "$home")
		if [ -z "$h" ]; then
			printf '  node%d  down                      rpc %s\n' "$i" "$rpc"
			continue
		fi
		peers=$(rpc_get "${rpc#tcp://}" /net_info | grep -o '"n_peers":"[0-9]*"' | grep -o '[0-9]*')
		printf '  node%d  height %-8s peers %-3s rpc %s\n' "$i" "$h" "${peers:-?}" "$rpc"
	done
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
