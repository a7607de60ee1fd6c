package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/cmd/traceindexd/auth"
)

// tokenCmd manages the bearer tokens clients present. The indexer rereads
// the file within a second of a change: no restart.
func tokenCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "token", Short: "Issue, list and revoke the bearer tokens clients present (capture, query, console scopes)"}
	cmd.PersistentFlags().String("tokens", "", "token file (default: <home>/tokens.json)")
	issue := &cobra.Command{
		Use:     "issue NAME",
		Short:   "Issue a token and print it (the only time it is shown; the file keeps its SHA-256)",
		Example: "traceindexd token issue erp-feed --scope capture --scope query",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			scopes, _ := cmd.Flags().GetStringSlice("scope")
			token, err := auth.Issue(tokenFile(cmd), args[0], scopes)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), token)
			return nil
		},
	}
	issue.Flags().StringSlice("scope", nil, "capture, query or console (repeat or comma-separate)")
	list := &cobra.Command{
		Use:   "list",
		Short: "List the issued tokens: names, scopes, dates (never the tokens)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tokens, err := auth.List(tokenFile(cmd))
			if err != nil {
				return err
			}
			for _, t := range tokens {
				fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s\t%s\n", t.Name, strings.Join(t.Scopes, ","), t.Issued.Format("2006-01-02T15:04:05Z"))
			}
			return nil
		},
	}
	revoke := &cobra.Command{
		Use:   "revoke NAME",
		Short: "Revoke a token",
		Args:  cobra.ExactArgs(1),
		RunE:  func(cmd *cobra.Command, args []string) error { return auth.Revoke(tokenFile(cmd), args[0]) },
	}
	cmd.AddCommand(issue, list, revoke)
	return cmd
}
