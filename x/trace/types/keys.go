package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name and store key.
	ModuleName = "trace"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Collection prefixes; changing one is a state-breaking change.
var (
	ParamsKey            = collections.NewPrefix(0)
	CompanyPrefixesKey   = collections.NewPrefix(1)
	ProductsKey          = collections.NewPrefix(2)
	LocationsKey         = collections.NewPrefix(3)
	ObjectsKey           = collections.NewPrefix(4)
	EventsKey            = collections.NewPrefix(5)
	EventSequenceKey     = collections.NewPrefix(6)
	EventsBySequenceKey  = collections.NewPrefix(7)
	ObjectEventsKey      = collections.NewPrefix(8)
	EdgesKey             = collections.NewPrefix(9)
	EdgesReverseKey      = collections.NewPrefix(10)
	ContentsKey          = collections.NewPrefix(11)
	ShipmentsKey         = collections.NewPrefix(12)
	RecallSequenceKey    = collections.NewPrefix(13)
	RecallsKey           = collections.NewPrefix(14)
	RecallQueueKey       = collections.NewPrefix(15)
	RecallAffectedKey    = collections.NewPrefix(16)
	RecallHoldersKey     = collections.NewPrefix(17)
	RecallAcksKey        = collections.NewPrefix(18)
	ActiveRecallsKey     = collections.NewPrefix(19)
	CertificationSeqKey  = collections.NewPrefix(20)
	CertificationsKey    = collections.NewPrefix(21)
	CertsBySubjectKey    = collections.NewPrefix(22)
	AssociationsKey      = collections.NewPrefix(23)
	OpenAssociationsKey  = collections.NewPrefix(24)
	AssociationsByObjKey = collections.NewPrefix(25)
	EventUndosKey        = collections.NewPrefix(26)
	AssociationsByEndKey = collections.NewPrefix(27)
)
