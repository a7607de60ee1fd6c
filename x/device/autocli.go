package device

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/tracechain/tracechain/x/device/types"
)

// deviceHelp documents how every device query names a device.
const deviceHelp = "a device ID (0x address of its first key), its current key's address or its chain account"

func positional(fields ...string) []*autocliv1.PositionalArgDescriptor {
	out := make([]*autocliv1.PositionalArgDescriptor, 0, len(fields))
	for _, f := range fields {
		out = append(out, &autocliv1.PositionalArgDescriptor{ProtoField: f})
	}
	return out
}

// AutoCLIOptions builds `tracechaind query device ...` and the status and
// update transactions; client/cli has register and rotate-key. Readings and batch anchors are signed by the device:
// `tracesigner submit` and `tracesigner anchor` build those messages.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Device", Use: "device [device]", Short: "A device: owner, key, status and heights, last counter; device is " + deviceHelp, PositionalArgs: positional("device")},
				{RpcMethod: "Devices", Use: "devices", Short: "List devices (--owner-org-id to list one organization's)"},
				{RpcMethod: "Reading", Use: "reading [device] [counter]", Short: "A reading on chain, with its signature", PositionalArgs: positional("device", "counter")},
				{RpcMethod: "Readings", Use: "readings [device]", Short: "A device's readings on chain in counter order (--from-counter)", PositionalArgs: positional("device")},
				{RpcMethod: "Anchor", Use: "anchor [device] [counter]", Short: "The anchored batch whose counters cover counter", PositionalArgs: positional("device", "counter")},
				{RpcMethod: "Anchors", Use: "anchors [device]", Short: "A device's anchored batches", PositionalArgs: positional("device")},
				{RpcMethod: "Excursions", Use: "excursions", Short: "Excursions of a lot (--object-id) or of a device (--device)"},
				{RpcMethod: "Clones", Use: "clones [device]", Short: "Clone evidence against a device: two readings signed with one counter", PositionalArgs: positional("device")},
				{RpcMethod: "Params", Use: "params", Short: "Counter, clock and batch limits"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "RegisterDevice", Skip: true},  // client/cli: curve names and hex keys
				{RpcMethod: "RotateDeviceKey", Skip: true}, // client/cli
				{
					RpcMethod: "SetDeviceStatus", Use: "set-status [device] [active|suspended|revoked] [reason]",
					Short: "Suspend, reactivate or revoke a device (org ADMIN or authority); revocation is final", PositionalArgs: positional("device", "status", "reason"),
				},
				{
					RpcMethod: "UpdateDevice", Use: "update [device] [model] [firmware-hash]",
					Short: "Record a device's new model or firmware (org ADMIN)", PositionalArgs: positional("device", "model", "firmware_hash"),
				},
				{RpcMethod: "SubmitReadings", Skip: true}, // signed by the device: tracesigner submit
				{RpcMethod: "AnchorBatch", Skip: true},    // signed by the device: tracesigner anchor
				{RpcMethod: "UpdateParams", Skip: true},   // authority, through a multisig tx built from JSON
			},
		},
	}
}
