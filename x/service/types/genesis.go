package types

import "fmt"

// DefaultGenesis has no offerings or orders; IDs start at 1.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextOfferingId: 1, NextOrderId: 1}
}

// Validate checks the genesis state on its own (the escrow balance is
// checked against the bank when the chain starts).
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	if gs.NextOfferingId == 0 || gs.NextOrderId == 0 {
		return fmt.Errorf("next_offering_id and next_order_id start at 1")
	}
	offerings := map[uint64]bool{}
	for i, o := range gs.Offerings {
		if o.Id == 0 || o.Id >= gs.NextOfferingId || offerings[o.Id] {
			return fmt.Errorf("offerings[%d]: ID %d zero, duplicate or not below next_offering_id", i, o.Id)
		}
		if o.UnitPrice.IsNil() || o.UnitPrice.IsNegative() {
			return fmt.Errorf("offerings[%d]: unit_price", i)
		}
		offerings[o.Id] = true
	}
	orders := map[uint64]bool{}
	for i, o := range gs.Orders {
		if o.Id == 0 || o.Id >= gs.NextOrderId || orders[o.Id] {
			return fmt.Errorf("orders[%d]: ID %d zero, duplicate or not below next_order_id", i, o.Id)
		}
		if !offerings[o.OfferingId] {
			return fmt.Errorf("orders[%d]: offering %d not in genesis", i, o.OfferingId)
		}
		if o.Escrow.IsNil() || o.Escrow.IsNegative() || o.State == ORDER_STATE_UNSPECIFIED {
			return fmt.Errorf("orders[%d]: escrow and state required", i)
		}
		orders[o.Id] = true
	}
	return nil
}
