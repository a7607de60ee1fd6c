package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The indexer's arrows point one way: the write path (follower) does not
// depend on the query language (epcisq), and the REST layer (api) does not
// depend on the write path; both meet in the store.
func TestIndexerArrows(t *testing.T) {
	const pkg = "github.com/tracechain/tracechain/cmd/traceindexd/"
	for from, forbidden := range map[string]string{"follower": "epcisq", "api": "follower", "store": "follower"} {
		out, err := exec.Command("go", "list", "-tags", "pebbledb", "-deps", "-f", "{{.ImportPath}}", pkg+from).CombinedOutput()
		require.NoError(t, err, string(out))
		require.NotContains(t, strings.Fields(string(out)), pkg+forbidden, "%s depends on %s", from, forbidden)
	}
}
