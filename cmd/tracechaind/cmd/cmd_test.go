package cmd_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/tracechain/tracechain/cmd/tracechaind/cmd"
)

// run executes tracechaind in-process and returns its output.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := cmd.NewRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := svrcmd.Execute(root, "TRACECHAIND", t.TempDir())
	return out.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := run(t, args...)
	require.NoError(t, err, out)
	return out
}

func newKey(t *testing.T, home, name string) string {
	t.Helper()
	mustRun(t, "keys", "add", name, "--home", home, "--keyring-backend", "test", "--output", "json")
	return strings.TrimSpace(mustRun(t, "keys", "show", name, "-a", "--home", home, "--keyring-backend", "test"))
}

func TestGenesisHelpers(t *testing.T) {
	home := t.TempDir()
	kr := []string{"--home", home, "--keyring-backend", "test"}
	mustRun(t, "init", "node0", "--chain-id", "helpers-1", "--home", home)

	_, err := run(t, "genesis", "validate", "--home", home)
	require.ErrorContains(t, err, "a chain needs at least one genesis validator")
	admin := newKey(t, home, "admin")

	_, err = run(t, append([]string{"genesis", "add-org", "91350100M000100Y44", "Bad Check", admin, "regulator"}, kr...)...)
	require.ErrorContains(t, err, "check character is '4', expected '3'")
	_, err = run(t, append([]string{"genesis", "add-org", "91350100M000100Y43", "Regulator", admin, "emperor"}, kr...)...)
	require.ErrorContains(t, err, `"emperor" is not an organization role`)
	_, err = run(t, append([]string{"genesis", "add-org", "91350100M000100Y43", "Regulator", "nobody", "regulator"}, kr...)...)
	require.ErrorContains(t, err, "neither an address nor a key")

	mustRun(t, append([]string{"genesis", "add-org", "91350100M000100Y43", "Regulator", "admin", "regulator"}, kr...)...)
	_, err = run(t, append([]string{"genesis", "add-org", "91350100M000100Y43", "Again", newKey(t, home, "admin2"), "regulator"}, kr...)...)
	require.ErrorContains(t, err, "already in genesis")

	_, err = run(t, append([]string{"genesis", "add-member", "6901234", newKey(t, home, "op"), "operator"}, kr...)...)
	require.ErrorContains(t, err, "not registered")
	mustRun(t, append([]string{"genesis", "add-member", "91350100M000100Y43", "op", "operator"}, kr...)...)

	_, err = run(t, "genesis", "add-validator", "node0", "10", "91350100M000100Y43", "--home", home)
	require.ErrorContains(t, err, "does not hold the VALIDATOR_OPERATOR role")
	ops := newKey(t, home, "ops")
	mustRun(t, append([]string{"genesis", "add-org", "690123", "Operations", ops, "validator-operator"}, kr...)...)
	out := mustRun(t, "genesis", "add-validator", "node0", "10", "690123", "--home", home)
	require.Contains(t, out, "tracevalcons1")

	_, err = run(t, "genesis", "validate", "--home", home)
	require.ErrorContains(t, err, "no consortium authority")
	for _, k := range []string{"a1", "a2", "a3"} {
		newKey(t, home, k)
	}
	mustRun(t, append([]string{"keys", "add", "authority", "--multisig", "a1,a2,a3", "--multisig-threshold", "2"}, kr...)...)
	_, err = run(t, append([]string{"genesis", "set-authority", "nobody"}, kr...)...)
	require.ErrorContains(t, err, "neither an address nor a key")
	mustRun(t, append([]string{"genesis", "set-authority", "authority"}, kr...)...)

	_, err = run(t, "genesis", "add-company-prefix", "91350999MA2XY0099X", "6905678", "--home", home)
	require.ErrorContains(t, err, "not in genesis")
	mustRun(t, "genesis", "add-company-prefix", "91350100M000100Y43", "6905678", "--home", home)
	_, err = run(t, "genesis", "add-company-prefix", "690123", "69056781", "--home", home)
	require.ErrorContains(t, err, "overlaps")
	_, err = run(t, "genesis", "add-company-prefix", "690123", "69A", "--home", home)
	require.ErrorContains(t, err, "6 to 12 digits")

	out = mustRun(t, "genesis", "validate", "--home", home)
	require.Contains(t, out, "consortium checks passed")

	genesis, err := os.ReadFile(filepath.Join(home, "config", "genesis.json"))
	require.NoError(t, err)
	authority := strings.TrimSpace(mustRun(t, append([]string{"keys", "show", "authority", "-a"}, kr...)...))
	require.Contains(t, string(genesis), `"authority": "`+authority+`"`)
}

