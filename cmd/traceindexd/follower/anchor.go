package follower

import (
	"context"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// Anchor asks the node for the anchored batch of a device covering a
// counter (x/device's Query/Anchor over ABCI).
func (f *Follower) Anchor(ctx context.Context, device string, counter uint64) (devicetypes.Anchor, bool, error) {
	req, err := f.Codec.cdc.Marshal(&devicetypes.QueryAnchorRequest{Device: device, Counter: counter})
	if err != nil {
		return devicetypes.Anchor{}, false, err
	}
	res, err := f.RPC.ABCIQuery(ctx, "/tracechain.device.v1.Query/Anchor", req)
	if err != nil {
		return devicetypes.Anchor{}, false, fmt.Errorf("node: %w", err)
	}
	if res.Response.Code != 0 {
		// Not found (or the device unknown): the batch is not anchored.
		return devicetypes.Anchor{}, false, nil
	}
	var out devicetypes.QueryAnchorResponse
	if err := f.Codec.cdc.Unmarshal(res.Response.Value, &out); err != nil {
		return devicetypes.Anchor{}, false, err
	}
	return out.Anchor, true, nil
}

// DecodeJSON reads protobuf JSON of the chain's types (readings the
// common way without reflection).
func (c *Codec) DecodeJSON(bz []byte, into interface{ ProtoMessage() }) error {
	if r, isReading := into.(*devicetypes.Reading); isReading {
		if fast, ok := decodeReadingJSON(bz); ok {
			*r = fast
			return nil
		}
	}
	msg, ok := into.(proto.Message)
	if !ok {
		return fmt.Errorf("%T is not a protobuf message", into)
	}
	return c.cdc.UnmarshalJSON(bz, msg)
}
