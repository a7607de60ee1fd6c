package types_test

import (
	"testing"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/tracechain/tracechain/x/credit/types"
)

func TestScratchTallyBytesDeterministic(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	var tl types.Tally
	for _, k := range []types.RecordKind{types.RECORD_KIND_ORDER_ON_TIME, types.RECORD_KIND_DISPUTE_WON, types.RECORD_KIND_EXCURSION} {
		tl.Add(types.CreditRecord{Kind: k, Value: 5}, false)
	}
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		bz, err := cdc.Marshal(&tl)
		if err != nil {
			t.Fatal(err)
		}
		seen[string(bz)] = true
	}
	t.Logf("distinct encodings of one Tally: %d", len(seen))
	if len(seen) > 1 {
		t.Fatalf("non-deterministic state bytes: %d encodings", len(seen))
	}
}
