package cmd

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/x/device/types"
)

func anchorCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "anchor READINGS.jsonl... --key KEYFILE --out BATCH.json [--submit]",
		Short: "Build a batch: the Merkle root over the readings, the device-signed header and every reading's proof",
		Long: `The readings (the device's own, any order) are sorted by counter; the root is CometBFT's
RFC 6962 tree over their EIP-712 struct hashes. The device signs the header. With --submit
the header is anchored on chain (as the device with --key, or through --from GATEWAY);
the batch file goes to the indexer, which checks every leaf against the on-chain root.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			keyPath, _ := c.Flags().GetString(flagKey)
			out, _ := c.Flags().GetString("out")
			chainID, _ := c.Flags().GetString(flagChainID)
			submit, _ := c.Flags().GetBool("submit")
			kf, err := loadKeyFile(keyPath)
			if err != nil {
				return err
			}
			readings, err := readReadings(args)
			if err != nil {
				return err
			}
			h, leaves, err := buildBatch(kf.DeviceID, readings)
			if err != nil {
				return err
			}
			if err := kf.key.SignBatch(types.NewDomain(chainID), &h); err != nil {
				return err
			}
			root, proofs := types.MerkleProofs(leaves)
			if err := writeBatchFile(out, chainID, &h, readings, proofs); err != nil {
				return err
			}
			w := c.OutOrStdout()
			fmt.Fprintf(w, "batch of %d readings, counters %d..%d, root %x\nwritten to %s\n", h.Count, h.FirstCounter, h.LastCounter, root, out)
			if !submit {
				return nil
			}
			client, err := connect(c)
			if err != nil {
				return err
			}
			from, _ := c.Flags().GetString(flagFrom)
			if from != "" {
				// --key names the device here; the gateway signs the transaction.
				c.Flags().Set(flagKey, "") //nolint:errcheck // a defined flag
			}
			signer, err := submitter(c, client)
			if err != nil {
				return err
			}
			signerAddr, err := chainaddress.AccountAddressCodec().BytesToString(signer.Address())
			if err != nil {
				return err
			}
			res, err := sendAndWait(c.Context(), client, signer, &types.MsgAnchorBatch{Signer: signerAddr, Header: h})
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "anchored at height %d, tx %X\n", res.Height, res.Hash)
			return nil
		},
	}
	addNodeFlags(c)
	c.Flags().String(flagKey, "device.json", "device key file (signs the header)")
	c.Flags().String("out", "batch.json", "batch file to write")
	c.Flags().Bool("submit", false, "anchor the header on chain")
	c.Flags().String(flagFrom, "", "with --submit: a GATEWAY account sends the header instead of the device")
	return c
}

// buildBatch sorts a device's readings by counter and makes the header
// (unsigned) and the Merkle leaves.
func buildBatch(device string, readings []types.Reading) (types.BatchHeader, []types.Hash, error) {
	id, err := types.CanonicalAddress("device", device)
	if err != nil {
		return types.BatchHeader{}, nil, err
	}
	sortByCounter(readings)
	leaves := make([]types.Hash, len(readings))
	h := types.BatchHeader{Device: id, FirstCounter: readings[0].Counter, LastCounter: readings[len(readings)-1].Counter, Count: uint64(len(readings))}
	h.FirstTimeMs, h.LastTimeMs = readings[0].DeviceTimeMs, readings[0].DeviceTimeMs
	for i := range readings {
		r := &readings[i]
		if other, err := types.CanonicalAddress("device", r.Device); err != nil || other != id {
			return h, nil, fmt.Errorf("reading %d is device %s's, not %s's", i, r.Device, id)
		}
		if i > 0 && r.Counter == readings[i-1].Counter {
			return h, nil, fmt.Errorf("counter %d appears twice", r.Counter)
		}
		h.FirstTimeMs = min(h.FirstTimeMs, r.DeviceTimeMs)
		h.LastTimeMs = max(h.LastTimeMs, r.DeviceTimeMs)
		if leaves[i], err = r.StructHash(); err != nil {
			return h, nil, fmt.Errorf("reading %d: %w", i, err)
		}
	}
	h.MerkleRoot = types.MerkleRoot(leaves)
	return h, leaves, nil
}

func sortByCounter(rs []types.Reading) {
	slices.SortStableFunc(rs, func(a, b types.Reading) int { return cmp.Compare(a.Counter, b.Counter) })
}
