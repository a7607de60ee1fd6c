package app

import (
	"errors"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	txsigning "github.com/cosmos/cosmos-sdk/x/tx/signing"

	deviceante "github.com/tracechain/tracechain/x/device/ante"
	membershipante "github.com/tracechain/tracechain/x/membership/ante"
)

// AnteOptions are the keepers and codecs the ante chain needs.
type AnteOptions struct {
	AccountKeeper    ante.AccountKeeper
	BankKeeper       authtypes.BankKeeper
	MembershipKeeper membershipante.PermissionKeeper
	DeviceKeeper     deviceante.ReadingPreverifier
	Codec            codec.Codec
	Registry         codectypes.InterfaceRegistry
	SignModeHandler  *txsigning.HandlerMap
}

// NewAnteHandler is the SDK's default chain with TraceChain's admission
// checks (size and message limits, then membership and roles) placed
// before any signature work: a non-member's transaction costs the node a
// few store reads, not a signature verification. Last, the readings'
// device signatures are verified on admission for the block to reuse.
func NewAnteHandler(o AnteOptions) (sdk.AnteHandler, error) {
	if o.AccountKeeper == nil || o.BankKeeper == nil || o.MembershipKeeper == nil ||
		o.DeviceKeeper == nil || o.Codec == nil || o.Registry == nil || o.SignModeHandler == nil {
		return nil, errors.New("ante: every AnteOptions field is required")
	}
	return sdk.ChainAnteDecorators(
		ante.NewSetUpContextDecorator(),
		ante.NewExtensionOptionsDecorator(nil),
		ante.NewValidateBasicDecorator(),
		ante.NewTxTimeoutHeightDecorator(),
		ante.NewValidateMemoDecorator(o.AccountKeeper),
		membershipante.NewTxLimitsDecorator(o.MembershipKeeper, o.Registry),
		membershipante.NewPermissionDecorator(o.MembershipKeeper, o.Codec, o.Registry),
		ante.NewConsumeGasForTxSizeDecorator(o.AccountKeeper),
		ante.NewDeductFeeDecorator(o.AccountKeeper, o.BankKeeper, nil, nil),
		ante.NewSetPubKeyDecorator(o.AccountKeeper),
		ante.NewValidateSigCountDecorator(o.AccountKeeper),
		ante.NewSigGasConsumeDecorator(o.AccountKeeper, ante.DefaultSigVerificationGasConsumer),
		ante.NewSigVerificationDecorator(o.AccountKeeper, o.SignModeHandler),
		ante.NewIncrementSequenceDecorator(o.AccountKeeper),
		deviceante.NewPreverifyReadingsDecorator(o.DeviceKeeper),
	), nil
}
