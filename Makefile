# TraceChain — the README's two commands are `make demo` and `make test`.

BUILDDIR    ?= $(CURDIR)/build
TOOLSDIR    := $(BUILDDIR)/tools
BUILD_TAGS  := pebbledb
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT      := $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS     := -X github.com/cosmos/cosmos-sdk/version.Name=tracechain \
               -X github.com/cosmos/cosmos-sdk/version.AppName=tracechaind \
               -X github.com/cosmos/cosmos-sdk/version.Version=$(VERSION) \
               -X github.com/cosmos/cosmos-sdk/version.Commit=$(COMMIT) \
               -X "github.com/cosmos/cosmos-sdk/version.BuildTags=$(BUILD_TAGS)"
GOFLAGS_BUILD := -tags '$(BUILD_TAGS)' -ldflags '$(LDFLAGS)'
GOLANGCI_LINT_VERSION := v2.15.0

.PHONY: all build install test test-unit test-e2e chromium vet lint proto-gen demo localnet localnet-stop localnet-status clean bench-indexer speedtest test-faults bench bench-load

all: build

build:
	@mkdir -p $(BUILDDIR)
	go build $(GOFLAGS_BUILD) -o $(BUILDDIR)/ ./cmd/...

install:
	go install $(GOFLAGS_BUILD) ./cmd/...

## test: everything CI checks — vet, lint, unit and end-to-end tests.
test: vet lint test-unit test-e2e

test-unit:
	go test -tags '$(BUILD_TAGS)' -timeout 20m ./...

## test-e2e: real tracechaind processes on 127.0.0.1 (a 4-validator localnet).
test-e2e: build $(TOOLSDIR)/vegeta scripts/epcis-client/node_modules scripts/openapi-lint/node_modules scripts/clients/node_modules chromium
	CLIENTS_DIR=$(CURDIR)/scripts/clients OPENAPI_LINT_DIR=$(CURDIR)/scripts/openapi-lint EPCIS_CLIENT_DIR=$(CURDIR)/scripts/epcis-client VEGETA_BIN=$(TOOLSDIR)/vegeta TRACECHAIND_BIN=$(BUILDDIR)/tracechaind TRACESIGNER_BIN=$(BUILDDIR)/tracesigner TRACEINDEXD_BIN=$(BUILDDIR)/traceindexd go test -tags '$(BUILD_TAGS) e2e' -timeout 30m -count=1 -v ./testutil/e2e/...

## test-faults: the long fault run (make test runs its short form): a 4-validator localnet and an
## indexer under load lose one validator, then two, get them back, and lose node0 and the indexer to
## kill -9, three rounds; then every acknowledged transaction and reading is checked on every node
## and in the indexer, and all nodes' block hashes are compared.
test-faults: build
	TRACECHAIN_FAULTS=long TRACECHAIND_BIN=$(BUILDDIR)/tracechaind TRACESIGNER_BIN=$(BUILDDIR)/tracesigner TRACEINDEXD_BIN=$(BUILDDIR)/traceindexd go test -tags '$(BUILD_TAGS) e2e' -timeout 30m -count=1 -v -run 'TestFaultsUnderLoad' ./testutil/e2e/

## bench-indexer: EPCIS queries over 1,000,000 indexed events (in process), then the indexer
## against CometBFT's tx_search and the chain's own rate on a real one-validator chain
## (a million events on chain: BENCH_DOCS=5051 BENCH_QUERIES=20 BENCH_INDEXER_QUERIES=300, ~1 h).
BENCH_LOTS ?= 200000
BENCH_DOCS ?= 100
BENCH_QUERIES ?= 300
BENCH_INDEXER_QUERIES ?= 0
bench-indexer: build
	go test -tags '$(BUILD_TAGS)' -run xxx -bench . -benchtime 2000x -timeout 60m ./cmd/traceindexd/api/ -bench-lots $(BENCH_LOTS)
	TRACECHAIND_BIN=$(BUILDDIR)/tracechaind TRACESIGNER_BIN=$(BUILDDIR)/tracesigner TRACEINDEXD_BIN=$(BUILDDIR)/traceindexd go test -tags '$(BUILD_TAGS) e2e' -run xxx -bench IndexerVsTxSearch -benchtime 1x -timeout 240m -v ./testutil/e2e/ -bench-docs $(BENCH_DOCS) -bench-queries $(BENCH_QUERIES) -bench-indexer-queries $(BENCH_INDEXER_QUERIES)

## speedtest: raw execution rate of bank sends, readings, batch anchors and EPCIS captures side by side.
speedtest: build
	./scripts/speedtest.sh

## bench-load: the 4-validator localnet under readings, bank sends and batches (saturation, latency
## at 80 %), and one validator for comparison; figures in docs/BENCHMARKS.md.
bench-load: build
	./scripts/bench-load.sh

## bench: every benchmark driver: the execution speedtest, the localnet load, the indexer.
bench: speedtest bench-load bench-indexer

vet:
	go vet -tags '$(BUILD_TAGS)' ./...
	go vet -tags '$(BUILD_TAGS) e2e' ./testutil/e2e/...

## chromium: the headless browser the page tests drive, with a CJK font for
## the Chinese pages (Debian's packages).
chromium:
	@{ command -v chromium || command -v chromium-browser || command -v google-chrome; } >/dev/null && fc-list 2>/dev/null | grep -qi 'wqy\|noto sans cjk' || \
		{ SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei; }

## The npm tools the end-to-end tests check interfaces with: epcis2.js, the
## EPCIS client (testutil/e2e/capture_rest_test.go), Redocly CLI, the OpenAPI
## linter (testutil/e2e/openapi_test.go), and the libraries of docs/CLIENTS.md's
## snippets (ethers, CosmJS); Node.js from Debian when missing.
scripts/%/node_modules: scripts/%/package.json scripts/%/package-lock.json
	@command -v npm >/dev/null || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm; }
	cd scripts/$* && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## vegeta: the HTTP load generator of the indexer's load test (testutil/e2e/edge_load_test.go).
VEGETA_VERSION := v12.13.0
$(TOOLSDIR)/vegeta:
	GOBIN=$(TOOLSDIR) go install github.com/tsenart/vegeta/v12@$(VEGETA_VERSION)

$(TOOLSDIR)/golangci-lint:
	GOBIN=$(TOOLSDIR) go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

## lint: golangci-lint, and the layering rule (the library tier, the modules' types and the
## off-chain binaries link no keeper and not the app).
lint: $(TOOLSDIR)/golangci-lint
	$(TOOLSDIR)/golangci-lint run --build-tags '$(BUILD_TAGS) e2e' ./...
	go test -tags '$(BUILD_TAGS)' -count=1 -run TestLibraryTierIsChainFree ./x/lib/

proto-gen:
	./scripts/protocgen.sh

## demo: build, start a one-validator consortium chain in the foreground.
demo: build
	./scripts/demo.sh

## localnet: four validators on 127.0.0.1 under networks/localnet.
localnet: build
	./scripts/localnet.sh start

localnet-stop:
	./scripts/localnet.sh stop

localnet-status:
	./scripts/localnet.sh status

clean:
	rm -rf $(BUILDDIR)
