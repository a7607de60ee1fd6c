package keeper_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	errorsmod "cosmossdk.io/errors"

	"github.com/tracechain/tracechain/testutil/epcisbuild"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/trace/types"
)

// FuzzCaptureEvents feeds arbitrary documents to the message server: it
// never panics, and every refusal is a registered trace error (or the
// signer check), never an internal one.
func FuzzCaptureEvents(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(epcisTestdata, "examples", "*.jsonld"))
	for _, file := range files {
		if bz, err := os.ReadFile(file); err == nil {
			f.Add(bz)
		}
	}
	clock := epcisbuild.NewClock(keepertest.BlockTime.Add(-time.Hour))
	f.Add(epcisbuild.Document(clock.New("ObjectEvent", "ADD").BizStep("harvesting").
		Qty(epcisbuild.Quantity{Class: "urn:epc:class:lgtin:6901234.012345.F1", Amount: "10.5", UOM: "KGM"})))
	f.Add(epcisbuild.Document(clock.New("TransformationEvent", "").
		InputQty(epcisbuild.Quantity{Class: "urn:epc:class:lgtin:6901234.012345.F1", Amount: "1"}).
		Outputs("https://id.gs1.org/01/06901234123456/21/x")))

	fx := keepertest.NewTrace(f)
	for _, p := range []string{"4012345", "0614141", "9520001"} {
		fx.AssignPrefix(f, keepertest.FarmOrg, p)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		_, err := fx.Capture(fx.Farm.Signer(), doc)
		if err == nil {
			return
		}
		codespace, code, _ := errorsmod.ABCIInfo(err, false)
		if codespace != types.ModuleName || code < 2 {
			t.Fatalf("unregistered error %s/%d: %v", codespace, code, err)
		}
	})
}
