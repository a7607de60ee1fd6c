// Package ante holds x/device's part of the ante handler.
package ante

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/device/types"
)

// ReadingPreverifier is the device keeper's admission-time signature check.
type ReadingPreverifier interface {
	PreverifyReadings(ctx context.Context, msg *types.MsgSubmitReadings)
}

// PreverifyReadingsDecorator checks the device signatures of a new
// transaction's readings when it enters the mempool, so that the block
// carrying it finds them verified (x/device/keeper/verified_signatures.go).
// It refuses nothing: readings are judged in the block, as before. It does
// no work in blocks, on rechecks (the signatures were checked on entry) or
// in simulation; it belongs after the transaction's own signature check,
// so that only signed transactions from members cost this work.
type PreverifyReadingsDecorator struct{ keeper ReadingPreverifier }

// NewPreverifyReadingsDecorator builds the decorator.
func NewPreverifyReadingsDecorator(k ReadingPreverifier) PreverifyReadingsDecorator {
	return PreverifyReadingsDecorator{keeper: k}
}

// AnteHandle implements sdk.AnteDecorator.
func (d PreverifyReadingsDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if ctx.IsCheckTx() && !ctx.IsReCheckTx() && !simulate {
		for _, msg := range tx.GetMsgs() {
			if submit, ok := msg.(*types.MsgSubmitReadings); ok {
				d.keeper.PreverifyReadings(ctx, submit)
			}
		}
	}
	return next(ctx, tx, simulate)
}
