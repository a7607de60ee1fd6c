package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/membership/types"
)

func (s msgServer) AddMember(ctx context.Context, msg *types.MsgAddMember) (*types.MsgAddMemberResponse, error) {
	if _, err := s.parseAddress("signer", msg.Signer); err != nil {
		return nil, err
	}
	addr, err := s.parseAddress("address", msg.Address)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateAccountRole(msg.Role); err != nil {
		return nil, types.ErrInvalidRole.Wrapf("role: %s", err)
	}
	if _, err := s.getOrg(ctx, msg.OrgId); err != nil {
		return nil, err
	}
	if err := s.requireOrgManager(ctx, msg.Signer, msg.OrgId); err != nil {
		return nil, err
	}
	if existing, err := s.Members.Get(ctx, addr); err == nil {
		return nil, types.ErrMemberExists.Wrapf("account %s already acts for organization %s", msg.Address, existing.OrgId)
	}
	if err := s.Members.Set(ctx, addr, types.Member{
		Address: msg.Address, OrgId: msg.OrgId, Role: msg.Role, AddedHeight: blockHeight(ctx),
	}); err != nil {
		return nil, err
	}
	s.ensureAccount(ctx, addr)
	if err := s.emit(ctx, &types.EventMemberAdded{OrgId: msg.OrgId, Address: msg.Address, Role: msg.Role, AddedBy: msg.Signer}); err != nil {
		return nil, err
	}
	return &types.MsgAddMemberResponse{}, nil
}

func (s msgServer) UpdateMemberRole(ctx context.Context, msg *types.MsgUpdateMemberRole) (*types.MsgUpdateMemberRoleResponse, error) {
	if _, err := s.parseAddress("signer", msg.Signer); err != nil {
		return nil, err
	}
	addr, err := s.parseAddress("address", msg.Address)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateAccountRole(msg.Role); err != nil {
		return nil, types.ErrInvalidRole.Wrapf("role: %s", err)
	}
	member, err := s.getMember(ctx, addr, msg.Address)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgManager(ctx, msg.Signer, member.OrgId); err != nil {
		return nil, err
	}
	if member.Role == msg.Role {
		return nil, types.ErrInvalidRole.Wrapf("account %s already has role %s", msg.Address, msg.Role)
	}
	if member.Role == types.ACCOUNT_ROLE_ADMIN {
		if err := s.requireAnotherAdmin(ctx, member.OrgId, addr); err != nil {
			return nil, err
		}
	}
	previous := member.Role
	member.Role = msg.Role
	if err := s.Members.Set(ctx, addr, member); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventMemberRoleChanged{
		OrgId: member.OrgId, Address: msg.Address, PreviousRole: previous, Role: msg.Role, ChangedBy: msg.Signer,
	}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateMemberRoleResponse{}, nil
}

func (s msgServer) RemoveMember(ctx context.Context, msg *types.MsgRemoveMember) (*types.MsgRemoveMemberResponse, error) {
	if _, err := s.parseAddress("signer", msg.Signer); err != nil {
		return nil, err
	}
	addr, err := s.parseAddress("address", msg.Address)
	if err != nil {
		return nil, err
	}
	member, err := s.getMember(ctx, addr, msg.Address)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgManager(ctx, msg.Signer, member.OrgId); err != nil {
		return nil, err
	}
	if member.Role == types.ACCOUNT_ROLE_ADMIN {
		if err := s.requireAnotherAdmin(ctx, member.OrgId, addr); err != nil {
			return nil, err
		}
	}
	if err := s.Members.Remove(ctx, addr); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventMemberRemoved{OrgId: member.OrgId, Address: msg.Address, Role: member.Role, RemovedBy: msg.Signer}); err != nil {
		return nil, err
	}
	return &types.MsgRemoveMemberResponse{}, nil
}

// requireOrgManager admits the consortium authority or an ADMIN of orgID
// whose organization is active.
func (k Keeper) requireOrgManager(ctx context.Context, signer, orgID string) error {
	authority, err := k.Authority(ctx)
	if err != nil {
		return err
	}
	if signer == authority {
		return nil
	}
	signerAddr, err := k.parseAddress("signer", signer)
	if err != nil {
		return err
	}
	info, err := k.checkMember(ctx, signerAddr, types.MembersWith(types.ACCOUNT_ROLE_ADMIN), "managing members")
	if err != nil {
		return err
	}
	if info.Member.OrgId != orgID {
		return types.ErrNotOrgAdmin.Wrapf("signer %s is an ADMIN of organization %s, not of %s", signer, info.Member.OrgId, orgID)
	}
	return nil
}

// requireAnotherAdmin refuses a change that would leave orgID without an
// ADMIN besides leaving. It reads at most two index entries.
func (k Keeper) requireAnotherAdmin(ctx context.Context, orgID string, leaving sdk.AccAddress) error {
	iter, err := k.Members.Indexes.ByOrgRole.MatchExact(ctx, collections.Join(orgID, int32(types.ACCOUNT_ROLE_ADMIN)))
	if err != nil {
		return err
	}
	defer iter.Close()
	for ; iter.Valid(); iter.Next() {
		pk, err := iter.PrimaryKey()
		if err != nil {
			return err
		}
		if !pk.Equals(leaving) {
			return nil
		}
	}
	return types.ErrLastAdmin.Wrapf("organization %s: add another ADMIN first", orgID)
}
