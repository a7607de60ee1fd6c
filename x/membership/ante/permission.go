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
	GetMsgV2Signers(msg protov2.Message) ([][]byte, error)
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
//
// A top-level message's signers are read from the protobuf-go decoding the
// transaction already holds (the SDK made it to find the signers whose
// signatures it verifies): reading them from the gogoproto message would
// encode and decode it once more — for a gateway's thousand readings, a
// few percent of a node's CPU.
func (d PermissionDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	msgs := tx.GetMsgs()
	msgsV2, err := tx.GetMsgsV2()
	if err != nil {
		return ctx, errorsmod.Wrap(err, "reading the messages' signers")
	}
	if len(msgsV2) != len(msgs) {
		return ctx, fmt.Errorf("transaction decodes to %d messages and %d protobuf-go messages", len(msgs), len(msgsV2))
	}
	for i, msg := range msgs {
		where := fmt.Sprintf("message %d", i)
		signers, err := d.signers.GetMsgV2Signers(msgsV2[i])
		if err != nil {
			return ctx, errorsmod.Wrapf(err, "%s (%s): reading signers", where, sdk.MsgTypeURL(msg))
		}
		if err := d.check(ctx, msg, signers, where, 0); err != nil {
			return ctx, err
		}
	}
	return next(ctx, tx, simulate)
}

func (d PermissionDecorator) check(ctx sdk.Context, msg sdk.Msg, signers [][]byte, path string, depth int) error {
	typeURL := sdk.MsgTypeURL(msg)
	where := fmt.Sprintf("%s (%s)", path, typeURL)
	if depth > maxNestingDepth {
		return types.ErrMsgNotAllowed.Wrapf("%s: messages nest deeper than %d levels", where, maxNestingDepth)
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
		nested := fmt.Sprintf("%s → nested message %d", path, j)
		signers, _, err := d.signers.GetMsgV1Signers(m)
		if err != nil {
			return errorsmod.Wrapf(err, "%s (%s): reading signers", nested, sdk.MsgTypeURL(m))
		}
		if err := d.check(ctx, m, signers, nested, depth+1); err != nil {
			return err
		}
	}
	return nil
}
