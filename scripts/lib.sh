# Helpers shared by demo.sh and localnet.sh. Only bash, coreutils and the
# tracechaind binary are assumed: a fresh machine has nothing else.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${TRACECHAIND_BIN:-"$repo/build/tracechaind"}
tracesigner=${TRACESIGNER_BIN:-"$repo/build/tracesigner"}
traceindexd=${TRACEINDEXD_BIN:-"$repo/build/traceindexd"}

# urlencode S: S escaped for a URL path or query.
urlencode() {
	local s=$1 out="" c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9.~_-]) out+=$c ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}

say()  { printf '\033[1m%s\033[0m\n' "$*"; }
step() { printf '\n\033[1;36m▶ %s\033[0m\n' "$*"; }
ok()   { printf '  \033[32m✔\033[0m %s\n' "$*"; }
fail() { printf '  \033[31m✘ %s\033[0m\n' "$*" >&2; exit 1; }

# A command that fails where nobody expected it ends the script (set -e);
# say which one, so that the end is never silent.
trap 'rc=$?; printf "  \033[31m✘ %s line %s: \"%s\" failed (exit %s)\033[0m\n" "$(basename "$0")" "$LINENO" "$BASH_COMMAND" "$rc" >&2' ERR

# height HOME: the node's latest block height, or nothing if it is down.
height() {
	"$bin" status --home "$1" 2>/dev/null | grep -o '"latest_block_height":"[0-9]*"' | grep -o '[0-9]*'
}

# wait_height HOME H [SECONDS]: wait until the node has block H.
wait_height() {
	local home=$1 want=$2 limit=${3:-60} h
	for ((i = 0; i < limit * 4; i++)); do
		h=$(height "$home")
		[ -n "$h" ] && [ "$h" -ge "$want" ] && return 0
		sleep 0.25
	done
	return 1
}

# compact: JSON on one line without the spaces around punctuation, so
# fields can be picked out with grep whatever the CLI's indentation.
compact() { tr -d '\n' | sed -E 's/[[:space:]]*([][{},:])[[:space:]]*/\1/g'; }

# wait_tx HOME HASH: wait for the transaction's block; print its result JSON.
wait_tx() {
	local out
	for ((i = 0; i < 120; i++)); do
		if out=$("$bin" query tx "$2" --home "$1" --output json 2>/dev/null); then
			printf '%s' "$out"
			return 0
		fi
		sleep 0.25
	done
	return 1
}

# rpc_get HOST:PORT PATH: an HTTP GET with bash alone (no curl on a fresh machine).
rpc_get() {
	local host=${1%:*} port=${1##*:}
	exec 3<>"/dev/tcp/$host/$port" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$2" "$host" >&3
	cat <&3
	exec 3<&-
}
