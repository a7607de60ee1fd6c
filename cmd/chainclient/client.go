// Package chainclient is the off-chain binaries' connection to a TraceChain node:
// it builds, signs and broadcasts transactions over CometBFT RPC — signed
// by a device key (the device's own account) or by a keyring account (a
// gateway or an org admin) — and waits for them to commit.
package chainclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/cometbft/cometbft/mempool"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	signingtypes "github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// Signer signs transaction sign bytes for one account.
type Signer interface {
	Address() sdk.AccAddress
	PubKey() cryptotypes.PubKey
	Sign(signBytes []byte) ([]byte, error)
}

// KeySigner signs with a private key held in memory (a device's key).
type KeySigner struct{ Key cryptotypes.PrivKey }

// Address is the account of the key.
func (s KeySigner) Address() sdk.AccAddress { return sdk.AccAddress(s.Key.PubKey().Address()) }

// PubKey is the account key.
func (s KeySigner) PubKey() cryptotypes.PubKey { return s.Key.PubKey() }

// Sign signs sign bytes.
func (s KeySigner) Sign(bz []byte) ([]byte, error) { return s.Key.Sign(bz) }

// Client talks to one node.
type Client struct {
	RPC      *rpchttp.HTTP
	ChainID  string
	Codec    codec.Codec
	TxConfig client.TxConfig
	ctx      client.Context
	// GasLimit of every transaction (gas is free on TraceChain; the limit
	// only bounds the work a transaction may do).
	GasLimit uint64
}

// New connects to a node's RPC address (tcp://127.0.0.1:26657).
func New(node, chainID string) (*Client, error) {
	chainaddress.SetAddressPrefixes()
	rpc, err := rpchttp.New(node, "/websocket")
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", node, err)
	}
	registry, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles: proto.HybridResolver,
		SigningOptions: signing.Options{
			AddressCodec:          chainaddress.AccountAddressCodec(),
			ValidatorAddressCodec: chainaddress.AccountAddressCodec(),
		},
	})
	if err != nil {
		return nil, err
	}
	std.RegisterInterfaces(registry)
	authtypes.RegisterInterfaces(registry)
	membershiptypes.RegisterInterfaces(registry)
	devicetypes.RegisterInterfaces(registry)
	banktypes.RegisterInterfaces(registry)
	servicetypes.RegisterInterfaces(registry)
	tracetypes.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)
	txCfg := authtx.NewTxConfig(cdc, authtx.DefaultSignModes)
	ctx := client.Context{}.WithClient(rpc).WithCodec(cdc).WithInterfaceRegistry(registry).WithTxConfig(txCfg).
		WithChainID(chainID).WithAccountRetriever(authtypes.AccountRetriever{})
	return &Client{RPC: rpc, ChainID: chainID, Codec: cdc, TxConfig: txCfg, ctx: ctx, GasLimit: 50_000_000}, nil
}

// Account returns an account's number and next sequence.
func (c *Client) Account(addr sdk.AccAddress) (number, sequence uint64, err error) {
	return authtypes.AccountRetriever{}.GetAccountNumberSequence(c.ctx, addr)
}

// Sequenced is a signer with its account number and a sequence the caller
// advances, so that many transactions can be sent before any commits.
type Sequenced struct {
	Signer
	Number, Sequence uint64
}

// Sequence loads a signer's account number and sequence from the node.
func (c *Client) Sequence(s Signer) (*Sequenced, error) {
	n, seq, err := c.Account(s.Address())
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", s.Address(), err)
	}
	return &Sequenced{Signer: s, Number: n, Sequence: seq}, nil
}

// Build encodes msgs as a transaction signed by s (SIGN_MODE_DIRECT) at
// its current sequence, and advances the sequence.
func (c *Client) Build(s *Sequenced, msgs ...sdk.Msg) ([]byte, error) {
	bz, err := c.build(s.Signer, s.Number, s.Sequence, func(client.TxBuilder) {}, msgs...)
	if err != nil {
		return nil, err
	}
	s.Sequence++
	return bz, nil
}

// build signs msgs in SIGN_MODE_DIRECT for account number and sequence,
// after set has filled in what the kind of transaction needs.
func (c *Client) build(s Signer, number, sequence uint64, set func(client.TxBuilder), msgs ...sdk.Msg) ([]byte, error) {
	b := c.TxConfig.NewTxBuilder()
	set(b)
	if err := b.SetMsgs(msgs...); err != nil {
		return nil, err
	}
	b.SetGasLimit(c.GasLimit)
	mode := signingtypes.SignMode_SIGN_MODE_DIRECT
	sig := signingtypes.SignatureV2{PubKey: s.PubKey(), Data: &signingtypes.SingleSignatureData{SignMode: mode}, Sequence: sequence}
	if err := b.SetSignatures(sig); err != nil {
		return nil, err
	}
	addr, err := chainaddress.AccountAddressCodec().BytesToString(s.Address())
	if err != nil {
		return nil, err
	}
	signBytes, err := authsigning.GetSignBytesAdapter(context.Background(), c.TxConfig.SignModeHandler(), mode,
		authsigning.SignerData{Address: addr, ChainID: c.ChainID, AccountNumber: number, Sequence: sequence, PubKey: s.PubKey()}, b.GetTx())
	if err != nil {
		return nil, err
	}
	sigBytes, err := s.Sign(signBytes)
	if err != nil {
		return nil, err
	}
	sig.Data.(*signingtypes.SingleSignatureData).Signature = sigBytes
	if err := b.SetSignatures(sig); err != nil {
		return nil, err
	}
	return c.TxConfig.TxEncoder()(b.GetTx())
}

