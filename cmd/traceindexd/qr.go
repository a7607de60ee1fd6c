package main

import (
	"fmt"
	"net/url"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/x/lib/gs1"
)

// qrCmd prints a QR code of a URL — a product's GS1 Digital Link on this
// indexer, what a label would carry — in the terminal, and writes it as a
// PNG when asked.
func qrCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "qr (URL | GS1-ID --base URL) [--png FILE]",
		Short: "Print the QR code of a URL or of a GS1 identifier's Digital Link on this indexer; --png writes it as an image",
		Example: `traceindexd qr urn:epc:class:lgtin:6902345.054321.FL-A --base http://127.0.0.1:8090 --png flour.png
traceindexd qr http://127.0.0.1:8090/01/06902345543218/10/FL-A`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			target := args[0]
			if id, err := gs1.Parse(target); err == nil && !strings.HasPrefix(target, "http") {
				base, _ := cmd.Flags().GetString("base")
				target = strings.TrimSuffix(base, "/") + strings.TrimPrefix(id.URI, "https://id.gs1.org")
			}
			u, err := url.Parse(target)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return fmt.Errorf("%q: an http(s) URL, or a GS1 identifier (EPC URN) with --base", args[0])
			}
			args[0] = target
			code, err := qrcode.New(target, qrcode.Medium)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), code.ToSmallString(false))
			if png, _ := cmd.Flags().GetString("png"); png != "" {
				if err := code.WriteFile(512, png); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "QR code of %s written to %s\n", args[0], png)
			}
			return nil
		},
	}
	cmd.Flags().String("png", "", "also write the code as a 512×512 PNG")
	cmd.Flags().String("base", "http://127.0.0.1:8090", "the indexer's public base URL, for a GS1 identifier")
	return cmd
}
