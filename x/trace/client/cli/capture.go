// Package cli holds the trace commands AutoCLI cannot build: capture reads
// an EPCIS document from a file.
package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/trace/types"
)

// TxCmd is `tracechaind tx trace`; AutoCLI adds the other messages to it.
func TxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Provenance: capture EPCIS events, master data, recalls and certifications",
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(CaptureCmd())
	return cmd
}

// CaptureCmd submits the events of an EPCIS document, JSON-LD or XML.
func CaptureCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "capture [file.jsonld|file.xml]",
		Short: "Record the events of an EPCIS 2.0 document (JSON-LD or XML), all or none",
		Long: `Reads an EPCISDocument and submits it in one MsgCaptureEvents. The document is
read here first, so that a malformed one is refused before it is signed; the chain
then checks every event against the custody rules and records all of them or none.
An XML document (EPCIS 2.0 or 1.2) is submitted as its JSON-LD twin, which has the
same event IDs: an event captured in one binding is a duplicate in the other.
The chain computes each eventID (the CBV 2.0 Event Hash ID); ` + "`tracechaind epcis hash`" + `
prints the same IDs offline. Gas is estimated by simulation unless --gas is given.`,
		Example: "tracechaind tx trace capture harvest.jsonld --from farm-operator --yes",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			doc, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			parsed, err := epcis.ReadAnyDocument(doc)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if epcis.IsXML(doc) {
				if _, headerLeftOut, _ := epcis.ReadXMLDocument(doc); headerLeftOut {
					fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s: its EPCISHeader (master data, business document header) is not captured; the events are\n", args[0])
				}
				if doc, err = parsed.Root.MarshalJSON(); err != nil {
					return err
				}
			}
			if err := parsed.DuplicateKeyError(); err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if len(parsed.Events) == 0 {
				return fmt.Errorf("%s: epcisBody.eventList is empty", args[0])
			}
			msg := &types.MsgCaptureEvents{Signer: clientCtx.GetFromAddress().String(), Document: doc}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	// A capture's gas grows with its events and identifiers, so by default
	// it is estimated by simulation rather than the SDK's fixed 200000.
	must(cmd.Flags().Set(flags.FlagGas, flags.GasFlagAuto))
	cmd.Flags().Lookup(flags.FlagGas).DefValue = flags.GasFlagAuto
	cmd.Flags().Lookup(flags.FlagGas).Usage = `gas limit of the transaction, or "auto" to estimate it by simulation`
	must(cmd.Flags().Set(flags.FlagGasAdjustment, "1.3"))
	cmd.Flags().Lookup(flags.FlagGasAdjustment).DefValue = "1.3"
	return cmd
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
