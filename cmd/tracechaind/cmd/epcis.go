package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

// epcisCommand groups offline EPCIS tools.
func epcisCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "epcis",
		Short: "Offline tools for GS1 EPCIS 2.0 documents",
	}
	cmd.AddCommand(epcisHashCommand(), epcisConvertCommand())
	return cmd
}

func epcisConvertCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "convert [file.jsonld|file.xml]",
		Short: "Write an EPCIS document in the other binding: XML to JSON-LD, JSON-LD to XML",
		Long: `Reads an EPCIS document (EPCISDocument or EPCISQueryDocument) in either binding and
writes it in the other to standard output (or --out): EPCIS 2.0/1.2 XML becomes EPCIS 2.0
JSON-LD, JSON-LD becomes EPCIS 2.0 XML. Every event keeps its eventID (the CBV 2.0 Event
Hash ID). XML writes bare CBV terms as their web URIs and user extensions as elements of
their namespaces; JSON-LD gets the XML's namespaces as @context prefixes. The document
header (master data, the business document header) is not converted: an XML header is
left out with a warning, a JSON-LD epcisHeader is refused.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bz, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			var out []byte
			if epcis.IsXML(bz) {
				doc, headerLeftOut, err := epcis.ReadXMLDocument(bz)
				if err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				if headerLeftOut {
					warnHeaderLeftOut(cmd, args[0], bz)
				}
				compact, err := doc.Root.MarshalJSON()
				if err != nil {
					return err
				}
				var indented bytes.Buffer
				if err := json.Indent(&indented, compact, "", "  "); err != nil {
					return err
				}
				out = append(indented.Bytes(), '\n')
			} else {
				doc, err := epcis.ReadDocument(bz)
				if err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				if err := doc.DuplicateKeyError(); err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				if out, err = epcis.WriteXML(doc); err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				if left := epcis.XMLLeftOut(doc); len(left) > 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s: not written, the XML binding has no place for them outside its business document header: %s; the events are written whole\n",
						args[0], strings.Join(left, ", "))
				}
			}
			if path, _ := cmd.Flags().GetString("out"); path != "" {
				return os.WriteFile(path, out, 0o644)
			}
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	}
	cmd.Flags().String("out", "", "file to write (default: standard output)")
	return cmd
}

func epcisHashCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hash [file.jsonld|file.xml]",
		Short: "Print the CBV 2.0 Event Hash ID of each event, as the chain computes it",
		Long: `Reads an EPCIS document (EPCISDocument or EPCISQueryDocument) in either binding —
JSON-LD, or EPCIS 2.0/1.2 XML — and prints, per event, its index, type and eventID
(ni:///sha-256;...?ver=CBV2.0). An event has the same ID in both bindings. No node is
contacted. --prehash also prints the canonical pre-hash string.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bz, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			doc, err := epcis.ReadAnyDocument(bz)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			warnHeaderLeftOut(cmd, args[0], bz)
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

// warnHeaderLeftOut says so when an XML document's EPCISHeader (master
// data, the business document header) is not carried over: it is not
// part of any event, but a reader should not lose it unawares.
func warnHeaderLeftOut(cmd *cobra.Command, file string, bz []byte) {
	if !epcis.IsXML(bz) {
		return
	}
	if _, headerLeftOut, err := epcis.ReadXMLDocument(bz); err == nil && headerLeftOut {
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s: its EPCISHeader (master data, business document header) is not converted; the events are\n", file)
	}
}
