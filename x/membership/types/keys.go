package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key and event prefix.
	ModuleName = "membership"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Collection prefixes; changing one is a state-breaking change.
var (
	ParamsKey           = collections.NewPrefix(0)
	OrganizationsKey    = collections.NewPrefix(1)
	MembersKey          = collections.NewPrefix(2)
	MembersByOrgKey     = collections.NewPrefix(3)
	PendingAuthorityKey = collections.NewPrefix(4)
	MembersByOrgRoleKey = collections.NewPrefix(5)
)
