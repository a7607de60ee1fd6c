package network

import (
	"context"
	"fmt"
	"strings"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
)

// Client is a CometBFT RPC client of the named node.
func (n *Network) Client(name string) *rpchttp.HTTP {
	n.t.Helper()
	addr := strings.Replace(n.Node(name).RPC, "tcp://", "http://", 1)
	c, err := rpchttp.New(addr, "/websocket")
	if err != nil {
		n.t.Fatal(err)
	}
	return c
}

// Height is the node's latest block height, or an error if it is down.
func (n *Network) Height(ctx context.Context, name string) (int64, error) {
	st, err := n.Client(name).Status(ctx)
	if err != nil {
		return 0, err
	}
	return st.SyncInfo.LatestBlockHeight, nil
}

// WaitHeight waits until the node has committed height h.
func (n *Network) WaitHeight(ctx context.Context, name string, h int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last int64
	for time.Now().Before(deadline) {
		if got, err := n.Height(ctx, name); err == nil {
			if got >= h {
				return nil
			}
			last = got
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s: height %d not reached within %s (at %d)", name, h, timeout, last)
}

// WaitSigned waits for a block whose commit carries a signature of the
// validator with the given hex CometBFT address, and returns its height.
func (n *Network) WaitSigned(ctx context.Context, name, validatorHex string, timeout time.Duration) (int64, error) {
	deadline := time.Now().Add(timeout)
	c := n.Client(name)
	for time.Now().Before(deadline) {
		if b, err := c.Block(ctx, nil); err == nil && b.Block.LastCommit != nil {
			for _, sig := range b.Block.LastCommit.Signatures {
				if sig.BlockIDFlag == 2 && strings.EqualFold(sig.ValidatorAddress.String(), validatorHex) {
					return b.Block.Height, nil
				}
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	return 0, fmt.Errorf("no block signed by %s within %s", validatorHex, timeout)
}

// Validators is CometBFT's validator set at the node's latest height.
func (n *Network) Validators(ctx context.Context, name string) (*coretypes.ResultValidators, error) {
	page, perPage := 1, 100
	return n.Client(name).Validators(ctx, nil, &page, &perPage)
}
