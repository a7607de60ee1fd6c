package cmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/cmd/tracesigner/indexerclient"
	"github.com/tracechain/tracechain/x/lib/uploadauth"
)

func uploadCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "upload BATCH.json --indexer URL --from ACCOUNT --home HOME",
		Short: "Send a batch's contents (as `anchor` wrote them) to traceindexd, signed by a member account",
		Long: `Send a batch's contents (as anchor wrote them) to traceindexd, which stores them only if
every reading is under the root anchored on chain. The upload is signed by --from, a key of a
tracechaind keyring: the gateway account that anchored the batch, or any member account of the
device's organization — the indexer takes uploads from members only.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			_, h, _, _, err := readBatchFile(args[0])
			if err != nil {
				return err
			}
			body, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			client, err := chainclient.New(defaultNode, "")
			if err != nil {
				return err
			}
			signer, err := keyringSigner(c, client, flagFrom)
			if err != nil {
				return err
			}
			indexer, _ := c.Flags().GetString("indexer")
			batch := uploadauth.Batch{Device: h.Device, FirstCounter: h.FirstCounter}
			if err := indexerclient.Upload(cmdContext(c), indexer, signer, batch, body, indexerclient.ContentJSON); err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "%s stored by %s; its readings are served with their proofs\n", args[0], indexer)
			return nil
		},
	}
	c.Flags().String("indexer", "http://127.0.0.1:8090", "traceindexd's REST address")
	c.Flags().String(flagFrom, "", "keyring name of the member account that signs the upload")
	c.Flags().String(flagHome, "", "tracechaind home whose keyring holds --from")
	c.Flags().String(flagBackend, "test", "keyring backend of --home")
	return c
}
