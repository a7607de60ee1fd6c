package types

import errorsmod "cosmossdk.io/errors"

// Registered errors of the membership module; codes are part of the API.
var (
	ErrInvalidOrgID          = errorsmod.Register(ModuleName, 2, "invalid organization ID")
	ErrOrgExists             = errorsmod.Register(ModuleName, 3, "organization already registered")
	ErrOrgNotFound           = errorsmod.Register(ModuleName, 4, "organization not found")
	ErrInvalidRole           = errorsmod.Register(ModuleName, 5, "invalid role")
	ErrOrgSuspended          = errorsmod.Register(ModuleName, 6, "organization suspended")
	ErrOrgStatus             = errorsmod.Register(ModuleName, 7, "organization already in that status")
	ErrMemberExists          = errorsmod.Register(ModuleName, 8, "account is already a member")
	ErrMemberNotFound        = errorsmod.Register(ModuleName, 9, "account is not a member")
	ErrNotOrgAdmin           = errorsmod.Register(ModuleName, 10, "signer is neither the authority nor an ADMIN of the organization")
	ErrLastAdmin             = errorsmod.Register(ModuleName, 11, "organization would be left without an ADMIN")
	ErrUnauthorized          = errorsmod.Register(ModuleName, 12, "unauthorized")
	ErrNoPendingAuthority    = errorsmod.Register(ModuleName, 13, "no authority hand-over is pending")
	ErrInvalidParams         = errorsmod.Register(ModuleName, 14, "invalid params")
	ErrNotMember             = errorsmod.Register(ModuleName, 15, "signer is not a member of the consortium")
	ErrRoleNotAllowed        = errorsmod.Register(ModuleName, 16, "signer's roles do not allow this message")
	ErrMsgNotAllowed         = errorsmod.Register(ModuleName, 17, "message type is not allowed on this chain")
	ErrTooManyMsgs           = errorsmod.Register(ModuleName, 18, "too many messages in transaction")
	ErrTxTooLarge            = errorsmod.Register(ModuleName, 19, "transaction too large")
	ErrInvalidName           = errorsmod.Register(ModuleName, 20, "invalid name")
	ErrAuthorityUnset        = errorsmod.Register(ModuleName, 21, "consortium authority is not set in the consensus params")
	ErrAuthorityViaConsensus = errorsmod.Register(ModuleName, 22, "the authority changes only through ProposeAuthority and AcceptAuthority")
	ErrInvalidReason         = errorsmod.Register(ModuleName, 23, "invalid reason")
)
