package lib_test

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/tracechain/tracechain/"

// chainCode matches what the library tier, the modules' types and the
// off-chain binaries must not link: the app, any module's keeper, or an
// SDK module's keeper.
var chainCode = regexp.MustCompile(`^(` + regexp.QuoteMeta(module) + `app|` + regexp.QuoteMeta(module) + `x/[a-z]+/keeper|github\.com/cosmos/cosmos-sdk/x/[a-z]+/keeper)$`)

// deps lists the packages a package links, as `go list -deps` does.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-tags", "pebbledb", "-deps", "-f", "{{.ImportPath}}", module+pkg).CombinedOutput()
	require.NoError(t, err, string(out))
	return strings.Fields(string(out))
}

// packages lists the packages matching a pattern under the module.
func packages(t *testing.T, pattern string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-tags", "pebbledb", module+pattern).CombinedOutput()
	require.NoError(t, err, string(out))
	var pkgs []string
	for _, p := range strings.Fields(string(out)) {
		pkgs = append(pkgs, strings.TrimPrefix(p, module))
	}
	return pkgs
}

func requireChainFree(t *testing.T, pkg string) {
	t.Helper()
	for _, d := range deps(t, pkg) {
		require.False(t, chainCode.MatchString(d), "%s links %s", pkg, d)
	}
}

// The arrows of DESIGN.md §1: the library tier links no chain code; a
// module's types import no keeper (modules meet through interfaces they
// declare); the off-chain binaries, tracesigner and traceindexd, link no
// keeper and not the app. `make lint` runs this test.
func TestLibraryTierIsChainFree(t *testing.T) {
	var checked []string
	checked = append(checked, packages(t, "x/lib/...")...)
	for _, p := range packages(t, "x/...") {
		if strings.HasSuffix(p, "/types") {
			checked = append(checked, p)
		}
	}
	checked = append(checked, "cmd/tracesigner", "cmd/traceindexd")
	require.GreaterOrEqual(t, len(checked), 12)
	for _, p := range checked {
		requireChainFree(t, p)
	}
}
