package speedtest

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEveryWorkloadCommits runs each workload through the SDK's speedtest
// with --verify-txs, which fails on the first transaction the app refuses:
// the figures the command prints are only worth something if every
// generated transaction is one the chain accepts.
func TestEveryWorkloadCommits(t *testing.T) {
	for _, w := range Workloads() {
		t.Run(w.Name, func(t *testing.T) {
			c := Command(w)
			var out bytes.Buffer
			c.SetOut(&out)
			c.SetErr(&out)
			args := []string{"--accounts", "12", "--txs", "6", "--blocks", "3", "--verify-txs"}
			if w.PerTxFlag != "" {
				args = append(args, "--"+w.PerTxFlag, "7")
			}
			c.SetArgs(args)
			require.NoError(t, c.Execute(), out.String())
			require.Contains(t, out.String(), "Finished 3 blocks (18 txs)")
			tps, err := parseTPS(out.String())
			require.NoError(t, err)
			require.Positive(t, tps)
		})
	}
}

func TestPerTxFlagMustBePositive(t *testing.T) {
	c := Command(Workloads()[1])
	c.SetArgs([]string{"--readings-per-tx", "0"})
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&bytes.Buffer{})
	require.ErrorContains(t, c.Execute(), "--readings-per-tx must be at least 1")
}
