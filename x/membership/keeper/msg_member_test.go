package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/membership/types"
)

func TestAddMember(t *testing.T) {
	newcomer := keepertest.AccAddr(30)
	testCases := []struct {
		name    string
		signer  func(f *keepertest.Membership) string
		orgID   string
		address sdk.AccAddress
		role    types.AccountRole
		prepare func(t *testing.T, f *keepertest.Membership)
		expErr  error
	}{
		{name: "by the authority", signer: authority, orgID: farmID, address: newcomer, role: types.ACCOUNT_ROLE_GATEWAY},
		{name: "by the organization's ADMIN", signer: as(farmAdmin), orgID: farmID, address: newcomer, role: types.ACCOUNT_ROLE_OPERATOR},
		{name: "ADMIN adds another ADMIN", signer: as(farmAdmin), orgID: farmID, address: newcomer, role: types.ACCOUNT_ROLE_ADMIN},
		{name: "ADMIN of another organization", signer: as(retailAdmin), orgID: farmID, address: newcomer, role: types.ACCOUNT_ROLE_OPERATOR, expErr: types.ErrNotOrgAdmin},
		{name: "OPERATOR of the organization", signer: as(farmOperator), orgID: farmID, address: newcomer, role: types.ACCOUNT_ROLE_OPERATOR, expErr: types.ErrRoleNotAllowed},
		{name: "non-member", signer: as(stranger), orgID: farmID, address: newcomer, role: types.ACCOUNT_ROLE_OPERATOR, expErr: types.ErrNotMember},
		{
			name: "ADMIN of a suspended organization", signer: as(farmAdmin), orgID: farmID, address: newcomer, role: types.ACCOUNT_ROLE_OPERATOR,
			prepare: suspend(farmID), expErr: types.ErrOrgSuspended,
		},
		{name: "unknown organization", signer: authority, orgID: "690555", address: newcomer, role: types.ACCOUNT_ROLE_OPERATOR, expErr: types.ErrOrgNotFound},
		{name: "unspecified role", signer: authority, orgID: farmID, address: newcomer, role: types.ACCOUNT_ROLE_UNSPECIFIED, expErr: types.ErrInvalidRole},
		{name: "account already a member elsewhere", signer: authority, orgID: farmID, address: retailAdmin, role: types.ACCOUNT_ROLE_OPERATOR, expErr: types.ErrMemberExists},
		{name: "empty address", signer: authority, orgID: farmID, address: nil, role: types.ACCOUNT_ROLE_OPERATOR, expErr: sdkerrors.ErrInvalidAddress},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			address := ""
			if tc.address != nil {
				address = addr(tc.address)
			}
			_, err := f.Msg.AddMember(f.Ctx, &types.MsgAddMember{Signer: tc.signer(f), OrgId: tc.orgID, Address: address, Role: tc.role})
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				if tc.address != nil && !tc.address.Equals(retailAdmin) {
					has, _ := f.Keeper.Members.Has(f.Ctx, tc.address)
					require.False(t, has)
				}
				return
			}
			require.NoError(t, err)
			m, err := f.Keeper.Members.Get(f.Ctx, newcomer)
			require.NoError(t, err)
			require.Equal(t, tc.orgID, m.OrgId)
			require.Equal(t, tc.role, m.Role)
			require.True(t, f.Accounts.HasAccount(f.Ctx, newcomer))
			requireEvent(t, f.Ctx, "tracechain.membership.v1.EventMemberAdded")
		})
	}
}