func TestLocalnet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "net")
	out := mustRun(t, "localnet", "--validators", "2", "--full-nodes", "1", "--output-dir", dir, "--base-port", "41000")
	require.Contains(t, out, "node2  full node")

	manifest := readManifest(t, dir)
	require.Len(t, manifest.Nodes, 3)
	require.Equal(t, "tcp://127.0.0.1:41017", manifest.Nodes[1].RPC)

	var firstGenesis []byte
	for i, n := range manifest.Nodes {
		genesis, err := os.ReadFile(filepath.Join(n.Home, "config", "genesis.json"))
		require.NoError(t, err)
		if i == 0 {
			firstGenesis = genesis
		}
		require.Equal(t, firstGenesis, genesis, "every node shares one genesis")
		config, err := os.ReadFile(filepath.Join(n.Home, "config", "config.toml"))
		require.NoError(t, err)
		require.Contains(t, string(config), `db_backend = "pebbledb"`)
		for j, other := range manifest.Nodes {
			if j != i {
				require.Contains(t, string(config), other.NodeID+"@127.0.0.1:", "%s peers with %s", n.Name, other.Name)
			}
		}
		appToml, err := os.ReadFile(filepath.Join(n.Home, "config", "app.toml"))
		require.NoError(t, err)
		require.Contains(t, string(appToml), `minimum-gas-prices = "0utrace"`)
		require.Contains(t, string(appToml), "max-txs = 10000")
		require.Contains(t, string(appToml), "iavl-cache-size = 100000")
		require.Contains(t, string(appToml), "[tracechain]\n", "TraceChain's own section")
		require.Contains(t, string(appToml), "mempool-max-txs-per-sender = 1000")
		mustRun(t, "genesis", "validate", "--home", n.Home)
	}
	require.Contains(t, string(firstGenesis), manifest.Authority)
	require.Equal(t, 2, strings.Count(string(firstGenesis), `"operator_org_id"`), "two genesis validators")

	_, err := run(t, "localnet", "--output-dir", dir)
	require.ErrorContains(t, err, "already exists")
}

// testManifest is the part of localnet.json the tests read.
type testManifest struct {
	Authority string `json:"authority"`
	Nodes     []struct {
		Name          string `json:"name"`
		Home          string `json:"home"`
		Validator     bool   `json:"validator"`
		ServesQueries bool   `json:"serves_queries"`
		NodeID        string `json:"node_id"`
		RPC           string `json:"rpc"`
	} `json:"nodes"`
}

func readManifest(t *testing.T, dir string) testManifest {
	t.Helper()
	var m testManifest
	bz, err := os.ReadFile(filepath.Join(dir, "localnet.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(bz, &m))
	return m
}

// TestLocalnetQueryNodes: with --query-nodes 1, node0 keeps what clients and
// traceindexd read; the other validators keep none of it.
func TestLocalnetQueryNodes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "net")
	out := mustRun(t, "localnet", "--validators", "3", "--query-nodes", "1", "--output-dir", dir, "--base-port", "41100")
	require.Contains(t, out, "node0  validator ")
	require.Contains(t, out, "node1  validator, no queries or relay")

	manifest := readManifest(t, dir)
	require.Len(t, manifest.Nodes, 3)
	for i, n := range manifest.Nodes {
		config, err := os.ReadFile(filepath.Join(n.Home, "config", "config.toml"))
		require.NoError(t, err)
		appToml, err := os.ReadFile(filepath.Join(n.Home, "config", "app.toml"))
		require.NoError(t, err)
		serves := i == 0
		require.Equal(t, serves, n.ServesQueries, "node%d", i)
		require.Equal(t, serves, strings.Contains(string(config), `indexer = "kv"`), "node%d transaction index", i)
		require.Equal(t, !serves, strings.Contains(string(config), `indexer = "null"`), "node%d transaction index", i)
		require.Equal(t, !serves, strings.Contains(string(config), "discard_abci_responses = true"), "node%d block results", i)
		require.Equal(t, !serves, strings.Contains(string(appToml), "iavl-disable-fastnode = true"), "node%d IAVL fast index", i)
		require.Equal(t, !serves, strings.Contains(string(config), "broadcast = false"), "node%d relays transactions only if it serves queries", i)
	}

	// With no query node, every node still relays what clients send it.
	dir = filepath.Join(t.TempDir(), "net")
	out = mustRun(t, "localnet", "--validators", "2", "--query-nodes", "0", "--output-dir", dir, "--base-port", "41200")
	require.Contains(t, out, "node1  validator, no queries ")
	for _, n := range readManifest(t, dir).Nodes {
		config, err := os.ReadFile(filepath.Join(n.Home, "config", "config.toml"))
		require.NoError(t, err)
		require.False(t, n.ServesQueries)
		require.Contains(t, string(config), "broadcast = true", n.Name)
	}

	for _, bad := range []string{"-2", "4"} {
		_, err := run(t, "localnet", "--validators", "3", "--query-nodes", bad, "--output-dir", filepath.Join(t.TempDir(), "net"))
		require.ErrorContains(t, err, "--query-nodes "+bad+": want -1 (every node) or 0..3", bad)
	}
}

