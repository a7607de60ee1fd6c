package cmd

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/cmd/tracesigner/simulator"
)

func simulateCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "simulate --devices N --rate R --duration D --home HOME",
		Short: "Drive a fleet of temperature sensors and RFID readers at a chain; print committed readings/s and latency",
		Long: `The org ADMIN (--admin) registers --devices new devices (every --rfid-every-th an RFID reader,
the rest temperature sensors). Each device signs its readings as its firmware would; a gateway
(--gateway) sends them at --rate readings per second for --duration, packing up to --per-tx
readings per transaction. Commit latency is from broadcast to the block that holds the
transaction. --report writes every committed reading (device and counter) as JSON.`,
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
			cfg := simulator.Config{Out: c.OutOrStdout()}
			cfg.Devices, _ = c.Flags().GetInt("devices")
			cfg.Rate, _ = c.Flags().GetFloat64("rate")
			cfg.Duration, _ = c.Flags().GetDuration("duration")
			cfg.Org, _ = c.Flags().GetString("org")
			cfg.PerTx, _ = c.Flags().GetInt("per-tx")
			cfg.Tick, _ = c.Flags().GetDuration("tick")
			cfg.RFIDEvery, _ = c.Flags().GetInt("rfid-every")
			cfg.Drain, _ = c.Flags().GetDuration("drain")
			cfg.Curve, _ = c.Flags().GetString("curve")
			cfg.Senders, _ = c.Flags().GetInt("senders")
			also, _ := c.Flags().GetStringSlice("broadcast-to")
			chainID, _ := c.Flags().GetString(flagChainID)
			for _, node := range also {
				extra, err := chainclient.New(node, chainID)
				if err != nil {
					return err
				}
				cfg.Extra = append(cfg.Extra, extra)
			}
			report, _ := c.Flags().GetString("report")
			ctx := c.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			res, err := simulator.Run(ctx, client, admin, gateway, cfg)
			if err != nil {
				return err
			}
			res.Print(c.OutOrStdout())
			if report != "" {
				return writeReport(c, report, res)
			}
			return nil
		},
	}
	addNodeFlags(c)
	c.Flags().Int("devices", 10, "devices in the fleet")
	c.Flags().Float64("rate", 1000, "readings per second, all devices together")
	c.Flags().Duration("duration", 30*time.Second, "how long to send")
	c.Flags().String("org", "91350400MA2XY00444", "organization owning the fleet")
	c.Flags().String("admin", "logistics-admin", "keyring name of the org ADMIN that registers the devices")
	c.Flags().String("gateway", "logistics-gateway", "keyring name of the org GATEWAY that sends the readings")
	c.Flags().Int("per-tx", 250, "readings per transaction at most")
	c.Flags().Duration("tick", 100*time.Millisecond, "how often the gateway sends what is due")
	c.Flags().Int("rfid-every", 5, "every n-th device is an RFID reader (0: none)")
	c.Flags().Duration("drain", 30*time.Second, "how long to wait for the last transactions to commit")
	c.Flags().String("curve", "mixed", "device keys: secp256k1, p256 or mixed")
	c.Flags().String("report", "", "write the committed readings and figures as JSON")
	c.Flags().Int("senders", 4, "transactions broadcast in parallel (they are unordered)")
	c.Flags().StringSlice("broadcast-to", nil, "more nodes' RPC addresses; transactions go to --node and these in turn")
	return c
}
