package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/x/device/types"
)

func registerCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "register --key KEYFILE --org ORG-ID",
		Short: "Sign the device's proof of possession and print the org admin's registration transaction",
		Long: `The device signs DeviceRegistration{device, chainId, ownerOrg} as EIP-712 typed data.
The organization's ADMIN then registers it with the printed tracechaind command.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			path, _ := c.Flags().GetString(flagKey)
			org, _ := c.Flags().GetString("org")
			kind, _ := c.Flags().GetString("kind")
			model, _ := c.Flags().GetString("model")
			firmware, _ := c.Flags().GetString("firmware-hash")
			giai, _ := c.Flags().GetString("giai")
			admin, _ := c.Flags().GetString("admin")
			chainID, _ := c.Flags().GetString(flagChainID)
			if org == "" {
				return fmt.Errorf("--org: the organization that will own the device")
			}
			kf, err := loadKeyFile(path)
			if err != nil {
				return err
			}
			pop, err := kf.key.ProofOfPossession(types.NewDomain(chainID), org)
			if err != nil {
				return err
			}
			out := c.OutOrStdout()
			fmt.Fprintf(out, "device %s (%s), account %s\nproof of possession %x\n\n", kf.DeviceID, kf.Curve, kf.Account, pop)
			args := []string{"tracechaind tx device register", org, kind, shellQuote(model), firmware, kf.Curve, kf.PublicKey, fmt.Sprintf("%x", pop)}
			if giai != "" {
				args = append(args, "--giai", giai)
			}
			args = append(args, "--from", admin, "--chain-id", chainID)
			fmt.Fprintf(out, "The admin of %s registers it:\n  %s\n", org, strings.Join(args, " "))
			return nil
		},
	}
	addChainFlags(c)
	c.Flags().String(flagKey, "device.json", "device key file")
	c.Flags().String("org", "", "owner organization ID")
	c.Flags().String("kind", "sensor", "sensor, rfid-reader or gateway")
	c.Flags().String("model", "TL-200", "device model")
	c.Flags().String("firmware-hash", strings.Repeat("0", 64), "SHA-256 of the firmware image (64 hex digits)")
	c.Flags().String("giai", "", "GS1 GIAI of the device, if it has one (AssociationEvents name it)")
	c.Flags().String("admin", "ADMIN-KEY", "keyring name of the org admin, for the printed command")
	return c
}

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " '\"$`\\") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