func TestLocalnetConsortiumFile(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "consortium.json")
	require.NoError(t, os.WriteFile(spec, []byte(`{
		"authority": {"name": "authority", "threshold": 2, "signers": ["s1", "s2"]},
		"organizations": [{"id": "6901234", "name": "Shop", "roles": ["enterprise"], "accounts": [{"name": "shop-admin", "role": "admin"}]}]
	}`), 0o600))
	_, err := run(t, "localnet", "--output-dir", filepath.Join(t.TempDir(), "net"), "--consortium", spec)
	require.ErrorContains(t, err, "no organization holds the validator-operator role")

	dir := filepath.Join(t.TempDir(), "net2")
	out := mustRun(t, "localnet", "--validators", "1", "--output-dir", dir,
		"--consortium", filepath.Join("..", "..", "..", "networks", "consortium.json"))
	require.Contains(t, out, "node0  validator")
	genesis, err := os.ReadFile(filepath.Join(dir, "node0", "config", "genesis.json"))
	require.NoError(t, err)
	require.Contains(t, string(genesis), `"prefix": "6902345"`, "the mill's GS1 company prefix")
}

// Without gov, the authority sends MsgSoftwareUpgrade itself.
func TestUpgradeCommandBuildsAPlainMessage(t *testing.T) {
	home := t.TempDir()
	authority := newKey(t, home, "authority")
	out := mustRun(t, "tx", "upgrade", "software-upgrade", `{"name":"v2","height":"100"}`, "--from", authority,
		"--generate-only", "--chain-id", "x", "--home", home)
	require.Contains(t, out, `"@type":"/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade"`)
	require.Contains(t, out, `"authority":"`+authority+`"`)
	require.NotContains(t, out, "MsgSubmitProposal")
}

func TestEpcisHash(t *testing.T) {
	vectors := filepath.Join("..", "..", "..", "..", "shared", "testdata", "epcis", "hash-vectors")
	out := mustRun(t, "epcis", "hash", filepath.Join(vectors, "epcisDocWithShippingAndTransportingEvent.jsonld"))
	want, err := os.ReadFile(filepath.Join(vectors, "epcisDocWithShippingAndTransportingEvent.hashes"))
	require.NoError(t, err)
	for i, id := range strings.Fields(string(want)) {
		require.Contains(t, out, fmt.Sprintf("%d\tObjectEvent\t%s\n", i, id))
	}
	out = mustRun(t, "epcis", "hash", "--prehash", filepath.Join(vectors, "epcisDocWithSingleEvent.jsonld"))
	require.Contains(t, out, "\teventType=ObjectEventeventTime=2022-02-17T02:33:31.116Z")

	bad := filepath.Join(t.TempDir(), "bad.jsonld")
	require.NoError(t, os.WriteFile(bad, []byte(`{"type":"EPCISDocument","@context":["https://example.com/ctx"],"epcisBody":{"eventList":[]}}`), 0o600))
	_, err = run(t, "epcis", "hash", bad)
	require.ErrorContains(t, err, "remote contexts are not fetched")

	// The XML binding: the same event in XML has the same ID as in JSON-LD.
	xmlVectors := filepath.Join(vectors, "..", "hash-vectors-xml")
	out = mustRun(t, "epcis", "hash", filepath.Join(xmlVectors, "epcisDocWithShippingAndTransportingEvent.xml"))
	for i, id := range strings.Fields(string(want)) {
		require.Contains(t, out, fmt.Sprintf("%d\tObjectEvent\t%s\n", i, id), "the XML twin")
	}
	// convert: JSON-LD to XML and back, the IDs unchanged.
	dir := t.TempDir()
	asXML, asJSON := filepath.Join(dir, "doc.xml"), filepath.Join(dir, "doc.jsonld")
	mustRun(t, "epcis", "convert", filepath.Join(vectors, "epcisDocWithShippingAndTransportingEvent.jsonld"), "--out", asXML)
	mustRun(t, "epcis", "convert", asXML, "--out", asJSON)
	for _, f := range []string{asXML, asJSON} {
		out = mustRun(t, "epcis", "hash", f)
		for i, id := range strings.Fields(string(want)) {
			require.Contains(t, out, fmt.Sprintf("%d\tObjectEvent\t%s\n", i, id), f)
		}
	}
	badXML := filepath.Join(t.TempDir(), "bad.xml")
	require.NoError(t, os.WriteFile(badXML, []byte(`<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"><EPCISBody><EventList><ObjectEvent><eventTime>2024-01-01T00:00:00Z</eventTime><colour>red</colour></ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>`), 0o600))
	_, err = run(t, "epcis", "hash", badXML)
	require.ErrorContains(t, err, "event 0 (ObjectEvent): <colour> is not a field of an EPCIS event")
}
