package app

import (
	"context"
	"sync"

	errorsmod "cosmossdk.io/errors"
	"github.com/spf13/cast"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/mempool"
	"github.com/cosmos/cosmos-sdk/x/auth/signing"
)

// Gas is free, so spam is bounded by membership, the size and message
// limits of the ante chain, and — here — how many transactions one sender
// may have waiting in a node's mempool: a member's runaway gateway fills
// its own share, not the whole mempool (app.toml mempool.max-txs).
const (
	// FlagMempoolMaxTxsPerSender is the app.toml key of the limit.
	FlagMempoolMaxTxsPerSender = "tracechain.mempool-max-txs-per-sender"
	// DefaultMempoolMaxTxsPerSender is a tenth of the mempool new homes get.
	DefaultMempoolMaxTxsPerSender = 1_000
)

// senderLimitMempool is the SDK's app-side mempool with a per-sender
// limit. A sender is the first signer and a transaction its nonce, as the
// SDK's sender-nonce mempool counts them (an unordered transaction's
// nonce is its timeout), so a transaction sent again replaces itself and
// does not count twice.
type senderLimitMempool struct {
	mempool.ExtMempool
	limit int

	mu      sync.Mutex
	waiting map[string]map[uint64]struct{} // sender → nonces in the mempool
}

func newSenderLimitMempool(inner mempool.ExtMempool, limit int) *senderLimitMempool {
	return &senderLimitMempool{ExtMempool: inner, limit: limit, waiting: map[string]map[uint64]struct{}{}}
}

// senderNonce names tx as the SDK's sender-nonce mempool does; ok is false
// for a transaction it cannot name (the inner mempool then judges it).
func senderNonce(tx sdk.Tx) (sender string, nonce uint64, ok bool) {
	sigTx, isSigTx := tx.(signing.SigVerifiableTx)
	if !isSigTx {
		return "", 0, false
	}
	sigs, err := sigTx.GetSignaturesV2()
	if err != nil || len(sigs) == 0 || sigs[0].PubKey == nil {
		return "", 0, false
	}
	nonce, err = mempool.ChooseNonce(sigs[0].Sequence, tx)
	if err != nil {
		return "", 0, false
	}
	return sdk.AccAddress(sigs[0].PubKey.Address()).String(), nonce, true
}

// Insert refuses a sender's transaction beyond the limit; the same
// transaction again (same sender and nonce) is always let through.
func (m *senderLimitMempool) Insert(ctx context.Context, tx sdk.Tx) error {
	sender, nonce, ok := senderNonce(tx)
	if !ok {
		return m.ExtMempool.Insert(ctx, tx)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	nonces := m.waiting[sender]
	if _, again := nonces[nonce]; !again && len(nonces) >= m.limit {
		return errorsmod.Wrapf(sdkerrors.ErrMempoolIsFull,
			"sender %s already has %d transactions waiting in this node's mempool, the most one sender may have (app.toml %s); send again once some are in a block",
			sender, len(nonces), FlagMempoolMaxTxsPerSender)
	}
	if err := m.ExtMempool.Insert(ctx, tx); err != nil {
		return err
	}
	if nonces == nil {
		nonces = map[uint64]struct{}{}
		m.waiting[sender] = nonces
	}
	nonces[nonce] = struct{}{}
	return nil
}

// Remove removes tx and frees its place in its sender's share.
func (m *senderLimitMempool) Remove(tx sdk.Tx) error {
	m.forget(tx)
	return m.ExtMempool.Remove(tx)
}

// RemoveWithReason is Remove, with the reason passed on.
func (m *senderLimitMempool) RemoveWithReason(ctx context.Context, tx sdk.Tx, reason mempool.RemoveReason) error {
	m.forget(tx)
	return m.ExtMempool.RemoveWithReason(ctx, tx, reason)
}

func (m *senderLimitMempool) forget(tx sdk.Tx) {
	sender, nonce, ok := senderNonce(tx)
	if !ok {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if nonces := m.waiting[sender]; nonces != nil {
		delete(nonces, nonce)
		if len(nonces) == 0 {
			delete(m.waiting, sender)
		}
	}
}

// mempoolMaxTxsPerSender reads the limit from app.toml (absent: the
// default; 0 or less: no limit of its own).
func mempoolMaxTxsPerSender(get func(string) any) int {
	v := get(FlagMempoolMaxTxsPerSender)
	if v == nil {
		return DefaultMempoolMaxTxsPerSender
	}
	return cast.ToInt(v)
}
