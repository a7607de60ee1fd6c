package keeper_test

import (
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/membership/types"
)

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	_, err := f.Msg.ProposeAuthority(f.Ctx, &types.MsgProposeAuthority{Authority: f.Authority, NewAuthority: addr(keepertest.AccAddr(0xB0))})
	require.NoError(t, err)
	exported, err := f.Keeper.ExportGenesis(f.Ctx)
	require.NoError(t, err)
	require.Len(t, exported.Organizations, 3)
	require.Len(t, exported.Members, 4)
	require.NoError(t, exported.Validate(f.AddrCodec))

	g := keepertest.NewMembership(t, types.MsgPolicy{})
	require.NoError(t, g.Keeper.InitGenesis(g.Ctx, exported))
	again, err := g.Keeper.ExportGenesis(g.Ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)
	for _, m := range exported.Members {
		a, err := g.AddrCodec.StringToBytes(m.Address)
		require.NoError(t, err)
		require.True(t, g.Accounts.HasAccount(g.Ctx, a), "members get accounts at genesis")
	}
	authorityAddr, err := g.AddrCodec.StringToBytes(g.Authority)
	require.NoError(t, err)
	require.True(t, g.Accounts.HasAccount(g.Ctx, authorityAddr), "the authority gets an account at genesis")
}

func TestInitGenesisRefusesAChainWithoutAuthority(t *testing.T) {
	f := keepertest.NewMembership(t, types.MsgPolicy{})
	cp, err := f.ConsensusParams.Get(f.Ctx)
	require.NoError(t, err)
	cp.Authority = &cmtproto.AuthorityParams{}
	require.NoError(t, f.ConsensusParams.Set(f.Ctx, cp))
	err = f.Keeper.InitGenesis(f.Ctx, types.DefaultGenesis())
	require.ErrorIs(t, err, types.ErrAuthorityUnset)
}

func TestInitGenesisRefusesInvalidState(t *testing.T) {
	f := keepertest.NewMembership(t, types.MsgPolicy{})
	gs := types.DefaultGenesis()
	gs.Organizations = []types.Organization{{Id: "123", Name: "x", Roles: []types.OrgRole{types.ORG_ROLE_ENTERPRISE}, Status: types.ORG_STATUS_ACTIVE}}
	require.Error(t, f.Keeper.InitGenesis(f.Ctx, gs))
}
