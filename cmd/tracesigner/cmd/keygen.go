package cmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/x/lib/devicekey"
)

func keygenCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "keygen --curve secp256k1|p256 --out KEYFILE",
		Short: "Make a device key; prints the device ID (its Ethereum-style address) and its chain account",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			curveName, _ := c.Flags().GetString("curve")
			out, _ := c.Flags().GetString("out")
			curve, err := devicekey.ParseKeyType(curveName)
			if err != nil {
				return err
			}
			if out == "" {
				return fmt.Errorf("--out: where to write the key file")
			}
			if _, err := os.Stat(out); err == nil {
				return fmt.Errorf("--out %s exists; a device key is never overwritten", out)
			}
			key, err := devicekey.Generate(curve)
			if err != nil {
				return err
			}
			kf, err := newKeyFile(out, key)
			if err != nil {
				return err
			}
			if err := kf.save(); err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "device %s\naccount %s\npublic key %s (%s)\nkey file %s\n", kf.DeviceID, kf.Account, kf.PublicKey, kf.Curve, out)
			return nil
		},
	}
	c.Flags().String("curve", "secp256k1", "secp256k1 or p256")
	c.Flags().String("out", "", "key file to write (mode 0600)")
	return c
}
