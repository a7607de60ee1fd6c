package apptest

import (
	"fmt"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
)

// FarmLot is the farm's lot number n (an LGTIN EPC class under FarmPrefix).
func FarmLot(n int) string {
	return fmt.Sprintf("urn:epc:class:lgtin:%s.012345.LOT%d", FarmPrefix, n)
}

// Harvests are n ObjectEvents commissioning 100 kg each of the farm's lots
// from..from+n-1.
func Harvests(clock *epcisbuild.Clock, from, n int) []epcisbuild.Event {
	evs := make([]epcisbuild.Event, 0, n)
	for i := range n {
		evs = append(evs, clock.New("ObjectEvent", "ADD").BizStep("harvesting").
			Qty(epcisbuild.Quantity{Class: FarmLot(from + i), Amount: "100", UOM: "KGM"}))
	}
	return evs
}
