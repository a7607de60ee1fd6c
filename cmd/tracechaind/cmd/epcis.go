package cmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

// epcisCommand groups offline EPCIS tools.
func epcisCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "epcis",
		Short: "Offline tools for GS1 EPCIS 2.0 documents",
	}
	cmd.AddCommand(epcisHashCommand())
	return cmd
}

func epcisHashCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hash [file.jsonld]",
		Short: "Print the CBV 2.0 Event Hash ID of each event, as the chain computes it",
		Long: `Reads an EPCIS 2.0 JSON-LD document (EPCISDocument or EPCISQueryDocument)
and prints, per event, its index, type and eventID (ni:///sha-256;...?ver=CBV2.0).
No node is contacted. --prehash also prints the canonical pre-hash string.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bz, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			doc, err := epcis.ReadDocument(bz)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if err := doc.DuplicateKeyError(); err != nil {
				// Read as GS1's tools read it (last value wins); the chain refuses it.
				fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s: %v; the chain will refuse this document\n", args[0], err)
			}
			ids, pre, err := doc.EventIDs()
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			showPre, _ := cmd.Flags().GetBool("prehash")
			out := cmd.OutOrStdout()
			for i, id := range ids {
				fmt.Fprintf(out, "%d\t%s\t%s\n", i, doc.Events[i].Str("type"), id)
				if showPre {
					fmt.Fprintf(out, "\t%s\n", pre[i])
				}
			}
			return nil
		},
	}
	cmd.Flags().Bool("prehash", false, "also print each event's pre-hash string")
	return cmd
}
