package app_test

import (
	"testing"

	"github.com/tracechain/tracechain/testutil/apptest"
	"github.com/tracechain/tracechain/testutil/devicetest"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// BenchmarkDecodeSubmitReadings1000 decodes a gateway's transaction of
// 1,000 readings as every node does in CheckTx, again in FinalizeBlock and
// in each recheck: the messages, then their signers, which the SDK reads
// from a second, protobuf-go decoding of each message (dynamicpb for
// TraceChain's messages, which have no generated protobuf-go types).
//
//	go test -tags pebbledb -run xxx -bench DecodeSubmitReadings ./app/
func BenchmarkDecodeSubmitReadings1000(b *testing.B) {
	c := apptest.NewChain(b)
	d := devicetest.New(b, devicetypes.KEY_TYPE_SECP256K1, devicetypes.NewDomain(apptest.ChainID))
	gateway := c.Accounts["farm-admin"]
	now := c.Time.UnixMilli()
	readings := make([]devicetypes.Reading, 1000)
	for i := range readings {
		readings[i] = d.Temperature(b, now, "4.6")
	}
	tx := c.SignTx([]*apptest.Account{gateway}, &devicetypes.MsgSubmitReadings{Signer: gateway.Bech32(), Readings: readings})
	decode := c.App.TxConfig().TxDecoder()
	b.SetBytes(int64(len(tx)))
	b.ReportAllocs()
	for b.Loop() {
		decoded, err := decode(tx)
		if err != nil {
			b.Fatal(err)
		}
		signers, err := decoded.(interface{ GetSigners() ([][]byte, error) }).GetSigners()
		if err != nil || len(signers) != 1 {
			b.Fatalf("signers %x: %v", signers, err)
		}
	}
}
