package types

import (
	"context"

	credittypes "github.com/tracechain/tracechain/x/credit/types"

	sdk "github.com/cosmos/cosmos-sdk/types"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// MembershipKeeper tells who a signer acts for.
type MembershipKeeper interface {
	RequireMember(ctx context.Context, signer sdk.AccAddress, req membershiptypes.Requirement) (membershiptypes.MemberInfo, error)
	RequireAuthority(ctx context.Context, signer string) error
	GetOrganization(ctx context.Context, id string) (membershiptypes.Organization, error)
}

// BankKeeper moves, mints and burns the settlement coin.
type BankKeeper interface {
	SendCoinsFromAccountToModule(ctx context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error
	MintCoins(ctx context.Context, module string, amt sdk.Coins) error
	BurnCoins(ctx context.Context, module string, amt sdk.Coins) error
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	SpendableCoins(ctx context.Context, addr sdk.AccAddress) sdk.Coins
}

// AccountKeeper names module accounts.
type AccountKeeper interface {
	GetModuleAddress(name string) sdk.AccAddress
}

// CreditKeeper is told how orders and disputes went, and which
// organizations may not accept new orders.
type CreditKeeper interface {
	RequireUnrestricted(ctx context.Context, orgID string) error
	AddModuleRecord(ctx context.Context, module string, r credittypes.ModuleRecord) (uint64, error)
}

// TraceKeeper checks linked objects and evidence: recorded events, the
// objects evidence may concern, and which devices were tied to them.
type TraceKeeper interface {
	GetEvent(ctx context.Context, eventID string) (tracetypes.EventRecord, error)
	HasObject(ctx context.Context, id string) (bool, error)
	ObjectsAround(ctx context.Context, ids []string) (map[string]bool, error)
	DeviceTiedDuring(ctx context.Context, deviceURI string, objects map[string]bool, fromMs, toMs uint64) (bool, error)
}

// DeviceKeeper checks evidence (anchors and their devices) and reports
// excursions.
type DeviceKeeper interface {
	AnchorCovering(ctx context.Context, deviceID string, counter uint64) (devicetypes.Anchor, error)
	GetDevice(ctx context.Context, ref string) (devicetypes.Device, error)
	ExcursionsOf(ctx context.Context, objectID string, fromMs, toMs uint64) ([]devicetypes.Excursion, error)
}
