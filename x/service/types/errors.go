package types

import errorsmod "cosmossdk.io/errors"

// Registered errors of the service module; codes are part of the API.
// Each refusal of the order state machine has its own.
var (
	ErrInvalidOffering   = errorsmod.Register(ModuleName, 2, "invalid offering")
	ErrOfferingNotFound  = errorsmod.Register(ModuleName, 3, "offering not found")
	ErrOfferingInactive  = errorsmod.Register(ModuleName, 4, "offering is not active")
	ErrInvalidOrder      = errorsmod.Register(ModuleName, 5, "invalid order")
	ErrOrderNotFound     = errorsmod.Register(ModuleName, 6, "order not found")
	ErrWrongState        = errorsmod.Register(ModuleName, 7, "order is not in a state that allows this")
	ErrNotParty          = errorsmod.Register(ModuleName, 8, "signer's organization is not the party that may do this")
	ErrDeadlinePassed    = errorsmod.Register(ModuleName, 9, "the order's deadline has passed")
	ErrInvalidEvidence   = errorsmod.Register(ModuleName, 10, "invalid evidence")
	ErrInvalidResolution = errorsmod.Register(ModuleName, 11, "invalid resolution")
	ErrInsufficientFunds = errorsmod.Register(ModuleName, 12, "insufficient settlement funds for the escrow")
	ErrInvalidAmount     = errorsmod.Register(ModuleName, 13, "invalid amount")
	ErrInvalidParams     = errorsmod.Register(ModuleName, 14, "invalid parameters")
	ErrOwnOffering       = errorsmod.Register(ModuleName, 15, "an organization cannot order its own offering")
	ErrEscrowInvariant   = errorsmod.Register(ModuleName, 16, "escrow account balance differs from open escrows")
)
