package ante

import (
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/membership/types"
)

// TxLimitsDecorator enforces the membership params' max_tx_bytes and
// max_msgs_per_tx (nested messages count) in CheckTx and in blocks alike.
type TxLimitsDecorator struct {
	keeper   PermissionKeeper
	registry codectypes.AnyUnpacker
}

// NewTxLimitsDecorator builds the decorator.
func NewTxLimitsDecorator(k PermissionKeeper, registry codectypes.AnyUnpacker) TxLimitsDecorator {
	return TxLimitsDecorator{keeper: k, registry: registry}
}

// AnteHandle implements sdk.AnteDecorator.
func (d TxLimitsDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	params, err := d.keeper.GetParams(ctx)
	if err != nil {
		return ctx, err
	}
	if size := uint64(len(ctx.TxBytes())); size > params.MaxTxBytes {
		return ctx, types.ErrTxTooLarge.Wrapf("transaction is %d bytes, the limit is %d", size, params.MaxTxBytes)
	}
	count := 0
	pending := tx.GetMsgs()
	for len(pending) > 0 {
		msg := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		count++
		if count > int(params.MaxMsgsPerTx) {
			return ctx, types.ErrTooManyMsgs.Wrapf("transaction holds more than %d messages (nested ones included)", params.MaxMsgsPerTx)
		}
		inner, err := nestedMsgs(d.registry, msg)
		if err != nil {
			return ctx, err
		}
		pending = append(pending, inner...)
	}
	return next(ctx, tx, simulate)
}
