package cmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/cmd/tracesigner/indexerclient"
)

func uploadCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "upload BATCH.json --indexer URL",
		Short: "Send a batch's contents (as `anchor` wrote them) to traceindexd, which stores them only if every reading is under the anchored root",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			body, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			indexer, _ := c.Flags().GetString("indexer")
			if err := indexerclient.Upload(cmdContext(c), indexer, body, indexerclient.ContentJSON); err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "%s stored by %s; its readings are served with their proofs\n", args[0], indexer)
			return nil
		},
	}
	c.Flags().String("indexer", "http://127.0.0.1:8090", "traceindexd's REST address")
	return c
}
