// Package loadgen is the reference load beside the device fleet: bank
// sends between members, the plainest Cosmos transaction, so that what
// the chain does with readings can be read against what it does with the
// simplest thing it can do.
package loadgen

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/tracechain/tracechain/cmd/chainclient"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
)

// Config of a bank-send run.
type Config struct {
	// Senders send to one another in turn; each sends its transactions in
	// sequence order, one after the other's admission.
	Senders []chainclient.Signer
	// Issuer, if set, first mints Fund of the settlement coin to every sender.
	Issuer   chainclient.Signer
	Fund     int64
	Denom    string
	Rate     float64 // transactions per second, all senders together
	Duration time.Duration
	Drain    time.Duration
	Out      io.Writer
}

func (c Config) validate() error {
	switch {
	case len(c.Senders) < 2:
		return fmt.Errorf("--from: at least two senders (they send to one another)")
	case c.Rate <= 0:
		return fmt.Errorf("--rate: transactions per second, above 0")
	case c.Duration <= 0:
		return fmt.Errorf("--duration: above 0")
	case c.Denom == "":
		return fmt.Errorf("--denom: required")
	}
	return nil
}

// Result of a run.
type Result struct {
	Senders            int     `json:"senders"`
	Rate               float64 `json:"rate_per_s"`
	Duration           string  `json:"duration"`
	Sent               int     `json:"sent"`
	RefusedAtAdmission int     `json:"refused_at_admission"`
	chainclient.Stats
	Errors []string `json:"errors,omitempty"`
	// Txs committed (hash and height), for checks across nodes.
	Txs []chainclient.Committed `json:"committed_txs"`
}

// Print writes the figures.
func (r *Result) Print(w io.Writer) {
	fmt.Fprintf(w, "\n%d senders, %.0f bank sends/s offered for %s\n", r.Senders, r.Rate, r.Duration)
	fmt.Fprintf(w, "  sent %d, committed %d, failed in block %d, refused at admission %d, not seen %d\n",
		r.Sent, r.Committed, r.FailedInBlock, r.RefusedAtAdmission, r.NotSeen)
	fmt.Fprintf(w, "  committed transactions/s %.0f\n", r.Throughput)
	fmt.Fprintf(w, "  commit latency p50 %.0f ms, p99 %.0f ms\n", r.LatencyP50ms, r.LatencyP99ms)
	fmt.Fprintf(w, "  %d blocks, mean block time %.0f ms, at most %d transactions in a block\n", r.Blocks, r.BlockTimeMs, r.MaxTxs)
	for _, e := range r.Errors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
}

// RunBankSends funds the senders if asked, then has them send 1 unit to
// the next sender at cfg.Rate for cfg.Duration, and tracks every
// transaction to its block.
func RunBankSends(ctx context.Context, client *chainclient.Client, cfg Config) (*Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Out, format+"\n", args...) }
	addrs := make([]string, len(cfg.Senders))
	for i, s := range cfg.Senders {
		var err error
		if addrs[i], err = chainaddress.AccountAddressCodec().BytesToString(s.Address()); err != nil {
			return nil, err
		}
	}
	if cfg.Issuer != nil {
		say("the issuer mints %d%s to each of %d senders...", cfg.Fund, cfg.Denom, len(cfg.Senders))
		if err := fund(ctx, client, cfg.Issuer, addrs, cfg.Fund); err != nil {
			return nil, err
		}
	}

	tr, stopTracking, err := chainclient.StartTracker(ctx, client)
	if err != nil {
		return nil, err
	}
	defer stopTracking()

	say("sending %.0f bank sends/s for %s from %d senders...", cfg.Rate, cfg.Duration, len(cfg.Senders))
	res := &Result{Senders: len(cfg.Senders), Rate: cfg.Rate, Duration: cfg.Duration.String()}
	perSender := time.Duration(float64(len(cfg.Senders)) / cfg.Rate * float64(time.Second))
	amount := sdk.NewCoins(sdk.NewInt64Coin(cfg.Denom, 1))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sendStart := time.Now()
	end := sendStart.Add(cfg.Duration)
	for i, s := range cfg.Senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seq, err := client.Sequence(s)
			// Each sender starts at its own offset within the interval.
			next := sendStart.Add(perSender * time.Duration(i) / time.Duration(len(cfg.Senders)))
			for err == nil && ctx.Err() == nil && next.Before(end) {
				time.Sleep(time.Until(next))
				next = next.Add(perSender)
				var tx, hash []byte
				msg := &banktypes.MsgSend{FromAddress: addrs[i], ToAddress: addrs[(i+1)%len(addrs)], Amount: amount}
				if tx, err = client.Build(seq, msg); err != nil {
					break
				}
				sent := time.Now()
				hash, err = client.Broadcast(ctx, tx)
				mu.Lock()
				if err != nil {
					res.RefusedAtAdmission++
					res.Errors = appendError(res.Errors, err.Error())
					// The sequence did not advance at the node: ask it again.
					seq, err = client.Sequence(s)
				} else {
					res.Sent++
					tr.Add(hash, 1, nil, sent)
				}
				mu.Unlock()
			}
			if err != nil && ctx.Err() == nil {
				mu.Lock()
				res.Errors = appendError(res.Errors, err.Error())
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	say("sent %d in %s; waiting for the last blocks...", res.Sent, time.Since(sendStart).Round(time.Millisecond))
	tr.Drain(cfg.Drain)
	stopTracking()
	res.Stats = tr.Stats(sendStart)
	res.Errors = append(res.Errors, res.Failures...)
	res.Txs = tr.Committed()
	return res, ctx.Err()
}

// fund has the issuer mint to every sender, in one transaction, and waits for it.
func fund(ctx context.Context, client *chainclient.Client, issuer chainclient.Signer, to []string, amount int64) error {
	issuerAddr, err := chainaddress.AccountAddressCodec().BytesToString(issuer.Address())
	if err != nil {
		return err
	}
	msgs := make([]sdk.Msg, len(to))
	for i, addr := range to {
		msgs[i] = &servicetypes.MsgMint{Signer: issuerAddr, Recipient: addr, Amount: math.NewInt(amount)}
	}
	seq, err := client.Sequence(issuer)
	if err != nil {
		return err
	}
	tx, err := client.Build(seq, msgs...)
	if err != nil {
		return err
	}
	hash, err := client.Broadcast(ctx, tx)
	if err != nil {
		return fmt.Errorf("minting: %w", err)
	}
	return client.AwaitAll(ctx, "minting", [][]byte{hash}, time.Minute)
}

func appendError(errs []string, e string) []string {
	if len(errs) < 10 && !slices.Contains(errs, e) {
		return append(errs, e)
	}
	return errs
}
