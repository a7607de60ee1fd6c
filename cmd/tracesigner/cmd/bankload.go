package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/cmd/tracesigner/loadgen"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
)

// consortiumSenders are the business accounts of networks/consortium.json.
var consortiumSenders = []string{
	"regulator-admin", "regulator-inspector", "farm-admin", "farm-operator", "mill-admin",
	"mill-operator", "logistics-admin", "logistics-operator", "retail-admin", "retail-operator",
}

func bankLoadCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "bank-load --rate R --duration D --home HOME",
		Short: "The reference load: bank sends between members at a rate; print committed transactions/s and latency",
		Long: `The issuer (--issuer, an ISSUER org's account; "" to skip) first mints --fund of the settlement
coin to every sender; then the senders (--from, keyring names) send 1 unit each to the next, at
--rate transactions per second together for --duration, each sender in its own sequence. Commit
latency is from broadcast to the block that holds the transaction. --report writes the figures and
every committed transaction (hash, height) as JSON.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			client, err := connect(c)
			if err != nil {
				return err
			}
			home, _ := c.Flags().GetString(flagHome)
			backend, _ := c.Flags().GetString(flagBackend)
			cfg := loadgen.Config{Out: c.OutOrStdout()}
			names, _ := c.Flags().GetStringSlice("from")
			for _, name := range names {
				k, err := client.OpenKeyring(home, backend, name)
				if err != nil {
					return err
				}
				s, err := k.InMemory()
				if err != nil {
					return err
				}
				cfg.Senders = append(cfg.Senders, s)
			}
			if issuer, _ := c.Flags().GetString("issuer"); issuer != "" {
				if cfg.Issuer, err = client.OpenKeyring(home, backend, issuer); err != nil {
					return err
				}
			}
			cfg.Fund, _ = c.Flags().GetInt64("fund")
			cfg.Denom, _ = c.Flags().GetString("denom")
			cfg.Rate, _ = c.Flags().GetFloat64("rate")
			cfg.Duration, _ = c.Flags().GetDuration("duration")
			cfg.Drain, _ = c.Flags().GetDuration("drain")
			ctx := c.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			res, err := loadgen.RunBankSends(ctx, client, cfg)
			if err != nil {
				return err
			}
			res.Print(c.OutOrStdout())
			if report, _ := c.Flags().GetString("report"); report != "" {
				return writeReport(c, report, res)
			}
			return nil
		},
	}
	addNodeFlags(c)
	c.Flags().StringSlice("from", consortiumSenders, "keyring names of the senders")
	c.Flags().String("issuer", "bank-admin", `keyring name of an ISSUER's account that funds the senders ("" to skip)`)
	c.Flags().Int64("fund", 1_000_000_000, "settlement units minted to each sender first")
	c.Flags().String("denom", servicetypes.DefaultSettlementDenom, "denom sent (the chain's settlement denom)")
	c.Flags().Float64("rate", 200, "transactions per second, all senders together")
	c.Flags().Duration("duration", 30*time.Second, "how long to send")
	c.Flags().Duration("drain", 30*time.Second, "how long to wait for the last transactions to commit")
	c.Flags().String("report", "", "write the figures and committed transactions as JSON")
	return c
}

// writeReport writes a run's result as indented JSON.
func writeReport(c *cobra.Command, path string, v any) error {
	bz, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, bz, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(c.OutOrStdout(), "report: %s\n", path)
	return nil
}
