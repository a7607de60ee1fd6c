package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/membership/types"
)

func TestGenesisValidate(t *testing.T) {
	codec := addresscodec.NewBech32Codec("trace")
	admin := keepertest.Bech32(keepertest.AccAddr(1))
	other := keepertest.Bech32(keepertest.AccAddr(2))
	org := types.Organization{
		Id: "6901234", IdKind: types.ORG_ID_KIND_GS1_COMPANY_PREFIX, Name: "Farm",
		Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, Status: types.ORG_STATUS_ACTIVE,
	}
	valid := func() types.GenesisState {
		return types.GenesisState{
			Params:        types.DefaultParams(),
			Organizations: []types.Organization{org},
			Members: []types.Member{
				{Address: admin, OrgId: org.Id, Role: types.ACCOUNT_ROLE_ADMIN},
				{Address: other, OrgId: org.Id, Role: types.ACCOUNT_ROLE_OPERATOR},
			},
		}
	}
	require.NoError(t, valid().Validate(codec))
	require.NoError(t, types.DefaultGenesis().Validate(codec))

	testCases := []struct {
		name    string
		mutate  func(gs *types.GenesisState)
		errText string
	}{
		{"bad params", func(gs *types.GenesisState) { gs.Params.MaxMsgsPerTx = 0 }, "max_msgs_per_tx"},
		{"duplicate organization", func(gs *types.GenesisState) { gs.Organizations = append(gs.Organizations, org) }, "listed twice"},
		{"wrong id kind", func(gs *types.GenesisState) { gs.Organizations[0].IdKind = types.ORG_ID_KIND_USCC }, "id_kind"},
		{"unsorted roles", func(gs *types.GenesisState) {
			gs.Organizations[0].Roles = []types.OrgRole{types.ORG_ROLE_ENTERPRISE, types.ORG_ROLE_REGULATOR}
		}, "sorted"},
		{"no status", func(gs *types.GenesisState) { gs.Organizations[0].Status = types.ORG_STATUS_UNSPECIFIED }, "status"},
		{"member of unknown org", func(gs *types.GenesisState) { gs.Members[1].OrgId = "6909999" }, "not registered"},
		{"member listed twice", func(gs *types.GenesisState) { gs.Members[1].Address = admin }, "listed twice"},
		{"bad member address", func(gs *types.GenesisState) { gs.Members[1].Address = "cosmos1xyz" }, "address"},
		{"bad member role", func(gs *types.GenesisState) { gs.Members[1].Role = types.ACCOUNT_ROLE_UNSPECIFIED }, "account role"},
		{"organization without admin", func(gs *types.GenesisState) { gs.Members = gs.Members[1:] }, "no ADMIN"},
		{"bad pending authority", func(gs *types.GenesisState) { gs.PendingAuthority = "nope" }, "pending_authority"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			gs := valid()
			tc.mutate(&gs)
			require.ErrorContains(t, gs.Validate(codec), tc.errText)
		})
	}
}
