package keeper

import (
	"context"

	"github.com/tracechain/tracechain/x/membership/types"
)

// MaxStatusReasonLength bounds the suspension reason kept in state.
const MaxStatusReasonLength = 512

func (s msgServer) RegisterOrganization(ctx context.Context, msg *types.MsgRegisterOrganization) (*types.MsgRegisterOrganizationResponse, error) {
	if err := s.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	kind, err := types.ParseOrgID(msg.Id)
	if err != nil {
		return nil, types.ErrInvalidOrgID.Wrap(err.Error())
	}
	if err := types.ValidateName(msg.Name); err != nil {
		return nil, types.ErrInvalidName.Wrapf("organization name: %s", err)
	}
	roles, err := types.NormalizeOrgRoles(msg.Roles)
	if err != nil {
		return nil, types.ErrInvalidRole.Wrapf("roles: %s", err)
	}
	admin, err := s.parseAddress("admin", msg.Admin)
	if err != nil {
		return nil, err
	}
	if has, err := s.Organizations.Has(ctx, msg.Id); err != nil {
		return nil, err
	} else if has {
		return nil, types.ErrOrgExists.Wrapf("organization %s", msg.Id)
	}
	if existing, err := s.Members.Get(ctx, admin); err == nil {
		return nil, types.ErrMemberExists.Wrapf("admin %s already acts for organization %s", msg.Admin, existing.OrgId)
	}

	height := blockHeight(ctx)
	org := types.Organization{
		Id: msg.Id, IdKind: kind, Name: msg.Name, Roles: roles,
		Status: types.ORG_STATUS_ACTIVE, RegisteredHeight: height, StatusChangedHeight: height,
	}
	if err := s.Organizations.Set(ctx, org.Id, org); err != nil {
		return nil, err
	}
	if err := s.Members.Set(ctx, admin, types.Member{
		Address: msg.Admin, OrgId: org.Id, Role: types.ACCOUNT_ROLE_ADMIN, AddedHeight: height,
	}); err != nil {
		return nil, err
	}
	s.ensureAccount(ctx, admin)
	if err := s.emit(ctx, &types.EventOrganizationRegistered{OrgId: org.Id, Name: org.Name, Roles: roles, Admin: msg.Admin}); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventMemberAdded{OrgId: org.Id, Address: msg.Admin, Role: types.ACCOUNT_ROLE_ADMIN, AddedBy: msg.Authority}); err != nil {
		return nil, err
	}
	return &types.MsgRegisterOrganizationResponse{}, nil
}

func (s msgServer) UpdateOrganization(ctx context.Context, msg *types.MsgUpdateOrganization) (*types.MsgUpdateOrganizationResponse, error) {
	if err := s.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := types.ValidateName(msg.Name); err != nil {
		return nil, types.ErrInvalidName.Wrapf("organization name: %s", err)
	}
	roles, err := types.NormalizeOrgRoles(msg.Roles)
	if err != nil {
		return nil, types.ErrInvalidRole.Wrapf("roles: %s", err)
	}
	org, err := s.getOrg(ctx, msg.OrgId)
	if err != nil {
		return nil, err
	}
	previous := org.Roles
	org.Name, org.Roles = msg.Name, roles
	if err := s.Organizations.Set(ctx, org.Id, org); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventOrganizationUpdated{OrgId: org.Id, Name: org.Name, PreviousRoles: previous, Roles: roles}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateOrganizationResponse{}, nil
}

func (s msgServer) SuspendOrganization(ctx context.Context, msg *types.MsgSuspendOrganization) (*types.MsgSuspendOrganizationResponse, error) {
	if err := s.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := validateReason(msg.Reason); err != nil {
		return nil, err
	}
	if err := s.setStatus(ctx, msg.OrgId, types.ORG_STATUS_SUSPENDED, msg.Reason); err != nil {
		return nil, err
	}
	return &types.MsgSuspendOrganizationResponse{}, nil
}

func (s msgServer) ReinstateOrganization(ctx context.Context, msg *types.MsgReinstateOrganization) (*types.MsgReinstateOrganizationResponse, error) {
	if err := s.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := s.setStatus(ctx, msg.OrgId, types.ORG_STATUS_ACTIVE, ""); err != nil {
		return nil, err
	}
	return &types.MsgReinstateOrganizationResponse{}, nil
}

func (k Keeper) setStatus(ctx context.Context, orgID string, status types.OrgStatus, reason string) error {
	org, err := k.getOrg(ctx, orgID)
	if err != nil {
		return err
	}
	if org.Status == status {
		return types.ErrOrgStatus.Wrapf("organization %s is already %s", orgID, status)
	}
	org.Status, org.StatusReason, org.StatusChangedHeight = status, reason, blockHeight(ctx)
	if err := k.Organizations.Set(ctx, org.Id, org); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventOrganizationStatusChanged{OrgId: org.Id, Status: status, Reason: reason})
}

func validateReason(reason string) error {
	if reason == "" {
		return types.ErrInvalidReason.Wrap("reason: a suspension needs a reason")
	}
	if len(reason) > MaxStatusReasonLength {
		return types.ErrInvalidReason.Wrapf("reason: %d bytes, at most %d", len(reason), MaxStatusReasonLength)
	}
	return nil
}
