package follower

import (
	"context"
	"fmt"
	"regexp"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	"github.com/cosmos/gogoproto/proto"
)

// QueryError is a query the node refused: its ABCI code and log.
type QueryError struct {
	Codespace string
	Code      uint32
	Log       string
}

func (e *QueryError) Error() string { return e.Log }

// NotFound says the node found no such thing (the SDK's key-not-found,
// which gRPC NotFound answers become).
func (e *QueryError) NotFound() bool { return e.Codespace == "sdk" && e.Code == 38 }

// Invalid says the request was malformed (gRPC InvalidArgument) or a
// module refused it with one of its registered errors.
func (e *QueryError) Invalid() bool { return e.Codespace != "sdk" || e.Code == 18 }

var grpcStatus = regexp.MustCompile(`rpc error: code = (\w+) desc = (.*)`)

// sdkCodes are the SDK codes the gRPC codes stand for (38 key not found,
// 18 invalid request).
var sdkCodes = map[string]uint32{"NotFound": 38, "InvalidArgument": 18}

// QueryAt asks the node a module's gRPC query over ABCI, against the state
// at height, so that an answer agrees with the index at that height.
func (f *Follower) QueryAt(ctx context.Context, method string, req, resp proto.Message, height int64) error {
	bz, err := f.Codec.cdc.Marshal(req)
	if err != nil {
		return err
	}
	res, err := f.RPC.ABCIQueryWithOptions(ctx, method, bz, rpcclient.ABCIQueryOptions{Height: height})
	if err != nil {
		return fmt.Errorf("node: %w", err)
	}
	if r := res.Response; r.Code != 0 {
		// A refused gRPC query's log is its status text: its code says
		// what went wrong (NotFound, InvalidArgument) where the ABCI code
		// may not.
		if m := grpcStatus.FindStringSubmatch(r.Log); m != nil {
			if code, known := sdkCodes[m[1]]; known {
				return &QueryError{Codespace: "sdk", Code: code, Log: m[2]}
			}
		}
		return &QueryError{Codespace: r.Codespace, Code: r.Code, Log: r.Log}
	}
	return f.Codec.cdc.Unmarshal(res.Response.Value, resp)
}

// ProtoJSON writes a chain type as protobuf JSON.
func (c *Codec) ProtoJSON(msg proto.Message) ([]byte, error) { return c.cdc.MarshalJSON(msg) }
