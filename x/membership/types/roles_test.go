package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/membership/types"
)

func TestNormalizeOrgRoles(t *testing.T) {
	roles, err := types.NormalizeOrgRoles([]types.OrgRole{types.ORG_ROLE_VALIDATOR_OPERATOR, types.ORG_ROLE_REGULATOR})
	require.NoError(t, err)
	require.Equal(t, []types.OrgRole{types.ORG_ROLE_REGULATOR, types.ORG_ROLE_VALIDATOR_OPERATOR}, roles)

	for name, in := range map[string][]types.OrgRole{
		"empty":       nil,
		"unspecified": {types.ORG_ROLE_UNSPECIFIED},
		"unknown":     {types.OrgRole(99)},
		"duplicate":   {types.ORG_ROLE_ISSUER, types.ORG_ROLE_ISSUER},
	} {
		_, err := types.NormalizeOrgRoles(in)
		require.Error(t, err, name)
	}
}

func TestParseRoles(t *testing.T) {
	for _, s := range []string{"validator-operator", "VALIDATOR_OPERATOR", "ORG_ROLE_VALIDATOR_OPERATOR", " validator_operator "} {
		r, err := types.ParseOrgRole(s)
		require.NoError(t, err, s)
		require.Equal(t, types.ORG_ROLE_VALIDATOR_OPERATOR, r)
	}
	for _, s := range []string{"", "unspecified", "owner", "ORG_ROLE_"} {
		_, err := types.ParseOrgRole(s)
		require.Error(t, err, s)
	}
	r, err := types.ParseAccountRole("gateway")
	require.NoError(t, err)
	require.Equal(t, types.ACCOUNT_ROLE_GATEWAY, r)
	_, err = types.ParseAccountRole("root")
	require.ErrorContains(t, err, "not an account role")
}

func TestValidateName(t *testing.T) {
	require.NoError(t, types.ValidateName("福建冷链物流有限公司"))
	require.NoError(t, types.ValidateName("Green Farm Co-op"))
	for _, bad := range []string{"", " padded", "tab\tinside", string([]byte{0xff, 0xfe}), string(make([]byte, types.MaxNameLength+1))} {
		require.Error(t, types.ValidateName(bad), "%q", bad)
	}
}

func TestParamsValidate(t *testing.T) {
	require.NoError(t, types.DefaultParams().Validate())
	for _, p := range []types.Params{
		{MaxMsgsPerTx: 0, MaxTxBytes: types.DefaultMaxTxBytes},
		{MaxMsgsPerTx: 2000, MaxTxBytes: types.DefaultMaxTxBytes},
		{MaxMsgsPerTx: 8, MaxTxBytes: 100},
		{MaxMsgsPerTx: 8, MaxTxBytes: 1 << 30},
	} {
		require.Error(t, p.Validate(), "%+v", p)
	}
}
