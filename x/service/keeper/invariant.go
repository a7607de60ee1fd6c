package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	"github.com/tracechain/tracechain/x/service/types"
)

// EscrowTotals returns the escrow account's balance and the sum of open
// orders' escrow, with their count.
func (k Keeper) EscrowTotals(ctx context.Context) (balance, open sdkmath.Int, count uint64, err error) {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return balance, open, 0, err
	}
	balance = k.bank.GetBalance(ctx, k.accounts.GetModuleAddress(types.EscrowAccount), p.SettlementDenom).Amount
	open = sdkmath.ZeroInt()
	err = k.Orders.Walk(ctx, nil, func(_ uint64, o types.Order) (bool, error) {
		if o.Open() {
			open = open.Add(o.Escrow)
			count++
		}
		return false, nil
	})
	return balance, open, count, err
}

// CheckEscrow is the module's invariant: the escrow account holds exactly
// the open orders' escrow — no coin created or lost.
func (k Keeper) CheckEscrow(ctx context.Context) error {
	balance, open, _, err := k.EscrowTotals(ctx)
	if err != nil {
		return err
	}
	if !balance.Equal(open) {
		return types.ErrEscrowInvariant.Wrapf("balance %s, open escrows %s", balance, open)
	}
	return nil
}
