package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/membership/types"
)

func TestRegisterOrganization(t *testing.T) {
	newAdmin := keepertest.AccAddr(20)
	testCases := []struct {
		name   string
		msg    func(f *keepertest.Membership) *types.MsgRegisterOrganization
		expErr error
	}{
		{
			name: "USCC organization with two roles",
			msg: func(f *keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{
					Authority: f.Authority, Id: "91350300MA2XY0033T", Name: "Mill",
					Roles: []types.OrgRole{types.ORG_ROLE_VALIDATOR_OPERATOR, types.ORG_ROLE_ENTERPRISE}, Admin: addr(newAdmin),
				}
			},
		},
		{
			name: "GS1 company prefix",
			msg: func(f *keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{
					Authority: f.Authority, Id: "690999888", Name: "Shop",
					Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, Admin: addr(newAdmin),
				}
			},
		},
		{
			name: "signed by a member, not the authority",
			msg: func(*keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{
					Authority: addr(regulatorAdmin), Id: "690999888", Name: "Shop",
					Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, Admin: addr(newAdmin),
				}
			},
			expErr: types.ErrUnauthorized,
		},
		{
			name: "wrong check character",
			msg: func(f *keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{
					Authority: f.Authority, Id: "91350300MA2XY0033U", Name: "Mill",
					Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, Admin: addr(newAdmin),
				}
			},
			expErr: types.ErrInvalidOrgID,
		},
		{
			name: "empty name",
			msg: func(f *keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{
					Authority: f.Authority, Id: "690999888",
					Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, Admin: addr(newAdmin),
				}
			},
			expErr: types.ErrInvalidName,
		},
		{
			name: "no roles",
			msg: func(f *keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{Authority: f.Authority, Id: "690999888", Name: "Shop", Admin: addr(newAdmin)}
			},
			expErr: types.ErrInvalidRole,
		},
		{
			name: "duplicate role",
			msg: func(f *keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{
					Authority: f.Authority, Id: "690999888", Name: "Shop",
					Roles: []types.OrgRole{types.ORG_ROLE_ISSUER, types.ORG_ROLE_ISSUER}, Admin: addr(newAdmin),
				}
			},
			expErr: types.ErrInvalidRole,
		},
		{
			name: "admin address of another chain",
			msg: func(f *keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{
					Authority: f.Authority, Id: "690999888", Name: "Shop",
					Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, Admin: "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu",
				}
			},
			expErr: sdkerrors.ErrInvalidAddress,
		},
		{
			name: "organization already registered",
			msg: func(f *keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{
					Authority: f.Authority, Id: farmID, Name: "Farm again",
					Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, Admin: addr(newAdmin),
				}
			},
			expErr: types.ErrOrgExists,
		},
		{
			name: "admin already acts for another organization",
			msg: func(f *keepertest.Membership) *types.MsgRegisterOrganization {
				return &types.MsgRegisterOrganization{
					Authority: f.Authority, Id: "690999888", Name: "Shop",
					Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, Admin: addr(farmOperator),
				}
			},
			expErr: types.ErrMemberExists,
		},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			msg := tc.msg(f)
			_, err := f.Msg.RegisterOrganization(f.Ctx, msg)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				has, _ := f.Keeper.Organizations.Has(f.Ctx, msg.Id)
				require.Equal(t, msg.Id == farmID, has, "a refused registration writes nothing")
				return
			}
			require.NoError(t, err)
			org, err := f.Keeper.Organizations.Get(f.Ctx, msg.Id)
			require.NoError(t, err)
			require.Equal(t, types.ORG_STATUS_ACTIVE, org.Status)
			require.True(t, isSorted(org.Roles), "roles are stored sorted")
			require.Equal(t, int64(10), org.RegisteredHeight)
			m, err := f.Keeper.Members.Get(f.Ctx, newAdmin)
			require.NoError(t, err)
			require.Equal(t, types.ACCOUNT_ROLE_ADMIN, m.Role)
			require.True(t, f.Accounts.HasAccount(f.Ctx, newAdmin), "the admin gets an x/auth account to sign with")
			requireEvent(t, f.Ctx, "tracechain.membership.v1.EventOrganizationRegistered")
			requireEvent(t, f.Ctx, "tracechain.membership.v1.EventMemberAdded")
		})
	}
}

func isSorted(roles []types.OrgRole) bool {
	for i := 1; i < len(roles); i++ {
		if roles[i-1] >= roles[i] {
			return false
		}
	}
	return true
}

