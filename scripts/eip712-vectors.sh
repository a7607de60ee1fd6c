#!/usr/bin/env bash
# Regenerates x/device/types/testdata/ethers-vectors.json: TraceChain typed
# data signed by ethers.js v6 (installed from npm here, not needed by the Go
# tests, which read the committed file).
set -euo pipefail
dir=$(cd "$(dirname "$0")/eip712-vectors" && pwd)
repo=$(cd "$dir/../.." && pwd)
(cd "$dir" && npm install --no-audit --no-fund --silent)
node "$dir/generate.mjs" >"$repo/x/device/types/testdata/ethers-vectors.json"
echo "wrote x/device/types/testdata/ethers-vectors.json"
