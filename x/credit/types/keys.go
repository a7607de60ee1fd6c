package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name and store key.
	ModuleName = "credit"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Collection prefixes; changing one is a state-breaking change.
var (
	ParamsKey           = collections.NewPrefix(0)
	RecordSequenceKey   = collections.NewPrefix(1)
	RecordsKey          = collections.NewPrefix(2)
	RecordsBySubjectKey = collections.NewPrefix(3)
	RestrictionsKey     = collections.NewPrefix(4)
	TalliesKey          = collections.NewPrefix(5)
)
