package chainclient

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/cosmos/cosmos-sdk/client"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/gogoproto/proto"
)

// QueryError is a query the node refused: its ABCI code and log (for a
// refused gRPC query, its status code and description).
type QueryError struct {
	Codespace string
	Code      uint32
	Log       string
}

func (e *QueryError) Error() string { return e.Log }

// NotFound says the node found no such thing: the SDK's key-not-found or
// a gRPC NotFound status.
func (e *QueryError) NotFound() bool {
	return (e.Codespace == "sdk" && e.Code == 38) || e.Codespace == "grpc:NotFound"
}

var grpcStatus = regexp.MustCompile(`rpc error: code = (\w+) desc = (.*)`)

// Query asks the node a module's gRPC query (its full method name, e.g.
// /tracechain.trace.v1.Query/Event) over ABCI, at the latest height.
func (c *Client) Query(ctx context.Context, method string, req, resp proto.Message) error {
	bz, err := c.Codec.Marshal(req)
	if err != nil {
		return err
	}
	res, err := c.RPC.ABCIQuery(ctx, method, bz)
	if err != nil {
		return fmt.Errorf("node: %w", err)
	}
	if r := res.Response; r.Code != 0 {
		if m := grpcStatus.FindStringSubmatch(r.Log); m != nil {
			return &QueryError{Codespace: "grpc:" + m[1], Code: r.Code, Log: m[2]}
		}
		return &QueryError{Codespace: r.Codespace, Code: r.Code, Log: r.Log}
	}
	return c.Codec.Unmarshal(res.Response.Value, resp)
}

// LatestBlockTime is the time of the node's latest block: the clock the
// chain judges an unordered transaction's timeout by.
func (c *Client) LatestBlockTime(ctx context.Context) (time.Time, error) {
	st, err := c.RPC.Status(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("node: %w", err)
	}
	return st.SyncInfo.LatestBlockTime, nil
}

// BuildUnorderedUntil encodes msgs as an unordered transaction signed by
// u that the chain accepts until timeout (at most 10 minutes ahead).
func (c *Client) BuildUnorderedUntil(u *Unordered, timeout time.Time, msgs ...sdk.Msg) ([]byte, error) {
	return c.build(u.Signer, u.Number, 0, func(b client.TxBuilder) {
		b.SetUnordered(true)
		b.SetTimeoutTimestamp(timeout)
	}, msgs...)
}
