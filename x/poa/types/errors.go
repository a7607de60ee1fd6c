package types

import errorsmod "cosmossdk.io/errors"

// Registered errors of the poa module; codes are part of the API.
var (
	ErrInvalidPubKey       = errorsmod.Register(ModuleName, 2, "invalid consensus public key")
	ErrInvalidPower        = errorsmod.Register(ModuleName, 3, "invalid voting power")
	ErrValidatorExists     = errorsmod.Register(ModuleName, 4, "validator already in the set")
	ErrValidatorNotFound   = errorsmod.Register(ModuleName, 5, "validator not found")
	ErrTombstoned          = errorsmod.Register(ModuleName, 6, "consensus key was removed for double signing and cannot return")
	ErrOperatorNotAllowed  = errorsmod.Register(ModuleName, 7, "operator organization may not run validators")
	ErrTooManyValidators   = errorsmod.Register(ModuleName, 8, "validator set is full")
	ErrPowerChangeTooLarge = errorsmod.Register(ModuleName, 9, "block would move more than 1/3 of the total voting power")
	ErrLastValidator       = errorsmod.Register(ModuleName, 10, "the validator set cannot be emptied")
	ErrInvalidParams       = errorsmod.Register(ModuleName, 11, "invalid params")
	ErrInvalidName         = errorsmod.Register(ModuleName, 12, "invalid validator name")
	ErrInvalidConsAddress  = errorsmod.Register(ModuleName, 13, "invalid consensus address")
	ErrTotalPowerOverflow  = errorsmod.Register(ModuleName, 14, "total voting power would exceed CometBFT's maximum")
)
