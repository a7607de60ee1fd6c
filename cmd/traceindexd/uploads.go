package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/tracechain/tracechain/cmd/traceindexd/api"
	"github.com/tracechain/tracechain/cmd/traceindexd/follower"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// MayUpload: the contents of an anchored batch may be posted by a member
// account of an active organization that either owns the device or sent
// the anchoring transaction (the gateway that anchored it) — asked of the
// node at its latest height, so a removed member or a suspended
// organization loses the right at once.
func (c chain) MayUpload(ctx context.Context, account string, anchor devicetypes.Anchor) error {
	var member membershiptypes.QueryMemberResponse
	err := c.QueryAt(ctx, "/tracechain.membership.v1.Query/Member", &membershiptypes.QueryMemberRequest{Address: account}, &member, 0)
	if qe := (*follower.QueryError)(nil); errors.As(err, &qe) && qe.NotFound() {
		return fmt.Errorf("%w: account %s is not a member of the consortium", api.ErrUploadForbidden, account)
	} else if err != nil {
		return err
	}
	if member.Organization.Status != membershiptypes.ORG_STATUS_ACTIVE {
		return fmt.Errorf("%w: organization %s of account %s is not active", api.ErrUploadForbidden, member.Organization.Id, account)
	}
	if account == anchor.SubmittedBy {
		return nil
	}
	var device devicetypes.QueryDeviceResponse
	err = c.QueryAt(ctx, "/tracechain.device.v1.Query/Device", &devicetypes.QueryDeviceRequest{Device: anchor.Header.Device}, &device, 0)
	if qe := (*follower.QueryError)(nil); errors.As(err, &qe) && qe.NotFound() {
		return fmt.Errorf("%w: device %s is not registered", api.ErrUploadForbidden, anchor.Header.Device)
	} else if err != nil {
		return err
	}
	if device.Device.OwnerOrgId != member.Member.OrgId {
		return fmt.Errorf("%w: account %s acts for %s, which neither owns device %s nor anchored the batch",
			api.ErrUploadForbidden, account, member.Member.OrgId, anchor.Header.Device)
	}
	return nil
}
