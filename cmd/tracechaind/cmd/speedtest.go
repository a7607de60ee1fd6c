package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"

	"github.com/tracechain/tracechain/cmd/tracechaind/speedtest"
)

// speedtestCommand groups the execution speedtests, one per workload.
func speedtestCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "speedtest",
		Short: "Raw execution rate of the app (the Cosmos SDK's speedtest) for bank sends, readings, batch anchors and EPCIS captures",
		Long: `Runs blocks of pre-signed transactions straight through the app (FinalizeBlock and
Commit on Pebble, no CometBFT, no network) and prints transactions per second, and the
rate of what they carry. scripts/speedtest.sh runs every workload side by side.`,
		RunE: client.ValidateCmd,
	}
	for _, w := range speedtest.Workloads() {
		c.AddCommand(speedtest.Command(w))
	}
	return c
}
