package apptest

import (
	"context"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsign "github.com/cosmos/cosmos-sdk/x/auth/signing"
)

// DefaultGas is generous: gas is free on TraceChain.
const DefaultGas = 2_000_000

// Refresh reloads an account's number and sequence from committed state.
func (c *Chain) Refresh(acc *Account) {
	if got := c.App.AccountKeeper.GetAccount(c.Context(), acc.Address); got != nil {
		acc.Number, acc.Sequence = got.GetAccountNumber(), got.GetSequence()
	}
}

// SignTx encodes msgs as a transaction signed by signers in SIGN_MODE_DIRECT.
func (c *Chain) SignTx(signers []*Account, msgs ...sdk.Msg) []byte {
	c.t.Helper()
	bz, err := c.signTx(signers, func(*Account, []byte) ([]byte, error) { return nil, nil }, msgs...)
	require.NoError(c.t, err)
	return bz
}

// SignUnorderedTx encodes msgs as an unordered transaction of one signer:
// no sequence, valid until timeout, refused if the signer used that
// timeout before.
func (c *Chain) SignUnorderedTx(signer *Account, timeout time.Time, msgs ...sdk.Msg) []byte {
	c.t.Helper()
	bz, err := c.buildTx([]*Account{signer}, func(*Account, []byte) ([]byte, error) { return nil, nil }, func(b client.TxBuilder) {
		b.SetUnordered(true)
		b.SetTimeoutTimestamp(timeout)
	}, msgs...)
	require.NoError(c.t, err)
	return bz
}

// SignTxWithBadSignature is SignTx with every signature replaced by garbage
// of the right length.
func (c *Chain) SignTxWithBadSignature(signers []*Account, msgs ...sdk.Msg) []byte {
	c.t.Helper()
	bz, err := c.signTx(signers, func(_ *Account, sig []byte) ([]byte, error) {
		bad := make([]byte, len(sig))
		for i := range bad {
			bad[i] = 0x42
		}
		return bad, nil
	}, msgs...)
	require.NoError(c.t, err)
	return bz
}

func (c *Chain) signTx(signers []*Account, tamper func(*Account, []byte) ([]byte, error), msgs ...sdk.Msg) ([]byte, error) {
	return c.buildTx(signers, tamper, func(client.TxBuilder) {}, msgs...)
}

// buildTx signs msgs after set has shaped the transaction; an unordered
// transaction's signatures carry sequence 0.
func (c *Chain) buildTx(signers []*Account, tamper func(*Account, []byte) ([]byte, error), set func(client.TxBuilder), msgs ...sdk.Msg) ([]byte, error) {
	txConfig := c.App.TxConfig()
	builder := txConfig.NewTxBuilder()
	set(builder)
	unordered := builder.GetTx().GetUnordered()
	sequence := func(a *Account) uint64 {
		if unordered {
			return 0
		}
		return a.Sequence
	}
	if err := builder.SetMsgs(msgs...); err != nil {
		return nil, err
	}
	builder.SetGasLimit(c.GasLimit)
	mode := signing.SignMode_SIGN_MODE_DIRECT
	sigs := make([]signing.SignatureV2, len(signers))
	for i, s := range signers {
		sigs[i] = signing.SignatureV2{PubKey: s.Priv.PubKey(), Data: &signing.SingleSignatureData{SignMode: mode}, Sequence: sequence(s)}
	}
	if err := builder.SetSignatures(sigs...); err != nil {
		return nil, err
	}
	for i, s := range signers {
		data := authsign.SignerData{
			Address: s.Bech32(), ChainID: ChainID, AccountNumber: s.Number, Sequence: sequence(s),
			PubKey: s.Priv.PubKey(),
		}
		signBytes, err := authsign.GetSignBytesAdapter(context.Background(), txConfig.SignModeHandler(), mode, data, builder.GetTx())
		if err != nil {
			return nil, err
		}
		sig, err := sign(s.Priv, signBytes)
		if err != nil {
			return nil, err
		}
		if bad, _ := tamper(s, sig); bad != nil {
			sig = bad
		}
		sigs[i].Data.(*signing.SingleSignatureData).Signature = sig
	}
	if err := builder.SetSignatures(sigs...); err != nil {
		return nil, err
	}
	return txConfig.TxEncoder()(builder.GetTx())
}

func sign(priv cryptotypes.PrivKey, bz []byte) ([]byte, error) { return priv.Sign(bz) }

// CheckTx runs a transaction through the mempool's admission check.
func (c *Chain) CheckTx(tx []byte) *abci.ResponseCheckTx {
	c.t.Helper()
	res, err := c.App.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
	require.NoError(c.t, err)
	return res
}

// Deliver signs msgs with signers, puts them in a block, and returns the
// transaction's result. Sequences of the signers advance on success.
func (c *Chain) Deliver(signers []*Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	c.t.Helper()
	res := c.NextBlock(c.SignTx(signers, msgs...))
	require.Len(c.t, res.TxResults, 1)
	for _, s := range signers {
		c.Refresh(s)
	}
	return res.TxResults[0]
}
