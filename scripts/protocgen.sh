#!/usr/bin/env bash
# Regenerates the Go code of proto/ offline: buf compiles locally (no remote
# registry), and every imported .proto comes from the Go module cache of the
# exact versions go.mod pins. Generated files are committed, so a fresh clone
# builds without running this.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

BUF_VERSION=v1.75.0
tools="$repo/build/tools"
mkdir -p "$tools"
export GOBIN="$tools"
[ -x "$tools/buf" ] || go install "github.com/bufbuild/buf/cmd/buf@$BUF_VERSION"
# Plugins at the versions go.mod pins, so generated code matches the runtime.
version() { go list -m -f '{{.Version}}' "$1"; }
go install "github.com/cosmos/gogoproto/protoc-gen-gocosmos@$(version github.com/cosmos/gogoproto)"
go install "github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway@$(version github.com/grpc-ecosystem/grpc-gateway)"
go install "github.com/grpc-ecosystem/grpc-gateway/protoc-gen-swagger@$(version github.com/grpc-ecosystem/grpc-gateway)"
export PATH="$tools:$PATH"

moddir() { go mod download "$1" >/dev/null 2>&1 || true; go list -m -f '{{.Dir}}' "$1"; }
sdk=$(moddir github.com/cosmos/cosmos-sdk)
cosmosproto=$(moddir github.com/cosmos/cosmos-proto)
gogo=$(moddir github.com/cosmos/gogoproto)
gateway=$(moddir github.com/grpc-ecosystem/grpc-gateway)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/deps/gogoproto" "$work/deps/google"
cp -r "$sdk/proto/cosmos" "$sdk/proto/amino" "$sdk/proto/tendermint" "$work/deps/"
cp -r "$cosmosproto/proto/cosmos_proto" "$work/deps/"
cp "$gogo/gogoproto/gogo.proto" "$work/deps/gogoproto/"
cp -r "$gateway/third_party/googleapis/google/api" "$work/deps/google/"
cp -r "$repo/proto" "$work/proto"
chmod -R u+w "$work"

cat > "$work/buf.yaml" <<'YAML'
version: v2
modules:
  - path: proto
  - path: deps
YAML
cat > "$work/buf.gen.yaml" <<'YAML'
version: v2
plugins:
  - local: protoc-gen-gocosmos
    out: gen
    opt:
      - plugins=grpc
      - Mgoogle/protobuf/any.proto=github.com/cosmos/gogoproto/types/any
  - local: protoc-gen-grpc-gateway
    out: gen
    opt:
      - logtostderr=true
      - allow_colon_final_segments=true
  # The OpenAPI (Swagger 2.0) of each module's query service: its
  # tracechain/* gateway routes, served by the node merged (app/openapi).
  - local: protoc-gen-swagger
    out: swagger
    opt:
      - logtostderr=true
      - fqn_for_swagger_name=true
YAML

(cd "$work" && buf generate --template buf.gen.yaml --path proto/tracechain)

# Generated paths follow go_package; move them into the repository tree.
module=github.com/tracechain/tracechain
find "$repo/x" -name '*.pb.go' -o -name '*.pb.gw.go' 2>/dev/null | xargs -r rm -f
cp -r "$work/gen/$module/." "$repo/"
rm -f "$repo"/app/openapi/*.swagger.json
for q in "$work"/swagger/tracechain/*/v1/query.swagger.json; do
  m=$(basename "$(dirname "$(dirname "$q")")")
  cp "$q" "$repo/app/openapi/$m.swagger.json"
done
echo "generated:"; (cd "$work/gen/$module" && find . -name '*.go' | sort)
