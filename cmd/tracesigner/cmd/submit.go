package cmd

import (
	"context"
	"fmt"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/x/device/types"
)

func submitCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "submit READINGS.jsonl... (--key KEYFILE | --from GATEWAY --home HOME)",
		Short: "Send signed readings in one transaction, as the device's own account or through a gateway",
		Long: `With --key the device's own key signs the transaction (its account is a DEVICE member of
its organization); with --from a GATEWAY account of the devices' organization, from a
tracechaind keyring, signs it. Waits for the block and prints what the chain accepted.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			readings, err := readReadings(args)
			if err != nil {
				return err
			}
			client, err := connect(c)
			if err != nil {
				return err
			}
			signer, err := submitter(c, client)
			if err != nil {
				return err
			}
			signerAddr, err := chainaddress.AccountAddressCodec().BytesToString(signer.Address())
			if err != nil {
				return err
			}
			res, err := sendAndWait(c.Context(), client, signer, &types.MsgSubmitReadings{Signer: signerAddr, Readings: readings})
			if err != nil {
				return err
			}
			resp, err := client.SubmitReadingsResponse(res)
			if err != nil {
				return err
			}
			out := c.OutOrStdout()
			fmt.Fprintf(out, "committed at height %d, tx %X: %d of %d readings accepted\n", res.Height, res.Hash, resp.Accepted, len(readings))
			for _, r := range resp.Refused {
				fmt.Fprintf(out, "  refused reading %d (device %s, counter %d): %s\n", r.Index, r.Device, r.Counter, r.Reason)
			}
			for _, id := range resp.ExcursionIds {
				fmt.Fprintf(out, "  excursion %d recorded\n", id)
			}
			return nil
		},
	}
	addNodeFlags(c)
	c.Flags().String(flagKey, "", "device key file: the device's own account signs")
	c.Flags().String(flagFrom, "", "keyring name of a GATEWAY account of the devices' organization")
	return c
}

// submitter is the device's own key (--key) or a keyring account (--from).
func submitter(c *cobra.Command, client *chainclient.Client) (chainclient.Signer, error) {
	keyPath, _ := c.Flags().GetString(flagKey)
	from, _ := c.Flags().GetString(flagFrom)
	switch {
	case keyPath != "" && from != "":
		return nil, fmt.Errorf("--key (the device signs) or --from (a gateway signs), not both")
	case keyPath != "":
		kf, err := loadKeyFile(keyPath)
		if err != nil {
			return nil, err
		}
		acc, err := kf.key.AccountKey()
		if err != nil {
			return nil, err
		}
		return chainclient.KeySigner{Key: acc}, nil
	case from != "":
		return keyringSigner(c, client, flagFrom)
	default:
		return nil, fmt.Errorf("--key KEYFILE (the device signs) or --from GATEWAY (a gateway signs)")
	}
}

// sendAndWait signs, broadcasts and waits for one transaction; a refusal
// in the block is an error with the chain's log.
func sendAndWait(ctx context.Context, client *chainclient.Client, signer chainclient.Signer, msg interface {
	ProtoMessage()
	Reset()
	String() string
},
) (*resultTx, error) {
	// Unordered: a device or gateway need not know its account's
	// sequence, and its other transactions in flight do not matter.
	u, err := client.UnorderedSigner(signer)
	if err != nil {
		return nil, err
	}
	tx, err := client.BuildUnordered(u, msg)
	if err != nil {
		return nil, err
	}
	hash, err := client.Broadcast(ctx, tx)
	if err != nil {
		return nil, err
	}
	res, err := client.WaitTx(ctx, hash, time.Minute)
	if err != nil {
		return nil, fmt.Errorf("tx %X: %w", hash, err)
	}
	if res.TxResult.Code != 0 {
		return nil, fmt.Errorf("tx %X refused at height %d (code %d, %s): %s", hash, res.Height, res.TxResult.Code, res.TxResult.Codespace, res.TxResult.Log)
	}
	return res, nil
}
