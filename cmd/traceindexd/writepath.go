package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/cmd/traceindexd/auth"
	"github.com/tracechain/tracechain/cmd/traceindexd/capture"
	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/cmd/traceindexd/subscribe"
)

// captureFlags are start's flags of the write path.
func captureFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("capture-key", "", "keyring key (an OPERATOR account of the deploying organization) that signs captured EPCIS documents; empty: /capture is off")
	f.String("keyring-home", "", "tracechaind home whose keyring holds --capture-key")
	f.String("keyring-backend", "file", "keyring backend of --capture-key: file (asks its passphrase on stdin), os, or test (unencrypted, for test networks)")
	f.Int("client-capture-jobs", 100, "capture jobs one token may have running at once (jobs run one at a time; 0: unlimited)")
	f.String("tokens", "", "file of the bearer tokens clients present (default: <home>/tokens.json); manage with `traceindexd token`")
	d := subscribe.DefaultLimits
	f.Int("max-subscriptions", d.MaxSubscriptions, "webhook subscriptions and WebSocket streams held at once, all clients together (0: unlimited)")
	f.Int("client-subscriptions", d.PerOwner, "webhook subscriptions and WebSocket streams one token may hold (0: unlimited)")
	f.Int("client-queries", d.QueriesPerOwner, "named queries one token may keep (0: unlimited)")
	f.Int("webhook-attempts", d.MaxAttempts, "failed deliveries in a row after which a webhook subscription is dead-lettered")
	f.Bool("webhook-private", false, "let webhooks reach loopback, private and link-local addresses (subscribers inside the operator's network); off: public addresses only")
	f.Bool("query-tokens", false, "require a token with the query scope on the EPCIS query resources (default: they are public, like the rest of the index)")
}

func tokenFile(cmd *cobra.Command) string {
	if path, _ := cmd.Flags().GetString("tokens"); path != "" {
		return path
	}
	home, _ := cmd.Flags().GetString("home")
	return filepath.Join(home, "tokens.json")
}

// openWritePath starts the capture interface if a key is configured: its
// job store beside the index, its worker until ctx ends. It returns nil
// (and no error) when capture is off.
func openWritePath(ctx context.Context, cmd *cobra.Command, node string, logf func(string, ...any)) (*capture.Service, func() error, error) {
	flags := cmd.Flags()
	key, _ := flags.GetString("capture-key")
	if key == "" {
		return nil, func() error { return nil }, nil
	}
	krHome, _ := flags.GetString("keyring-home")
	backend, _ := flags.GetString("keyring-backend")
	if krHome == "" {
		return nil, nil, errors.New("--capture-key needs --keyring-home (the tracechaind home whose keyring holds it)")
	}
	chainID, err := nodeChainID(ctx, node)
	if err != nil {
		return nil, nil, err
	}
	chain, err := capture.NewNodeChain(node, chainID, krHome, backend, key)
	if err != nil {
		return nil, nil, fmt.Errorf("--capture-key %s: %w", key, err)
	}
	home, _ := flags.GetString("home")
	st, err := capture.OpenStore(filepath.Join(home, "capture"))
	if err != nil {
		return nil, nil, err
	}
	svc := capture.NewService(st, chain)
	svc.Log = logf
	svc.MaxPending, _ = flags.GetInt("client-capture-jobs")
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	return svc, func() error { cancel(); return errors.Join(<-done, st.Close()) }, nil
}

func openTokens(cmd *cobra.Command) (*auth.Keys, error) {
	return auth.NewKeys(tokenFile(cmd))
}

// openSubscriptions starts the named queries and their subscriptions: the
// store beside the index, every stored webhook going on from its cursor.
func openSubscriptions(ctx context.Context, cmd *cobra.Command, index *store.Store, progress subscribe.Progress, logf func(string, ...any)) (*subscribe.Manager, func() error, error) {
	flags := cmd.Flags()
	home, _ := flags.GetString("home")
	st, err := subscribe.OpenStore(filepath.Join(home, "subscriptions"))
	if err != nil {
		return nil, nil, err
	}
	private, _ := flags.GetBool("webhook-private")
	m := subscribe.NewManager(index, progress, st, subscribe.NewWebhooks(private, 10*time.Second))
	m.Limits.MaxSubscriptions, _ = flags.GetInt("max-subscriptions")
	m.Limits.PerOwner, _ = flags.GetInt("client-subscriptions")
	m.Limits.MaxAttempts, _ = flags.GetInt("webhook-attempts")
	m.Limits.QueriesPerOwner, _ = flags.GetInt("client-queries")
	if m.Limits.MaxAttempts < 1 {
		return nil, nil, errors.New("--webhook-attempts: at least 1")
	}
	m.Log = logf
	ctx, cancel := context.WithCancel(ctx)
	if err := m.Start(ctx); err != nil {
		cancel()
		return nil, nil, errors.Join(err, st.Close())
	}
	return m, func() error { cancel(); m.Wait(); return st.Close() }, nil
}
