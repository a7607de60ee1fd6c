package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/cmd/tracesigner/simulator"
)

func batchLoadCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "batch-load --devices N --readings R --batch B --indexer URL --home HOME",
		Short: "Devices keep readings and anchor them in batches; print readings anchored and served with proofs per second",
		Long: `The org ADMIN (--admin) registers --devices new devices; each signs --readings readings into
batches of --batch (its own work, timed apart). The gateway (--gateway) anchors the headers,
--anchors-per-tx to a transaction; then every batch goes to the indexer (--uploads at a time),
which checks every reading against the root on chain before storing it. The rate is readings
over the time from the first anchor to the last batch stored. A page of every device's readings
is read back and each proof checked.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			client, err := connect(c)
			if err != nil {
				return err
			}
			admin, err := keyringSigner(c, client, "admin")
			if err != nil {
				return err
			}
			gateway, err := keyringSigner(c, client, "gateway")
			if err != nil {
				return err
			}
			cfg := simulator.BatchConfig{Out: c.OutOrStdout()}
			cfg.Devices, _ = c.Flags().GetInt("devices")
			cfg.Readings, _ = c.Flags().GetInt("readings")
			cfg.BatchSize, _ = c.Flags().GetInt("batch")
			cfg.Org, _ = c.Flags().GetString("org")
			cfg.Curve, _ = c.Flags().GetString("curve")
			cfg.AnchorsPerTx, _ = c.Flags().GetInt("anchors-per-tx")
			cfg.Uploads, _ = c.Flags().GetInt("uploads")
			cfg.Indexer, _ = c.Flags().GetString("indexer")
			switch format, _ := c.Flags().GetString("format"); format {
			case "protobuf":
				cfg.Protobuf = true
			case "json":
			default:
				return fmt.Errorf("--format: protobuf or json, not %q", format)
			}
			res, err := simulator.RunBatches(cmdContext(c), client, admin, gateway, cfg)
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
	c.Flags().Int("devices", 10, "devices in the fleet")
	c.Flags().Int("readings", 100_000, "readings each device keeps")
	c.Flags().Int("batch", 10_000, "readings in a batch")
	c.Flags().String("org", "91350400MA2XY00444", "organization owning the fleet")
	c.Flags().String("admin", "logistics-admin", "keyring name of the org ADMIN that registers the devices")
	c.Flags().String("gateway", "logistics-gateway", "keyring name of the org GATEWAY that anchors the headers")
	c.Flags().String("curve", "mixed", "device keys: secp256k1, p256 or mixed")
	c.Flags().Int("anchors-per-tx", 25, "batch headers in one transaction (the chain allows 32 messages)")
	c.Flags().Int("uploads", 2, "batches posted to the indexer at a time")
	c.Flags().String("indexer", "http://127.0.0.1:8090", "traceindexd's REST address")
	c.Flags().String("report", "", "write the figures as JSON")
	c.Flags().String("format", "protobuf", "upload format: protobuf (BatchContents) or json (as `anchor` writes batches)")
	return c
}

// cmdContext is the command's context, or a background one.
func cmdContext(c *cobra.Command) context.Context {
	if ctx := c.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
