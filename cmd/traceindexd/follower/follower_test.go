package follower

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	servicetypes "github.com/tracechain/tracechain/x/service/types"
)

// An EndBlocker's typed event carries the SDK's mode attribute; it
// decodes all the same (it once stopped the follower at the block).
func TestBlockEventWithModeDecodes(t *testing.T) {
	ev, err := sdk.TypedEventToEvent(&servicetypes.EventOrderStateChanged{OrderId: 7})
	require.NoError(t, err)
	abciEv := abci.Event(ev)
	abciEv.Attributes = append(abciEv.Attributes, abci.EventAttribute{Key: "mode", Value: "EndBlock", Index: true})
	out, err := typedEvents([]abci.Event{abciEv}, 3, 0, "")
	require.NoError(t, err)
	require.Len(t, out, 1)
	require.Contains(t, string(out[0].Data), `"order_id":"7"`)
}