func TestUpdateOrganization(t *testing.T) {
	testCases := []struct {
		name   string
		msg    func(f *keepertest.Membership) *types.MsgUpdateOrganization
		expErr error
	}{
		{
			name: "rename and grant a role",
			msg: func(f *keepertest.Membership) *types.MsgUpdateOrganization {
				return &types.MsgUpdateOrganization{
					Authority: f.Authority, OrgId: farmID, Name: "Green Farm",
					Roles: []types.OrgRole{types.ORG_ROLE_VALIDATOR_OPERATOR, types.ORG_ROLE_ENTERPRISE},
				}
			},
		},
		{
			name: "not the authority",
			msg: func(*keepertest.Membership) *types.MsgUpdateOrganization {
				return &types.MsgUpdateOrganization{
					Authority: addr(farmAdmin), OrgId: farmID, Name: "Green Farm",
					Roles: []types.OrgRole{types.ORG_ROLE_REGULATOR},
				}
			},
			expErr: types.ErrUnauthorized,
		},
		{
			name: "unknown organization",
			msg: func(f *keepertest.Membership) *types.MsgUpdateOrganization {
				return &types.MsgUpdateOrganization{
					Authority: f.Authority, OrgId: "690555", Name: "X",
					Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE},
				}
			},
			expErr: types.ErrOrgNotFound,
		},
		{
			name: "unknown role",
			msg: func(f *keepertest.Membership) *types.MsgUpdateOrganization {
				return &types.MsgUpdateOrganization{
					Authority: f.Authority, OrgId: farmID, Name: "Farm",
					Roles: []types.OrgRole{types.OrgRole(42)},
				}
			},
			expErr: types.ErrInvalidRole,
		},
		{
			name: "name with a newline",
			msg: func(f *keepertest.Membership) *types.MsgUpdateOrganization {
				return &types.MsgUpdateOrganization{
					Authority: f.Authority, OrgId: farmID, Name: "Farm\nLtd",
					Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE},
				}
			},
			expErr: types.ErrInvalidName,
		},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			_, err := f.Msg.UpdateOrganization(f.Ctx, tc.msg(f))
			org, getErr := f.Keeper.Organizations.Get(f.Ctx, farmID)
			require.NoError(t, getErr)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				require.Equal(t, []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, org.Roles)
				return
			}
			require.NoError(t, err)
			require.Equal(t, "Green Farm", org.Name)
			require.Equal(t, []types.OrgRole{types.ORG_ROLE_ENTERPRISE, types.ORG_ROLE_VALIDATOR_OPERATOR}, org.Roles)
			requireEvent(t, f.Ctx, "tracechain.membership.v1.EventOrganizationUpdated")
		})
	}
}

func TestSuspendAndReinstate(t *testing.T) {
	f := setup(t)
	testCases := []struct {
		name      string
		run       func() error
		expErr    error
		expStatus types.OrgStatus
	}{
		{"member cannot suspend", func() error {
			_, err := f.Msg.SuspendOrganization(f.Ctx, &types.MsgSuspendOrganization{Authority: addr(regulatorAdmin), OrgId: farmID, Reason: "x"})
			return err
		}, types.ErrUnauthorized, types.ORG_STATUS_ACTIVE},
		{"reason is required", func() error {
			_, err := f.Msg.SuspendOrganization(f.Ctx, &types.MsgSuspendOrganization{Authority: f.Authority, OrgId: farmID})
			return err
		}, types.ErrInvalidReason, types.ORG_STATUS_ACTIVE},
		{"reason is bounded", func() error {
			_, err := f.Msg.SuspendOrganization(f.Ctx, &types.MsgSuspendOrganization{Authority: f.Authority, OrgId: farmID, Reason: strings.Repeat("r", 513)})
			return err
		}, types.ErrInvalidReason, types.ORG_STATUS_ACTIVE},
		{"unknown organization", func() error {
			_, err := f.Msg.SuspendOrganization(f.Ctx, &types.MsgSuspendOrganization{Authority: f.Authority, OrgId: "690555", Reason: "x"})
			return err
		}, types.ErrOrgNotFound, types.ORG_STATUS_ACTIVE},
		{"reinstating an active organization", func() error {
			_, err := f.Msg.ReinstateOrganization(f.Ctx, &types.MsgReinstateOrganization{Authority: f.Authority, OrgId: farmID})
			return err
		}, types.ErrOrgStatus, types.ORG_STATUS_ACTIVE},
		{"suspend", func() error {
			_, err := f.Msg.SuspendOrganization(f.Ctx, &types.MsgSuspendOrganization{Authority: f.Authority, OrgId: farmID, Reason: "failed inspection"})
			return err
		}, nil, types.ORG_STATUS_SUSPENDED},
		{"suspend twice", func() error {
			_, err := f.Msg.SuspendOrganization(f.Ctx, &types.MsgSuspendOrganization{Authority: f.Authority, OrgId: farmID, Reason: "again"})
			return err
		}, types.ErrOrgStatus, types.ORG_STATUS_SUSPENDED},
		{"member cannot reinstate", func() error {
			_, err := f.Msg.ReinstateOrganization(f.Ctx, &types.MsgReinstateOrganization{Authority: addr(farmAdmin), OrgId: farmID})
			return err
		}, types.ErrUnauthorized, types.ORG_STATUS_SUSPENDED},
		{"reinstate", func() error {
			_, err := f.Msg.ReinstateOrganization(f.Ctx, &types.MsgReinstateOrganization{Authority: f.Authority, OrgId: farmID})
			return err
		}, nil, types.ORG_STATUS_ACTIVE},
	}
	// The steps build on each other: suspend, then reinstate.
	for _, tc := range testCases {
		err := tc.run()
		if tc.expErr != nil {
			require.ErrorIs(t, err, tc.expErr, tc.name)
		} else {
			require.NoError(t, err, tc.name)
		}
		org, err := f.Keeper.Organizations.Get(f.Ctx, farmID)
		require.NoError(t, err)
		require.Equal(t, tc.expStatus, org.Status, tc.name)
	}
	requireEvent(t, f.Ctx, "tracechain.membership.v1.EventOrganizationStatusChanged")
}
