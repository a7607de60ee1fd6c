package types

import errorsmod "cosmossdk.io/errors"

// Registered errors of the device module; codes are part of the API. Each
// reason a reading can be refused has its own, so that firmware and
// gateways can react to the code.
var (
	ErrInvalidDevice        = errorsmod.Register(ModuleName, 2, "invalid device")
	ErrDeviceExists         = errorsmod.Register(ModuleName, 3, "device already registered")
	ErrDeviceNotFound       = errorsmod.Register(ModuleName, 4, "device not registered")
	ErrDeviceSuspended      = errorsmod.Register(ModuleName, 5, "device is suspended")
	ErrDeviceRevoked        = errorsmod.Register(ModuleName, 6, "device is revoked")
	ErrMalformedSignature   = errorsmod.Register(ModuleName, 7, "malformed signature")
	ErrHighS                = errorsmod.Register(ModuleName, 8, "signature s is in the upper half of the curve order (only low-S is accepted)")
	ErrWrongSigner          = errorsmod.Register(ModuleName, 9, "signature is not the device's")
	ErrInvalidProof         = errorsmod.Register(ModuleName, 10, "invalid proof of possession")
	ErrInvalidReading       = errorsmod.Register(ModuleName, 11, "invalid reading")
	ErrCounterReplayed      = errorsmod.Register(ModuleName, 12, "reading already recorded")
	ErrCounterNotIncreasing = errorsmod.Register(ModuleName, 13, "counter not above the device's last counter")
	ErrCounterJump          = errorsmod.Register(ModuleName, 14, "counter jumps further than allowed")
	ErrTimeOutsideWindow    = errorsmod.Register(ModuleName, 15, "device time outside the window around block time")
	ErrSubmitterNotAllowed  = errorsmod.Register(ModuleName, 16, "signer may not submit for this device")
	ErrTooManyReadings      = errorsmod.Register(ModuleName, 17, "too many readings in one message")
	ErrInvalidBatch         = errorsmod.Register(ModuleName, 18, "invalid batch header")
	ErrInvalidParams        = errorsmod.Register(ModuleName, 19, "invalid parameters")
	ErrUnauthorized         = errorsmod.Register(ModuleName, 20, "not an administrator of the device's organization")
	ErrInvalidStatusChange  = errorsmod.Register(ModuleName, 21, "invalid device status change")
	ErrAnchorNotFound       = errorsmod.Register(ModuleName, 22, "no anchored batch covers this counter")
	ErrReadingNotFound      = errorsmod.Register(ModuleName, 23, "reading not on chain")
	ErrKeyInUse             = errorsmod.Register(ModuleName, 24, "key already belongs to a device or account")
	ErrCloneSuspected       = errorsmod.Register(ModuleName, 25, "device is suspected cloned: rotate its key to reactivate it")
	ErrInvalidKey           = errorsmod.Register(ModuleName, 26, "invalid public key")
	ErrGIAINotOwned         = errorsmod.Register(ModuleName, 27, "the GIAI's company prefix is not held by the device's organization")
	ErrTooManyTargets       = errorsmod.Register(ModuleName, 28, "the device is tied to more goods than one reading may be checked against")
)
