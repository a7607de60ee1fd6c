package capture

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/tracechain/tracechain/cmd/chainclient"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// Chain is what capture jobs need of a node.
type Chain interface {
	// Limits are the chain's bounds on one capture: events and JSON bytes.
	Limits(ctx context.Context) (maxEvents, maxBytes int, err error)
	// Recorded says at which height the chain recorded an event, if it did.
	Recorded(ctx context.Context, eventID string) (height int64, found bool, err error)
	// SignCapture signs MsgCaptureEvents of doc as an unordered
	// transaction valid until timeout.
	SignCapture(doc []byte, timeout time.Time) ([]byte, error)
	// Broadcast sends a signed transaction; a node already holding it is
	// not an error. A refusal at admission is an *Outcome error.
	Broadcast(ctx context.Context, tx []byte) error
	// Outcome is what became of a transaction in a block (found false: no
	// block holds it yet).
	Outcome(ctx context.Context, hash []byte) (*Outcome, bool, error)
	// Now is the latest block's time: the clock of transaction timeouts.
	Now(ctx context.Context) (time.Time, error)
}

// Outcome is a transaction's result: in a block (Height > 0) or refused at
// admission (Height 0).
type Outcome struct {
	Height    int64
	Code      uint32
	Codespace string
	Log       string
}

func (o *Outcome) Error() string {
	return fmt.Sprintf("refused (%s code %d): %s", o.Codespace, o.Code, o.Log)
}

// NodeChain is a Chain over a node's CometBFT RPC, signing with a keyring
// key of the deploying organization.
type NodeChain struct {
	Client *chainclient.Client
	Signer *chainclient.Unordered
}

// NewNodeChain connects to a node and opens the signing key in a keyring
// (a tracechaind home's, file or os backend).
func NewNodeChain(node, chainID, keyringDir, backend, key string) (*NodeChain, error) {
	c, err := chainclient.New(node, chainID)
	if err != nil {
		return nil, err
	}
	ks, err := c.OpenKeyring(keyringDir, backend, key)
	if err != nil {
		return nil, err
	}
	u, err := c.UnorderedSigner(ks)
	if err != nil {
		return nil, err
	}
	return &NodeChain{Client: c, Signer: u}, nil
}

// Limits reads x/trace's params.
func (n *NodeChain) Limits(ctx context.Context) (int, int, error) {
	var res tracetypes.QueryParamsResponse
	if err := n.Client.Query(ctx, "/tracechain.trace.v1.Query/Params", &tracetypes.QueryParamsRequest{}, &res); err != nil {
		return 0, 0, err
	}
	return int(res.Params.MaxEventsPerCapture), int(res.Params.MaxDocumentBytes), nil
}

// Recorded asks x/trace for an event.
func (n *NodeChain) Recorded(ctx context.Context, id string) (int64, bool, error) {
	var res tracetypes.QueryEventResponse
	err := n.Client.Query(ctx, "/tracechain.trace.v1.Query/Event", &tracetypes.QueryEventRequest{EventId: id}, &res)
	var qe *chainclient.QueryError
	if errors.As(err, &qe) && (qe.NotFound() || (qe.Codespace == tracetypes.ModuleName && qe.Code == tracetypes.ErrEventNotFound.ABCICode())) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return res.Event.Height, true, nil
}

// SignCapture signs MsgCaptureEvents as the keyring account.
func (n *NodeChain) SignCapture(doc []byte, timeout time.Time) ([]byte, error) {
	msg := &tracetypes.MsgCaptureEvents{Signer: n.Signer.Address().String(), Document: doc}
	return n.Client.BuildUnorderedUntil(n.Signer, timeout, msg)
}

// Broadcast sends to the node's mempool.
func (n *NodeChain) Broadcast(ctx context.Context, tx []byte) error {
	res, err := n.Client.RPC.BroadcastTxSync(ctx, tx)
	switch {
	case err != nil && strings.Contains(err.Error(), "tx already exists in cache"):
		return nil
	case err != nil:
		return err
	case res.Code != 0:
		return &Outcome{Code: res.Code, Codespace: res.Codespace, Log: res.Log}
	}
	return nil
}

// Outcome looks the transaction up in the node's transaction index.
func (n *NodeChain) Outcome(ctx context.Context, hash []byte) (*Outcome, bool, error) {
	res, err := n.Client.RPC.Tx(ctx, hash, false)
	if err != nil {
		if strings.Contains(err.Error(), "not found") {
			return nil, false, nil
		}
		return nil, false, err
	}
	r := res.TxResult
	return &Outcome{Height: res.Height, Code: r.Code, Codespace: r.Codespace, Log: r.Log}, true, nil
}

// Now is the latest block's time.
func (n *NodeChain) Now(ctx context.Context) (time.Time, error) { return n.Client.LatestBlockTime(ctx) }

// txHash is a transaction's CometBFT hash, as RPC and explorers show it.
func txHash(tx []byte) string { return strings.ToUpper(hex.EncodeToString(cmttypes.Tx(tx).Hash())) }

func hexHash(s string) ([]byte, error) { return hex.DecodeString(s) }
