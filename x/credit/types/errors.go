package types

import errorsmod "cosmossdk.io/errors"

// Registered errors of the credit module; codes are part of the API.
var (
	ErrInvalidRecord      = errorsmod.Register(ModuleName, 2, "invalid credit record")
	ErrSelfRecord         = errorsmod.Register(ModuleName, 3, "an organization cannot write records about itself")
	ErrNotAllowed         = errorsmod.Register(ModuleName, 4, "signer's organization may not write this record")
	ErrRecordNotFound     = errorsmod.Register(ModuleName, 5, "credit record not found")
	ErrInvalidAppeal      = errorsmod.Register(ModuleName, 6, "invalid appeal")
	ErrInvalidRestriction = errorsmod.Register(ModuleName, 7, "invalid restriction")
	ErrNotRestricted      = errorsmod.Register(ModuleName, 8, "organization is not on the restriction list")
	ErrOrgRestricted      = errorsmod.Register(ModuleName, 9, "organization is on the restriction list")
	ErrInvalidParams      = errorsmod.Register(ModuleName, 10, "invalid parameters")
	ErrNotDecider         = errorsmod.Register(ModuleName, 11, "this regulator may not decide this appeal")
	ErrNotListedByYou     = errorsmod.Register(ModuleName, 12, "the restriction was listed by another regulator")
)
