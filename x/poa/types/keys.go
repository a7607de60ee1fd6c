package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name and store key.
	ModuleName = "poa"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Collection prefixes; changing one is a state-breaking change.
var (
	ParamsKey         = collections.NewPrefix(0)
	ValidatorsKey     = collections.NewPrefix(1)
	TotalPowerKey     = collections.NewPrefix(2)
	PendingUpdatesKey = collections.NewPrefix(3)
	TombstonedKey     = collections.NewPrefix(4)
)
