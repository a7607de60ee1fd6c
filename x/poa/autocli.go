package poa

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/tracechain/tracechain/x/poa/types"
)

// AutoCLIOptions builds `tracechaind tx|query poa ...` from the proto services.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Validator", Use: "validator [consensus-address]", Short: "Show one validator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "consensus_address"}},
				},
				{RpcMethod: "Validators", Use: "validators", Short: "List the validator set and its total power"},
				{RpcMethod: "Params", Use: "params", Short: "Show the validator-set limits"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "AddValidator", Use: "add-validator [name] [consensus-pubkey-json] [power] [operator-org-id]",
					Short:   "Admit a validator (authority); the key is what `tracechaind comet show-validator` prints",
					Example: `tracechaind tx poa add-validator node5 '{"@type":"/cosmos.crypto.ed25519.PubKey","key":"..."}' 10 913501000000000000 --from authority`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "name"}, {ProtoField: "consensus_pubkey"}, {ProtoField: "power"}, {ProtoField: "operator_org_id"},
					},
				},
				{
					RpcMethod: "SetValidatorPower", Use: "set-validator-power [consensus-address] [power]",
					Short:          "Re-weight a validator (authority); --force allows moving more than 1/3 of the power in one block",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "consensus_address"}, {ProtoField: "power"}},
				},
				{
					RpcMethod: "RemoveValidator", Use: "remove-validator [consensus-address]",
					Short:          "Remove a validator (authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "consensus_address"}},
				},
				{
					RpcMethod: "UpdateParams", Use: "update-params [params-json]",
					Short:          "Replace the validator-set limits (authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				},
			},
		},
	}
}
