package types

import errorsmod "cosmossdk.io/errors"

// Registered errors of the trace module; codes are part of the API. The
// custody rules of DESIGN.md §3 each have their own.
var (
	ErrInvalidDocument      = errorsmod.Register(ModuleName, 2, "invalid EPCIS document")
	ErrInvalidEvent         = errorsmod.Register(ModuleName, 3, "invalid EPCIS event")
	ErrInvalidIdentifier    = errorsmod.Register(ModuleName, 4, "invalid GS1 identifier")
	ErrDuplicateEvent       = errorsmod.Register(ModuleName, 5, "event already recorded")
	ErrEventInFuture        = errorsmod.Register(ModuleName, 6, "eventTime lies in the future")
	ErrObjectExists         = errorsmod.Register(ModuleName, 7, "object already commissioned")
	ErrObjectNotFound       = errorsmod.Register(ModuleName, 8, "object not commissioned")
	ErrPrefixNotOwned       = errorsmod.Register(ModuleName, 9, "GS1 company prefix not held by the recorder's organization")
	ErrNotOwnerOrCustodian  = errorsmod.Register(ModuleName, 10, "only the owner or the custodian may do this")
	ErrNoMatchingShipment   = errorsmod.Register(ModuleName, 11, "no shipment of the object to this organization is pending")
	ErrInsufficientQuantity = errorsmod.Register(ModuleName, 12, "lot quantity would go negative")
	ErrObjectDecommissioned = errorsmod.Register(ModuleName, 13, "object is decommissioned or consumed")
	ErrObjectRecalled       = errorsmod.Register(ModuleName, 14, "object is recalled")
	// Code 15 is reserved: it once refused shipments naming no receiver,
	// which are now recorded as goods in transit.
	ErrUnknownParty          = errorsmod.Register(ModuleName, 16, "party is not a consortium organization")
	ErrAlreadyPacked         = errorsmod.Register(ModuleName, 17, "object is packed in another logistic unit")
	ErrNotInContainer        = errorsmod.Register(ModuleName, 18, "object is not packed in this logistic unit")
	ErrUnitMismatch          = errorsmod.Register(ModuleName, 19, "quantity unit differs from the lot's")
	ErrEventNotFound         = errorsmod.Register(ModuleName, 20, "event not found")
	ErrNotRecorder           = errorsmod.Register(ModuleName, 21, "only the recorder's organization may declare its events erroneous")
	ErrAlreadyDeclared       = errorsmod.Register(ModuleName, 22, "event already declared erroneous")
	ErrPrefixTaken           = errorsmod.Register(ModuleName, 23, "company prefix overlaps one already assigned")
	ErrInvalidParams         = errorsmod.Register(ModuleName, 24, "invalid params")
	ErrProductExists         = errorsmod.Register(ModuleName, 25, "product already registered")
	ErrInvalidProduct        = errorsmod.Register(ModuleName, 26, "invalid product")
	ErrInvalidLocation       = errorsmod.Register(ModuleName, 27, "invalid location")
	ErrRecallNotFound        = errorsmod.Register(ModuleName, 28, "recall not found")
	ErrNotRecallHolder       = errorsmod.Register(ModuleName, 29, "organization holds no goods of this recall")
	ErrAlreadyAcknowledged   = errorsmod.Register(ModuleName, 30, "recall already acknowledged")
	ErrAlreadyRecalled       = errorsmod.Register(ModuleName, 31, "object already recalled")
	ErrNotRecallInitiator    = errorsmod.Register(ModuleName, 32, "only the owner or a regulator may recall")
	ErrInvalidCertification  = errorsmod.Register(ModuleName, 33, "invalid certification")
	ErrCertificationNotFound = errorsmod.Register(ModuleName, 34, "certification not found")
	ErrNotCertifier          = errorsmod.Register(ModuleName, 35, "only the certifying organization may revoke")
	ErrRecallInProgress      = errorsmod.Register(ModuleName, 36, "a recall that may reach this object is still propagating")
	ErrTooLarge              = errorsmod.Register(ModuleName, 37, "document or event exceeds the module's limits")
	ErrContainmentCycle      = errorsmod.Register(ModuleName, 38, "packing would put a logistic unit inside itself")
	ErrNotAuthorized         = errorsmod.Register(ModuleName, 39, "signer may not do this")
	ErrAlreadyRevoked        = errorsmod.Register(ModuleName, 40, "certification already revoked")
)
