// Package cli holds the device commands AutoCLI builds poorly: registration
// and key rotation take curve names (secp256k1, p256) and hex keys and
// signatures as devices and tracesigner print them.
package cli

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/devicekey"
)

// TxCmd is `tracechaind tx device`; AutoCLI adds the other messages to it.
func TxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Hardware signers: register devices, rotate keys, suspend or revoke them",
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(RegisterCmd(), RotateKeyCmd())
	return cmd
}

var kinds = map[string]types.DeviceKind{
	"sensor": types.DEVICE_KIND_SENSOR, "rfid-reader": types.DEVICE_KIND_RFID_READER, "gateway": types.DEVICE_KIND_GATEWAY,
}

func hexArg(name, s string) ([]byte, error) {
	bz, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil {
		return nil, fmt.Errorf("%s: not hex: %w", name, err)
	}
	return bz, nil
}

// RegisterCmd registers a device of the signer's organization.
func RegisterCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register [owner-org-id] [sensor|rfid-reader|gateway] [model] [firmware-sha256] [secp256k1|p256] [public-key-hex] [proof-of-possession-hex]",
		Short: "Register a device of your organization (org ADMIN) with its proof of possession",
		Long: `The device proves it holds its key by signing DeviceRegistration{device, chainId, ownerOrg}
as EIP-712 typed data; ` + "`tracesigner register`" + ` prints that proof and this command. The device's
own account becomes a DEVICE member of the organization.`,
		Example: "tracechaind tx device register 91350400MA2XY00444 sensor TL-200 <sha256> secp256k1 02ab...ef 5f1c...1b --giai urn:epc:id:giai:6903456.TRUCK7-T1 --from logistics-admin",
		Args:    cobra.ExactArgs(7),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			kind, ok := kinds[args[1]]
			if !ok {
				return fmt.Errorf("kind %q: sensor, rfid-reader or gateway", args[1])
			}
			curve, err := devicekey.ParseKeyType(args[4])
			if err != nil {
				return err
			}
			pub, err := hexArg("public-key", args[5])
			if err != nil {
				return err
			}
			pop, err := hexArg("proof-of-possession", args[6])
			if err != nil {
				return err
			}
			giai, _ := cmd.Flags().GetString("giai")
			msg := &types.MsgRegisterDevice{
				Signer: clientCtx.GetFromAddress().String(), OwnerOrgId: args[0], Kind: kind, Model: args[2], FirmwareHash: args[3],
				Giai: giai, KeyType: curve, PublicKey: pub, ProofOfPossession: pop,
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String("giai", "", "GS1 GIAI of the device (EPC URN or Digital Link); AssociationEvents name it")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// RotateKeyCmd replaces a device's key.
func RotateKeyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rotate-key [device] [secp256k1|p256] [new-public-key-hex] [old-key-signature-hex] [new-key-signature-hex]",
		Short: "Replace a device's key (org ADMIN); the old and the new key both sign KeyRotation{device, keyVersion, newPublicKey}",
		Args:  cobra.ExactArgs(5),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			curve, err := devicekey.ParseKeyType(args[1])
			if err != nil {
				return err
			}
			var bz [3][]byte
			for i, name := range []string{"new-public-key", "old-key-signature", "new-key-signature"} {
				if bz[i], err = hexArg(name, args[2+i]); err != nil {
					return err
				}
			}
			msg := &types.MsgRotateDeviceKey{
				Signer: clientCtx.GetFromAddress().String(), Device: args[0], KeyType: curve,
				NewPublicKey: bz[0], OldKeySignature: bz[1], NewKeySignature: bz[2],
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}
