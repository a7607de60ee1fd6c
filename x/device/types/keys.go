package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name and store key.
	ModuleName = "device"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Collection prefixes; changing one is a state-breaking change.
var (
	ParamsKey             = collections.NewPrefix(0)
	DevicesKey            = collections.NewPrefix(1)
	DevicesByAddressKey   = collections.NewPrefix(2)
	DevicesByAccountKey   = collections.NewPrefix(3)
	DevicesByOrgKey       = collections.NewPrefix(4)
	DevicesByGIAIKey      = collections.NewPrefix(5)
	ReadingRunsKey        = collections.NewPrefix(6)
	AnchorsKey            = collections.NewPrefix(7)
	ExcursionSequenceKey  = collections.NewPrefix(8)
	ExcursionsKey         = collections.NewPrefix(9)
	ExcursionsByObjectKey = collections.NewPrefix(10)
	ExcursionsByDeviceKey = collections.NewPrefix(11)
	ClonesKey             = collections.NewPrefix(12)
)
