package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/mempool"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/tracechain/tracechain/app"
	"github.com/tracechain/tracechain/testutil/apptest"
)

// TestMempoolLimitsEachSender: with the app-side mempool of a node
// (mempool.max-txs), one sender's transactions beyond its share are
// refused at CheckTx, naming the limit; other senders still get in, the
// same transaction sent again does not count twice, and a sender's share
// frees up as its transactions leave the mempool in a block.
func TestMempoolLimitsEachSender(t *testing.T) {
	pool := mempool.NewSenderNonceMempool(mempool.SenderNonceMaxTxOpt(100))
	c := apptest.NewChainWith(t, map[string]any{app.FlagMempoolMaxTxsPerSender: 3}, baseapp.SetMempool(pool))
	operator, admin := c.Accounts["farm-operator"], c.Accounts["farm-admin"]
	send := func(from *apptest.Account, n int) []byte {
		msg := &banktypes.MsgSend{FromAddress: from.Bech32(), ToAddress: from.Bech32(), Amount: sdk.NewCoins()}
		return c.SignUnorderedTx(from, c.Time.Add(time.Minute+time.Duration(n)*time.Millisecond), msg)
	}
	var sent [][]byte
	for n := range 3 {
		tx := send(operator, n)
		res := c.CheckTx(tx)
		require.Zero(t, res.Code, "tx %d: %s", n, res.Log)
		sent = append(sent, tx)
	}
	refused := c.CheckTx(send(operator, 3))
	requireRefused(t, refused, sdkerrors.ErrMempoolIsFull, "already has 3 transactions waiting")
	require.Contains(t, refused.Log, app.FlagMempoolMaxTxsPerSender)
	require.Equal(t, 3, pool.CountTx(), "the refused one is not in the mempool")

	res := c.CheckTx(send(admin, 0))
	require.Zero(t, res.Code, "another sender has its own share: %s", res.Log)

	// Two of the operator's transactions leave the mempool in a block (an
	// empty send fails there, after its ante checks; it leaves all the same).
	block := c.NextBlock(sent[0], sent[1])
	require.Len(t, block.TxResults, 2)
	require.Equal(t, 2, pool.CountTx(), "the admin's and the operator's third are left")
	for n := 4; n < 6; n++ {
		res := c.CheckTx(send(operator, n))
		require.Zero(t, res.Code, "tx %d after the block: %s", n, res.Log)
	}
	requireRefused(t, c.CheckTx(send(operator, 6)), sdkerrors.ErrMempoolIsFull, "already has 3 transactions waiting")
}

// Without a setting the share is app.DefaultMempoolMaxTxsPerSender; 0
// leaves only the mempool's total limit.
func TestMempoolSenderLimitSetting(t *testing.T) {
	pool := mempool.NewSenderNonceMempool(mempool.SenderNonceMaxTxOpt(100))
	c := apptest.NewChainWith(t, nil, baseapp.SetMempool(pool))
	require.NotSame(t, pool, c.App.Mempool(), "wrapped with the default share")

	pool = mempool.NewSenderNonceMempool(mempool.SenderNonceMaxTxOpt(100))
	c = apptest.NewChainWith(t, map[string]any{app.FlagMempoolMaxTxsPerSender: 0}, baseapp.SetMempool(pool))
	require.Same(t, pool, c.App.Mempool().(*mempool.SenderNonceMempool))
}
