package keeper

import (
	"context"
	"strings"
	"time"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/lib/epcis"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/trace/types"
)

// CaptureEvents records every event of an EPCIS document or none: the
// first refused event fails the message, and the transaction's writes are
// discarded. The error names the event, the field and the rule.
func (s msgServer) CaptureEvents(ctx context.Context, msg *types.MsgCaptureEvents) (*types.MsgCaptureEventsResponse, error) {
	info, err := s.member(ctx, msg.Signer, membershiptypes.Requirement{OrgRoles: recorderOrgs, AccountRoles: businessAccount})
	if err != nil {
		return nil, err
	}
	params, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if uint64(len(msg.Document)) > params.MaxDocumentBytes {
		return nil, types.ErrTooLarge.Wrapf("document: %d bytes, at most %d", len(msg.Document), params.MaxDocumentBytes)
	}
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(params.GasPerDocumentByte*uint64(len(msg.Document)), "trace: document bytes")
	doc, err := epcis.ReadDocument(msg.Document)
	if err != nil {
		return nil, types.ErrInvalidDocument.Wrap(err.Error())
	}
	if err := doc.DuplicateKeyError(); err != nil {
		if strings.HasPrefix(err.Error(), "event ") {
			return nil, types.ErrInvalidEvent.Wrap(err.Error())
		}
		return nil, types.ErrInvalidDocument.Wrap(err.Error())
	}
	switch {
	case len(doc.Events) == 0:
		return nil, types.ErrInvalidDocument.Wrap("epcisBody.eventList: no events")
	case len(doc.Events) > int(params.MaxEventsPerCapture):
		return nil, types.ErrTooLarge.Wrapf("epcisBody.eventList: %d events, at most %d per capture", len(doc.Events), params.MaxEventsPerCapture)
	}
	contextJSON, err := doc.ContextNode.MarshalJSON()
	if err != nil {
		return nil, err
	}
	c := &capture{
		Keeper: s.Keeper, ctx: ctx, org: info.Organization.Id, orgRoles: info.Organization.Roles,
		signer: msg.Signer, params: params, blockTime: sdk.UnwrapSDKContext(ctx).BlockTime(),
		context: doc.Context, contextJSON: contextJSON,
	}
	ids := make([]string, 0, len(doc.Events))
	for i, node := range doc.Events {
		id, err := c.event(node)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "event %d (%s)", i, node.Str("type"))
		}
		ids = append(ids, id)
	}
	return &types.MsgCaptureEventsResponse{EventIds: ids}, nil
}

// capture is one CaptureEvents call in progress.
type capture struct {
	Keeper
	ctx         context.Context
	org         string
	orgRoles    []membershiptypes.OrgRole
	signer      string
	params      types.Params
	blockTime   time.Time
	context     epcis.Context
	contextJSON []byte
	// journal notes what the event being applied changes.
	journal *journal
}
