package speedtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/spf13/cobra"

	"cosmossdk.io/log/v2"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdkspeedtest "github.com/cosmos/cosmos-sdk/tools/speedtest"

	"github.com/tracechain/tracechain/app"
)

// Command is `tracechaind speedtest <workload>`: the SDK's speedtest over a
// fresh TraceChain app on Pebble in a temporary directory, with the
// workload's genesis and transactions. It prints the SDK's figures and
// the rate of what the transactions carry (readings/s, events/s).
func Command(w Workload) *cobra.Command {
	c := &cobra.Command{
		Use:   w.Name,
		Short: w.Short,
		Long: w.Short + `.

Every transaction is signed in advance; then blocks of --txs transactions
run through FinalizeBlock and Commit (ante handler and signature checks
included), --blocks of them, and the time of that alone gives TPS. Use
--verify-txs once to check that every transaction succeeds.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return run(c, w) },
	}
	// The SDK's command keeps its flags in package variables; a copy of
	// them here sets the same variables.
	c.Flags().AddFlagSet(sdkspeedtest.NewCmd(nil, nil, nil, nil, nil, "").Flags())
	if w.PerTxFlag != "" {
		c.Flags().Int(w.PerTxFlag, w.PerTx, w.Unit+" per transaction")
	}
	return c
}

func run(c *cobra.Command, w Workload) (err error) {
	perTx := w.PerTx
	if w.PerTxFlag != "" {
		if perTx, err = c.Flags().GetInt(w.PerTxFlag); err != nil {
			return err
		}
		if perTx < 1 {
			return fmt.Errorf("--%s must be at least 1", w.PerTxFlag)
		}
	}
	dir, err := os.MkdirTemp("", "tracechain-speedtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := dbm.NewDB("application", dbm.PebbleDBBackend, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := app.New(log.NewNopLogger(), db, true, simtestutil.NewAppOptionsWithFlagHome(dir), baseapp.SetChainID(ChainID))
	if err != nil {
		return err
	}

	// The SDK's command starts the chain with simtestutil's consensus
	// params, and TraceChain refuses a genesis whose consensus params name
	// no consortium authority: name one there (it never transacts here).
	authority, err := chainaddress.AccountAddressCodec().BytesToString(secp256k1.GenPrivKeyFromSecret([]byte("tracechain/speedtest/authority")).PubKey().Address())
	if err != nil {
		return err
	}
	simtestutil.DefaultConsensusParams.Authority = &cmtproto.AuthorityParams{Authority: authority}

	f := newFixture(a.TxConfig(), w.role)
	var generate func() []byte
	genesis := func(cdc codec.Codec, state map[string]json.RawMessage) {
		f.membershipGenesis(cdc, state)
		generate = w.prepare(f, perTx, cdc, state)
	}
	inner := sdkspeedtest.NewCmd(f.createAccount, func() []byte { return generate() }, a, a.AppCodec(), a.DefaultGenesis(), ChainID, genesis)
	var printed bytes.Buffer
	inner.SetOut(io.MultiWriter(c.OutOrStdout(), &printed))
	// The generators panic on what cannot happen with well-formed inputs
	// (a key that does not sign); say so as an error, not a stack.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("speedtest %s: %v", w.Name, r)
		}
	}()
	fmt.Fprintf(c.OutOrStdout(), "workload %s: %d %s per transaction\n", w.Name, perTx, w.Unit)
	if err := inner.RunE(inner, nil); err != nil {
		return err
	}
	tps, err := parseTPS(printed.String())
	if err != nil {
		return err
	}
	fmt.Fprintf(c.OutOrStdout(), "%s/s: %.0f\n", strings.ToUpper(w.Unit[:1])+w.Unit[1:], tps*float64(perTx))
	return nil
}

// parseTPS reads the "TPS: 1234.5" line the SDK's command prints.
func parseTPS(out string) (float64, error) {
	s := bufio.NewScanner(strings.NewReader(out))
	for s.Scan() {
		var tps float64
		if _, err := fmt.Sscanf(s.Text(), "TPS: %f", &tps); err == nil {
			return tps, nil
		}
	}
	return 0, fmt.Errorf("the speedtest printed no TPS line:\n%s", out)
}
