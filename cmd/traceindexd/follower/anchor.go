package follower

import (
	"context"
	"errors"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// Anchor asks the node for the anchored batch of a device covering a
// counter (x/device's Query/Anchor over ABCI, at the latest height). No
// such batch, an unknown device or a malformed request is "not anchored";
// any other refusal is the node's failure.
func (f *Follower) Anchor(ctx context.Context, device string, counter uint64) (devicetypes.Anchor, bool, error) {
	var out devicetypes.QueryAnchorResponse
	err := f.QueryAt(ctx, "/tracechain.device.v1.Query/Anchor", &devicetypes.QueryAnchorRequest{Device: device, Counter: counter}, &out, 0)
	if qe := (*QueryError)(nil); errors.As(err, &qe) && (qe.NotFound() || qe.Invalid()) {
		return devicetypes.Anchor{}, false, nil
	} else if err != nil {
		return devicetypes.Anchor{}, false, fmt.Errorf("anchor query: %w", err)
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
