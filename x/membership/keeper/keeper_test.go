package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/membership/types"
)

// Test organization IDs: two unified social credit codes and a GS1 prefix.
const (
	regulatorID = "91350100MA2XY00118"
	farmID      = "91350200MA2XY0022H"
	retailID    = "6901234"
)

var (
	regulatorAdmin = keepertest.AccAddr(1)
	farmAdmin      = keepertest.AccAddr(2)
	farmOperator   = keepertest.AccAddr(3)
	retailAdmin    = keepertest.AccAddr(4)
	stranger       = keepertest.AccAddr(9)
)

func addr(a sdk.AccAddress) string { return keepertest.Bech32(a) }

// setup returns a consortium of a regulator, a farm (with an operator) and a retailer.
func setup(t *testing.T) *keepertest.Membership {
	t.Helper()
	f := keepertest.NewMembership(t, types.MsgPolicy{})
	f.RegisterOrg(t, regulatorID, regulatorAdmin, types.ORG_ROLE_REGULATOR)
	f.RegisterOrg(t, farmID, farmAdmin, types.ORG_ROLE_ENTERPRISE)
	f.RegisterOrg(t, retailID, retailAdmin, types.ORG_ROLE_ENTERPRISE)
	f.AddMember(t, farmID, farmOperator, types.ACCOUNT_ROLE_OPERATOR)
	return f
}

// requireEvent asserts that a typed event of the given proto name was emitted.
func requireEvent(t *testing.T, ctx sdk.Context, name string) {
	t.Helper()
	for _, ev := range ctx.EventManager().Events() {
		if ev.Type == name {
			return
		}
	}
	t.Fatalf("event %s not emitted", name)
}

func TestAuthorityComesFromConsensusParams(t *testing.T) {
	f := setup(t)
	got, err := f.Keeper.Authority(f.Ctx)
	require.NoError(t, err)
	require.Equal(t, f.Authority, got)

	require.NoError(t, f.Keeper.RequireAuthority(f.Ctx, f.Authority))
	err = f.Keeper.RequireAuthority(f.Ctx, addr(stranger))
	require.ErrorIs(t, err, types.ErrUnauthorized)
	require.ErrorContains(t, err, "expected "+f.Authority+", got "+addr(stranger))
}
