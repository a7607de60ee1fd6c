package keeper_test

import (
	"testing"

	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/x/device/types"
)

// BenchmarkSubmitReadings100 is one gateway message of 100 readings from
// 10 sensors, checked and written, then committed like a block; ns/op / 100
// is the state machine's cost per reading.
func BenchmarkSubmitReadings100(b *testing.B) {
	f := setup(b)
	sensors := make([]*devicetest.Device, 10)
	for i := range sensors {
		sensors[i] = register(b, f, types.KEY_TYPE_SECP256K1, "")
	}
	gw := bech32(logisticsGateway)
	now := nowMs(f)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		readings := make([]types.Reading, 0, 100)
		for i := range 100 {
			readings = append(readings, sensors[i%10].Temperature(b, now, "4.25"))
		}
		b.StartTimer()
		if _, err := f.Submit(gw, readings...); err != nil {
			b.Fatal(err)
		}
		f.Commit()
	}
}