func TestUpdateMemberRole(t *testing.T) {
	testCases := []struct {
		name    string
		signer  func(f *keepertest.Membership) string
		address sdk.AccAddress
		role    types.AccountRole
		expErr  error
	}{
		{name: "ADMIN promotes an operator", signer: as(farmAdmin), address: farmOperator, role: types.ACCOUNT_ROLE_ADMIN},
		{name: "authority changes a role", signer: authority, address: farmOperator, role: types.ACCOUNT_ROLE_GATEWAY},
		{name: "same role", signer: as(farmAdmin), address: farmOperator, role: types.ACCOUNT_ROLE_OPERATOR, expErr: types.ErrInvalidRole},
		{name: "last ADMIN demotes itself", signer: as(farmAdmin), address: farmAdmin, role: types.ACCOUNT_ROLE_OPERATOR, expErr: types.ErrLastAdmin},
		{name: "authority demotes the last ADMIN", signer: authority, address: farmAdmin, role: types.ACCOUNT_ROLE_OPERATOR, expErr: types.ErrLastAdmin},
		{name: "other organization's ADMIN", signer: as(retailAdmin), address: farmOperator, role: types.ACCOUNT_ROLE_ADMIN, expErr: types.ErrNotOrgAdmin},
		{name: "operator promotes itself", signer: as(farmOperator), address: farmOperator, role: types.ACCOUNT_ROLE_ADMIN, expErr: types.ErrRoleNotAllowed},
		{name: "not a member", signer: authority, address: stranger, role: types.ACCOUNT_ROLE_ADMIN, expErr: types.ErrMemberNotFound},
		{name: "unknown role", signer: authority, address: farmOperator, role: types.AccountRole(7), expErr: types.ErrInvalidRole},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			before, _ := f.Keeper.Members.Get(f.Ctx, tc.address)
			_, err := f.Msg.UpdateMemberRole(f.Ctx, &types.MsgUpdateMemberRole{Signer: tc.signer(f), Address: addr(tc.address), Role: tc.role})
			after, _ := f.Keeper.Members.Get(f.Ctx, tc.address)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				require.Equal(t, before, after)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.role, after.Role)
			requireEvent(t, f.Ctx, "tracechain.membership.v1.EventMemberRoleChanged")
		})
	}
}

func TestRemoveMember(t *testing.T) {
	testCases := []struct {
		name    string
		signer  func(f *keepertest.Membership) string
		address sdk.AccAddress
		prepare func(t *testing.T, f *keepertest.Membership)
		expErr  error
	}{
		{name: "ADMIN removes an operator", signer: as(farmAdmin), address: farmOperator},
		{name: "authority removes an operator", signer: authority, address: farmOperator},
		{
			name: "ADMIN leaves once a second ADMIN exists", signer: as(farmAdmin), address: farmAdmin,
			prepare: func(t *testing.T, f *keepertest.Membership) {
				f.AddMember(t, farmID, keepertest.AccAddr(31), types.ACCOUNT_ROLE_ADMIN)
			},
		},
		{name: "last ADMIN", signer: authority, address: farmAdmin, expErr: types.ErrLastAdmin},
		{name: "other organization's ADMIN", signer: as(retailAdmin), address: farmOperator, expErr: types.ErrNotOrgAdmin},
		{name: "not a member", signer: authority, address: stranger, expErr: types.ErrMemberNotFound},
		{name: "non-member signer", signer: as(stranger), address: farmOperator, expErr: types.ErrNotMember},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			_, err := f.Msg.RemoveMember(f.Ctx, &types.MsgRemoveMember{Signer: tc.signer(f), Address: addr(tc.address)})
			has, _ := f.Keeper.Members.Has(f.Ctx, tc.address)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				require.Equal(t, !tc.address.Equals(stranger), has)
				return
			}
			require.NoError(t, err)
			require.False(t, has)
			requireEvent(t, f.Ctx, "tracechain.membership.v1.EventMemberRemoved")
		})
	}
}

func authority(f *keepertest.Membership) string { return f.Authority }

func as(a sdk.AccAddress) func(*keepertest.Membership) string {
	return func(*keepertest.Membership) string { return addr(a) }
}

func suspend(orgID string) func(t *testing.T, f *keepertest.Membership) {
	return func(t *testing.T, f *keepertest.Membership) {
		t.Helper()
		_, err := f.Msg.SuspendOrganization(f.Ctx, &types.MsgSuspendOrganization{Authority: f.Authority, OrgId: orgID, Reason: "audit"})
		require.NoError(t, err)
	}
}