// UnorderedTTL is how long an unordered transaction stays valid; the
// chain accepts at most 10 minutes.
const UnorderedTTL = 5 * time.Minute

// Unordered is a signer that sends unordered transactions: each carries a
// timeout instead of a sequence, so a gateway or device may have any
// number in flight, through any node, and a lost one does not stop the
// rest. The chain keeps (signer, timeout) until the timeout to refuse
// replays, so every transaction of one signer needs its own timeout.
type Unordered struct {
	Signer
	Number      uint64
	mu          sync.Mutex
	lastTimeout time.Time
}

// UnorderedSigner loads a signer's account number from the node.
func (c *Client) UnorderedSigner(s Signer) (*Unordered, error) {
	n, _, err := c.Account(s.Address())
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", s.Address(), err)
	}
	return &Unordered{Signer: s, Number: n}, nil
}

// nextTimeout is UnorderedTTL from now, and always later than the last.
func (u *Unordered) nextTimeout() time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	t := time.Now().Add(UnorderedTTL).UTC()
	if !t.After(u.lastTimeout) {
		t = u.lastTimeout.Add(time.Microsecond)
	}
	u.lastTimeout = t
	return t
}

// BuildUnordered encodes msgs as an unordered transaction signed by u.
func (c *Client) BuildUnordered(u *Unordered, msgs ...sdk.Msg) ([]byte, error) {
	return c.build(u.Signer, u.Number, 0, func(b client.TxBuilder) {
		b.SetUnordered(true)
		b.SetTimeoutTimestamp(u.nextTimeout())
	}, msgs...)
}

// Broadcast submits a transaction to the mempool and returns its hash; a
// transaction the node refuses at admission is an error with its log.
//
// A broadcast whose connection broke (the node closed a kept-alive
// connection as it was reused, or restarted) is sent again, the same
// bytes: the node keeps one copy, and answers that it already has it —
// which is success, the transaction is in its mempool.
func (c *Client) Broadcast(ctx context.Context, tx []byte) ([]byte, error) {
	for attempt := 1; ; attempt++ {
		res, err := c.RPC.BroadcastTxSync(ctx, tx)
		switch {
		case err != nil && strings.Contains(err.Error(), mempool.ErrTxInCache.Error()):
			return cmttypes.Tx(tx).Hash(), nil
		case err != nil && attempt < broadcastAttempts && brokenConnection(err) && ctx.Err() == nil:
			time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
			continue
		case err != nil:
			return nil, err
		case res.Code != 0:
			return res.Hash, fmt.Errorf("refused at admission (code %d, %s): %s", res.Code, res.Codespace, res.Log)
		}
		return res.Hash, nil
	}
}

// broadcastAttempts bounds the resends of one broadcast.
const broadcastAttempts = 3

// brokenConnection: the request may not have reached the node.
func brokenConnection(err error) bool {
	msg := err.Error()
	return errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		strings.HasSuffix(msg, ": EOF") || strings.Contains(msg, "connection reset") || strings.Contains(msg, "connection refused")
}

// ErrNotCommitted says the transaction was not in a block within the wait.
var ErrNotCommitted = errors.New("not committed in time")

// WaitTx polls until the transaction is in a block.
func (c *Client) WaitTx(ctx context.Context, hash []byte, timeout time.Duration) (*coretypes.ResultTx, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		res, err := c.RPC.Tx(ctx, hash, false)
		if err == nil {
			return res, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil, ErrNotCommitted
}

// AwaitAll waits for every transaction to be in a block and succeed; the
// first that does not is an error naming what the transactions were for.
func (c *Client) AwaitAll(ctx context.Context, what string, hashes [][]byte, timeout time.Duration) error {
	for _, h := range hashes {
		res, err := c.WaitTx(ctx, h, timeout)
		if err != nil {
			return fmt.Errorf("%s: tx %X: %w", what, h, err)
		}
		if res.TxResult.Code != 0 {
			return fmt.Errorf("%s refused at height %d: %s", what, res.Height, res.TxResult.Log)
		}
	}
	return nil
}

// SubmitReadingsResponse decodes a committed MsgSubmitReadings' response.
func (c *Client) SubmitReadingsResponse(res *coretypes.ResultTx) (*devicetypes.MsgSubmitReadingsResponse, error) {
	var msgData sdk.TxMsgData
	if err := c.Codec.Unmarshal(res.TxResult.Data, &msgData); err != nil {
		return nil, err
	}
	if len(msgData.MsgResponses) != 1 {
		return nil, fmt.Errorf("%d message responses", len(msgData.MsgResponses))
	}
	var out devicetypes.MsgSubmitReadingsResponse
	if err := c.Codec.Unmarshal(msgData.MsgResponses[0].Value, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
