package cmd_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/tracesigner/cmd"
)

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := cmd.NewRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

// The offline path of a device: a key, readings signed with counters that
// never repeat, a batch anchored under a root, each reading verified
// against it, and a changed reading refused.
func TestOfflineDeviceFlow(t *testing.T) {
	for _, curve := range []string{"secp256k1", "p256"} {
		t.Run(curve, func(t *testing.T) {
			dir := t.TempDir()
			key := filepath.Join(dir, "device.json")
			out, err := run(t, "keygen", "--curve", curve, "--out", key)
			require.NoError(t, err)
			require.Contains(t, out, "device 0x")
			info, err := os.Stat(key)
			require.NoError(t, err)
			require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the key file is its owner's only")
			_, err = run(t, "keygen", "--curve", curve, "--out", key)
			require.ErrorContains(t, err, "never overwritten")

			out, err = run(t, "register", "--key", key, "--org", "91350400MA2XY00444", "--giai", "urn:epc:id:giai:6903456.T1")
			require.NoError(t, err)
			require.Contains(t, out, "tracechaind tx device register 91350400MA2XY00444 sensor TL-200")
			require.Contains(t, out, "--giai urn:epc:id:giai:6903456.T1")

			var lines []string
			for i := range 5 {
				out, err := run(t, "sign", "--key", key, "--value", "4."+string(rune('0'+i)), "--time-ms", "1772366400000")
				require.NoError(t, err)
				require.Contains(t, out, `"counter":"`+string(rune('1'+i))+`"`, "each reading takes the next counter")
				lines = append(lines, out)
			}
			_, err = run(t, "sign", "--key", key, "--value", "1e3")
			require.ErrorContains(t, err, "value")
			readings := filepath.Join(dir, "readings.jsonl")
			require.NoError(t, os.WriteFile(readings, []byte(strings.Join(lines, "")), 0o644))

			batch := filepath.Join(dir, "batch.json")
			out, err = run(t, "anchor", readings, "--key", key, "--out", batch)
			require.NoError(t, err)
			require.Contains(t, out, "batch of 5 readings, counters 1..5")

			args := []string{"verify", "--batch", batch, "--all"}
			if curve == "p256" {
				_, err = run(t, args...)
				require.ErrorContains(t, err, "public-key", "a P-256 signature cannot be recovered")
				pub := strings.Fields(strings.Split(mustRead(t, key), `"public_key": "`)[1])[0]
				args = append(args, "--public-key", strings.Trim(pub, `",`))
			}
			out, err = run(t, args...)
			require.NoError(t, err)
			require.Contains(t, out, "OK: 5 reading(s) verified")

			changed := filepath.Join(dir, "changed.json")
			require.NoError(t, os.WriteFile(changed, []byte(strings.Replace(lines[2], `"value":"4.2"`, `"value":"9.2"`, 1)), 0o644))
			_, err = run(t, append(args[:len(args):len(args)], "--reading", changed)...)
			require.ErrorContains(t, err, "NOT in the anchored batch")
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(bz)
}
