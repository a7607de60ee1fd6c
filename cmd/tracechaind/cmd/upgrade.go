package cmd

import (
	"github.com/spf13/cobra"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/x/upgrade"
)

// The SDK's upgrade CLI wraps plans in gov proposals, and TraceChain has
// no gov: the consortium authority sends MsgSoftwareUpgrade itself. This
// empty `tx upgrade` group is filled by AutoCLI from upgradeTxOptions.
func upgradeTxCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "upgrade",
		Short: "Software upgrades, scheduled and cancelled by the consortium authority",
		RunE:  client.ValidateCmd,
	}
}

// upgradeCLIOptions keeps x/upgrade's queries and replaces its transactions.
func upgradeCLIOptions() *autocliv1.ModuleOptions {
	opts := upgrade.AppModule{}.AutoCLIOptions()
	opts.Tx = &autocliv1.ServiceCommandDescriptor{
		Service:              "cosmos.upgrade.v1beta1.Msg",
		EnhanceCustomCommand: true,
		RpcCommandOptions: []*autocliv1.RpcCommandOptions{
			{
				RpcMethod: "SoftwareUpgrade",
				Use:       "software-upgrade [plan-json]",
				Short:     "Schedule an upgrade: nodes halt at the height until they run a binary that knows the name",
				Example: `tracechaind tx upgrade software-upgrade '{"name":"v2","height":"120000","info":"https://.../v2"}' ` +
					`--from authority --generate-only > unsigned.json`,
				PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "plan"}},
			},
			{
				RpcMethod: "CancelUpgrade",
				Use:       "cancel-upgrade",
				Short:     "Cancel the scheduled upgrade",
			},
		},
	}
	return opts
}
