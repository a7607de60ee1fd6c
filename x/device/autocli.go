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

// AutoCLIOptions builds `tracechaind query device ...` and the registry
// transactions. Readings and batch anchors are signed by the device:
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
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "RegisterDevice", Use: "register [owner-org-id] [kind] [model] [firmware-hash] [key-type] [public-key-hex] [proof-of-possession-hex]",
					Short:          "Register a device of your organization (org ADMIN); `tracesigner register` prints this command with the device's proof of possession",
					Example:        "tracechaind tx device register 91350400MA2XY0044A sensor TL-200 <sha256> secp256k1 02ab... 5f1c... --giai urn:epc:id:giai:6903456.TRUCK7-T1 --from logistics-admin",
					PositionalArgs: positional("owner_org_id", "kind", "model", "firmware_hash", "key_type", "public_key", "proof_of_possession"),
				},
				{
					RpcMethod: "RotateDeviceKey", Use: "rotate-key [device] [key-type] [new-public-key-hex] [old-key-signature-hex] [new-key-signature-hex]",
					Short:          "Replace a device's key; both keys sign the rotation (`tracesigner rotate` prints this command)",
					PositionalArgs: positional("device", "key_type", "new_public_key", "old_key_signature", "new_key_signature"),
				},
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
