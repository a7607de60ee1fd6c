package keeper_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/membership/types"
)

const (
	adminMsg     = "/test.AdminOnly"
	businessMsg  = "/test.Business"
	regulatorMsg = "/test.RegulatorAction"
	acceptMsg    = "/test.Accept"
)

func policyFixture(t *testing.T) *keepertest.Membership {
	t.Helper()
	f := keepertest.NewMembership(t, types.MsgPolicy{
		adminMsg:     types.AuthorityOnly(),
		businessMsg:  types.MembersWith(types.ACCOUNT_ROLE_ADMIN, types.ACCOUNT_ROLE_OPERATOR),
		regulatorMsg: types.MembersWith().InOrgsWith(types.ORG_ROLE_REGULATOR).OrAuthority(),
		acceptMsg:    {PendingAuthority: true},
	})
	f.RegisterOrg(t, regulatorID, regulatorAdmin, types.ORG_ROLE_REGULATOR)
	f.RegisterOrg(t, farmID, farmAdmin, types.ORG_ROLE_ENTERPRISE)
	f.AddMember(t, farmID, farmOperator, types.ACCOUNT_ROLE_OPERATOR)
	f.AddMember(t, farmID, keepertest.AccAddr(5), types.ACCOUNT_ROLE_DEVICE)
	return f
}

func TestAuthorize(t *testing.T) {
	f := policyFixture(t)
	authorityAddr, err := f.AddrCodec.StringToBytes(f.Authority)
	require.NoError(t, err)

	testCases := []struct {
		name    string
		signer  sdk.AccAddress
		typeURL string
		prepare func(t *testing.T, f *keepertest.Membership)
		expErr  error
		errText string
	}{
		{name: "authority on an authority message", signer: authorityAddr, typeURL: adminMsg},
		{name: "member on an authority message", signer: farmAdmin, typeURL: adminMsg, expErr: types.ErrUnauthorized, errText: "only the consortium authority"},
		{name: "operator on a business message", signer: farmOperator, typeURL: businessMsg},
		{name: "device account on a business message", signer: keepertest.AccAddr(5), typeURL: businessMsg, expErr: types.ErrRoleNotAllowed, errText: "has account role ACCOUNT_ROLE_DEVICE"},
		{name: "non-member", signer: stranger, typeURL: businessMsg, expErr: types.ErrNotMember, errText: "is not a member of any organization"},
		{name: "authority is no member", signer: authorityAddr, typeURL: businessMsg, expErr: types.ErrNotMember},
		{name: "member of a suspended organization", signer: farmOperator, typeURL: businessMsg, prepare: suspend(farmID), expErr: types.ErrOrgSuspended, errText: "which is suspended (audit)"},
		{name: "regulator on a regulator message", signer: regulatorAdmin, typeURL: regulatorMsg},
		{name: "enterprise on a regulator message", signer: farmAdmin, typeURL: regulatorMsg, expErr: types.ErrRoleNotAllowed, errText: "needs one of [ORG_ROLE_REGULATOR]"},
		{name: "authority on a regulator message", signer: authorityAddr, typeURL: regulatorMsg},
		{name: "message type without a rule", signer: authorityAddr, typeURL: "/cosmos.authz.v1beta1.MsgExec", expErr: types.ErrMsgNotAllowed},
		{name: "accept with nothing pending", signer: farmAdmin, typeURL: acceptMsg, expErr: types.ErrUnauthorized, errText: "none is pending"},
		{
			name: "accept by the pending authority", signer: keepertest.AccAddr(0xB0), typeURL: acceptMsg,
			prepare: func(t *testing.T, f *keepertest.Membership) {
				_, err := f.Msg.ProposeAuthority(f.Ctx, &types.MsgProposeAuthority{Authority: f.Authority, NewAuthority: addr(keepertest.AccAddr(0xB0))})
				require.NoError(t, err)
			},
		},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			f := policyFixture(t)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			err := f.Keeper.Authorize(f.Ctx, tc.signer, tc.typeURL)
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
			require.ErrorContains(t, err, tc.errText)
			if !errors.Is(tc.expErr, types.ErrMsgNotAllowed) {
				require.ErrorContains(t, err, addr(tc.signer), "the error names the signer")
			}
		})
	}
}

func TestRequireMember(t *testing.T) {
	f := policyFixture(t)
	info, err := f.Keeper.RequireMember(f.Ctx, farmOperator, types.Requirement{
		OrgRoles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, AccountRoles: []types.AccountRole{types.ACCOUNT_ROLE_OPERATOR},
	})
	require.NoError(t, err)
	require.Equal(t, farmID, info.Organization.Id)

	_, err = f.Keeper.RequireMember(f.Ctx, farmOperator, types.Requirement{OrgRoles: []types.OrgRole{types.ORG_ROLE_CERTIFIER}})
	require.ErrorIs(t, err, types.ErrRoleNotAllowed)
}
