package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/membership/types"
)

func TestQueryOrganizations(t *testing.T) {
	f := setup(t)
	res, err := f.Query.Organization(f.Ctx, &types.QueryOrganizationRequest{OrgId: farmID})
	require.NoError(t, err)
	require.Equal(t, farmID, res.Organization.Id)

	_, err = f.Query.Organization(f.Ctx, &types.QueryOrganizationRequest{OrgId: "690555"})
	require.Equal(t, codes.NotFound, status.Code(err))
	_, err = f.Query.Organization(f.Ctx, &types.QueryOrganizationRequest{})
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	// Page through all three, two at a time.
	page1, err := f.Query.Organizations(f.Ctx, &types.QueryOrganizationsRequest{Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, page1.Organizations, 2)
	require.NotEmpty(t, page1.Pagination.NextKey)
	page2, err := f.Query.Organizations(f.Ctx, &types.QueryOrganizationsRequest{Pagination: &query.PageRequest{Key: page1.Pagination.NextKey, Limit: 2}})
	require.NoError(t, err)
	require.Len(t, page2.Organizations, 1)
	require.Empty(t, page2.Pagination.NextKey)
}

func TestQueryMembers(t *testing.T) {
	f := setup(t)
	for i := byte(40); i < 45; i++ {
		f.AddMember(t, farmID, keepertest.AccAddr(i), types.ACCOUNT_ROLE_DEVICE)
	}
	var all []types.Member
	var key []byte
	for {
		res, err := f.Query.Members(f.Ctx, &types.QueryMembersRequest{OrgId: farmID, Pagination: &query.PageRequest{Key: key, Limit: 3}})
		require.NoError(t, err)
		all = append(all, res.Members...)
		if key = res.Pagination.NextKey; key == nil {
			break
		}
	}
	require.Len(t, all, 7, "admin, operator and five devices of the farm only")
	for _, m := range all {
		require.Equal(t, farmID, m.OrgId)
	}

	_, err := f.Query.Members(f.Ctx, &types.QueryMembersRequest{OrgId: "690555"})
	require.Equal(t, codes.NotFound, status.Code(err))

	m, err := f.Query.Member(f.Ctx, &types.QueryMemberRequest{Address: addr(farmOperator)})
	require.NoError(t, err)
	require.Equal(t, types.ACCOUNT_ROLE_OPERATOR, m.Member.Role)
	require.Equal(t, farmID, m.Organization.Id)
	_, err = f.Query.Member(f.Ctx, &types.QueryMemberRequest{Address: addr(stranger)})
	require.Equal(t, codes.NotFound, status.Code(err))
	_, err = f.Query.Member(f.Ctx, &types.QueryMemberRequest{Address: "not-an-address"})
	require.Equal(t, codes.InvalidArgument, status.Code(err))
}

func TestQueryAuthorityAndPermission(t *testing.T) {
	f := policyFixture(t)
	res, err := f.Query.Authority(f.Ctx, &types.QueryAuthorityRequest{})
	require.NoError(t, err)
	require.Equal(t, f.Authority, res.Authority)
	require.Empty(t, res.PendingAuthority)

	ok, err := f.Query.Permission(f.Ctx, &types.QueryPermissionRequest{Address: addr(farmOperator), MsgTypeUrl: businessMsg})
	require.NoError(t, err)
	require.True(t, ok.Allowed)
	no, err := f.Query.Permission(f.Ctx, &types.QueryPermissionRequest{Address: addr(stranger), MsgTypeUrl: businessMsg})
	require.NoError(t, err)
	require.False(t, no.Allowed)
	require.Contains(t, no.Reason, "not a member")

	params, err := f.Query.Params(f.Ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), params.Params)
}
