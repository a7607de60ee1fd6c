package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name and store key.
	ModuleName = "service"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
	// EscrowAccount is the module account holding open orders' escrow; it
	// holds nothing else, so its balance must equal their sum.
	EscrowAccount = "service_escrow"
	// SettlementAccount mints and burns the settlement denom for ISSUERs.
	SettlementAccount = "settlement"
)

// Collection prefixes; changing one is a state-breaking change.
var (
	ParamsKey           = collections.NewPrefix(0)
	OfferingSequenceKey = collections.NewPrefix(1)
	OfferingsKey        = collections.NewPrefix(2)
	OrderSequenceKey    = collections.NewPrefix(3)
	OrdersKey           = collections.NewPrefix(4)
	OrdersByOrgKey      = collections.NewPrefix(5)
	DeadlinesKey        = collections.NewPrefix(6)
)
