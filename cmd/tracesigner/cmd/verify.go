package cmd

import (
	"encoding/hex"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/x/device/types"
)

func verifyCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "verify --batch BATCH.json [--counter N | --all] [--reading READING.json]",
		Short: "Offline: check a batch header's device signature and a reading against the root with its proof",
		Long: `Needs no node. The header's signature must be the device's (secp256k1: recovered and
compared with the header's device; P-256: against --public-key). A reading — the batch's own,
or the one in --reading, e.g. as an app received it — must sit under the root with its proof.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			path, _ := c.Flags().GetString("batch")
			counter, _ := c.Flags().GetUint64("counter")
			all, _ := c.Flags().GetBool("all")
			readingPath, _ := c.Flags().GetString("reading")
			pubHex, _ := c.Flags().GetString("public-key")
			chainID, h, readings, proofs, err := readBatchFile(path)
			if err != nil {
				return err
			}
			if err := verifyHeader(chainID, &h, pubHex); err != nil {
				return fmt.Errorf("header: %w", err)
			}
			w := c.OutOrStdout()
			fmt.Fprintf(w, "header: signed by device %s for chain %s, counters %d..%d, root %x\n", h.Device, chainID, h.FirstCounter, h.LastCounter, h.MerkleRoot)
			var override *types.Reading
			if readingPath != "" {
				bz, err := os.ReadFile(readingPath)
				if err != nil {
					return err
				}
				override = &types.Reading{}
				if err := jsonCodec.UnmarshalJSON(bz, override); err != nil {
					return fmt.Errorf("%s: %w", readingPath, err)
				}
				counter = override.Counter
			}
			checked := 0
			for i := range readings {
				if !all && readings[i].Counter != counter {
					continue
				}
				r := &readings[i]
				if override != nil {
					r = override
				}
				leaf, err := r.StructHash()
				if err != nil {
					return fmt.Errorf("reading counter %d: %w", r.Counter, err)
				}
				if err := types.VerifyInclusion(h.MerkleRoot, proofs[i], leaf); err != nil {
					return fmt.Errorf("reading counter %d is NOT in the anchored batch: %w", r.Counter, err)
				}
				checked++
			}
			if checked == 0 {
				return fmt.Errorf("no reading with counter %d in the batch (counters %d..%d)", counter, h.FirstCounter, h.LastCounter)
			}
			fmt.Fprintf(w, "OK: %d reading(s) verified against the root\n", checked)
			return nil
		},
	}
	c.Flags().String("batch", "batch.json", "batch file written by anchor")
	c.Flags().Uint64("counter", 0, "the reading to check, by counter")
	c.Flags().Bool("all", false, "check every reading of the batch")
	c.Flags().String("reading", "", "a reading (JSON) to check in place of the batch's own at its counter")
	c.Flags().String("public-key", "", "hex public key of a P-256 device (secp256k1 keys are recovered)")
	return c
}

// verifyHeader checks the device's signature of the header.
func verifyHeader(chainID string, h *types.BatchHeader, pubHex string) error {
	hash, err := h.StructHash()
	if err != nil {
		return err
	}
	digest := types.NewDomain(chainID).Digest(hash)
	device, err := types.ParseAddress("device", h.Device)
	if err != nil {
		return err
	}
	var key types.PublicKey
	switch {
	case pubHex != "":
		bz, err := hex.DecodeString(pubHex)
		if err != nil {
			return fmt.Errorf("--public-key: %w", err)
		}
		if key, err = types.ParsePublicKey(types.KEY_TYPE_P256, bz); err != nil {
			if key, err = types.ParsePublicKey(types.KEY_TYPE_SECP256K1, bz); err != nil {
				return err
			}
		}
		if key.Address() != device {
			return fmt.Errorf("--public-key is not device %s's key", h.Device)
		}
		return key.Verify(digest, h.Signature)
	case len(h.Signature) == 65:
		signer, err := types.RecoverAddress(digest, h.Signature)
		if err != nil {
			return err
		}
		if signer != device {
			return types.ErrWrongSigner.Wrapf("signed by %s, not device %s (another key, or another chain)", types.FormatAddress(signer), h.Device)
		}
		return nil
	default:
		return fmt.Errorf("a P-256 signature cannot be recovered: give the device's --public-key")
	}
}
