package ante

import (
	"context"
	"fmt"

	errorsmod "cosmossdk.io/errors"
	gogoproto "github.com/cosmos/gogoproto/proto"
	protov2 "google.golang.org/protobuf/proto"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/membership/types"
)

// PermissionKeeper is the part of the membership keeper the ante handler uses.
type PermissionKeeper interface {
	Authorize(ctx context.Context, signer sdk.AccAddress, typeURL string) error
	Rule(typeURL string) (types.Rule, bool)
	Authority(ctx context.Context) (string, error)
	GetParams(ctx context.Context) (types.Params, error)
}

// SignerExtractor reads the signers a message declares (cosmos.msg.v1.signer).
type SignerExtractor interface {
	GetMsgV1Signers(msg gogoproto.Message) ([][]byte, protov2.Message, error)
}

// PermissionDecorator admits a transaction only if every signer of every
// message, nested messages included, may send that message. It runs before
// signature verification so that a non-member's transaction is refused for
// the price of a few store reads.
type PermissionDecorator struct {
	keeper   PermissionKeeper
	signers  SignerExtractor
	registry codectypes.AnyUnpacker
}

// NewPermissionDecorator builds the decorator.
func NewPermissionDecorator(k PermissionKeeper, signers SignerExtractor, registry codectypes.AnyUnpacker) PermissionDecorator {
	return PermissionDecorator{keeper: k, signers: signers, registry: registry}
}

// AnteHandle implements sdk.AnteDecorator.
func (d PermissionDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	for i, msg := range tx.GetMsgs() {
		if err := d.check(ctx, msg, fmt.Sprintf("message %d", i), 0); err != nil {
			return ctx, err
		}
	}
	return next(ctx, tx, simulate)
}

func (d PermissionDecorator) check(ctx sdk.Context, msg sdk.Msg, path string, depth int) error {
	typeURL := sdk.MsgTypeURL(msg)
	where := fmt.Sprintf("%s (%s)", path, typeURL)
	if depth > maxNestingDepth {
		return types.ErrMsgNotAllowed.Wrapf("%s: messages nest deeper than %d levels", where, maxNestingDepth)
	}
	signers, _, err := d.signers.GetMsgV1Signers(msg)
	if err != nil {
		return errorsmod.Wrapf(err, "%s: reading signers", where)
	}
	for _, signer := range signers {
		if err := d.keeper.Authorize(ctx, signer, typeURL); err != nil {
			return errorsmod.Wrap(err, where)
		}
	}
	if rule, ok := d.keeper.Rule(typeURL); ok && rule.Guard != nil {
		authority, err := d.keeper.Authority(ctx)
		if err != nil {
			return err
		}
		if err := rule.Guard(msg, authority); err != nil {
			return errorsmod.Wrap(err, where)
		}
	}
	inner, err := nestedMsgs(d.registry, msg)
	if err != nil {
		return errorsmod.Wrapf(err, "%s: unpacking nested messages", where)
	}
	for j, m := range inner {
		if err := d.check(ctx, m, fmt.Sprintf("%s → nested message %d", path, j), depth+1); err != nil {
			return err
		}
	}
	return nil
}
