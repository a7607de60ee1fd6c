package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/membership/types"
)

func TestAuthorityHandOver(t *testing.T) {
	f := setup(t)
	successor := keepertest.AccAddr(0xB0)
	old := f.Authority

	// Accepting before anything is proposed.
	_, err := f.Msg.AcceptAuthority(f.Ctx, &types.MsgAcceptAuthority{NewAuthority: addr(successor)})
	require.ErrorIs(t, err, types.ErrNoPendingAuthority)

	// Only the authority proposes, and not itself, and not garbage.
	_, err = f.Msg.ProposeAuthority(f.Ctx, &types.MsgProposeAuthority{Authority: addr(farmAdmin), NewAuthority: addr(successor)})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.Msg.ProposeAuthority(f.Ctx, &types.MsgProposeAuthority{Authority: old, NewAuthority: old})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.Msg.ProposeAuthority(f.Ctx, &types.MsgProposeAuthority{Authority: old, NewAuthority: "trace1bad"})
	require.ErrorIs(t, err, sdkerrors.ErrInvalidAddress)

	_, err = f.Msg.ProposeAuthority(f.Ctx, &types.MsgProposeAuthority{Authority: old, NewAuthority: addr(successor)})
	require.NoError(t, err)
	require.True(t, f.Accounts.HasAccount(f.Ctx, successor), "the successor needs an account to sign AcceptAuthority")
	requireEvent(t, f.Ctx, "tracechain.membership.v1.EventAuthorityProposed")

	// Proposing changes nothing yet.
	current, err := f.Keeper.Authority(f.Ctx)
	require.NoError(t, err)
	require.Equal(t, old, current)

	// Somebody else cannot accept.
	_, err = f.Msg.AcceptAuthority(f.Ctx, &types.MsgAcceptAuthority{NewAuthority: addr(farmAdmin)})
	require.ErrorIs(t, err, types.ErrUnauthorized)

	_, err = f.Msg.AcceptAuthority(f.Ctx, &types.MsgAcceptAuthority{NewAuthority: addr(successor)})
	require.NoError(t, err)
	requireEvent(t, f.Ctx, "tracechain.membership.v1.EventAuthorityTransferred")

	cp, err := f.ConsensusParams.Get(f.Ctx)
	require.NoError(t, err)
	require.Equal(t, addr(successor), cp.Authority.Authority, "the consensus params carry the new authority to every module")
	has, err := f.Keeper.PendingAuthority.Has(f.Ctx)
	require.NoError(t, err)
	require.False(t, has)

	// The old authority has lost its powers.
	_, err = f.Msg.SuspendOrganization(f.Ctx, &types.MsgSuspendOrganization{Authority: old, OrgId: farmID, Reason: "x"})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.Msg.SuspendOrganization(f.Ctx, &types.MsgSuspendOrganization{Authority: addr(successor), OrgId: farmID, Reason: "x"})
	require.NoError(t, err)
}

func TestCancelAuthorityProposal(t *testing.T) {
	f := setup(t)
	successor := addr(keepertest.AccAddr(0xB0))
	_, err := f.Msg.CancelAuthorityProposal(f.Ctx, &types.MsgCancelAuthorityProposal{Authority: f.Authority})
	require.ErrorIs(t, err, types.ErrNoPendingAuthority)

	_, err = f.Msg.ProposeAuthority(f.Ctx, &types.MsgProposeAuthority{Authority: f.Authority, NewAuthority: successor})
	require.NoError(t, err)
	_, err = f.Msg.CancelAuthorityProposal(f.Ctx, &types.MsgCancelAuthorityProposal{Authority: successor})
	require.ErrorIs(t, err, types.ErrUnauthorized, "the proposed account cannot cancel")
	_, err = f.Msg.CancelAuthorityProposal(f.Ctx, &types.MsgCancelAuthorityProposal{Authority: f.Authority})
	require.NoError(t, err)
	requireEvent(t, f.Ctx, "tracechain.membership.v1.EventAuthorityProposalCancelled")

	_, err = f.Msg.AcceptAuthority(f.Ctx, &types.MsgAcceptAuthority{NewAuthority: successor})
	require.ErrorIs(t, err, types.ErrNoPendingAuthority, "a cancelled hand-over cannot be accepted")
}

func TestUpdateParams(t *testing.T) {
	f := setup(t)
	good := types.Params{MaxMsgsPerTx: 8, MaxTxBytes: 64 << 10}
	testCases := []struct {
		name   string
		msg    *types.MsgUpdateParams
		expErr error
	}{
		{"not the authority", &types.MsgUpdateParams{Authority: addr(regulatorAdmin), Params: good}, types.ErrUnauthorized},
		{"invalid limits", &types.MsgUpdateParams{Authority: f.Authority, Params: types.Params{MaxMsgsPerTx: 0, MaxTxBytes: 64 << 10}}, types.ErrInvalidParams},
		{"valid", &types.MsgUpdateParams{Authority: f.Authority, Params: good}, nil},
	}
	for _, tc := range testCases {
		_, err := f.Msg.UpdateParams(f.Ctx, tc.msg)
		got, getErr := f.Keeper.Params.Get(f.Ctx)
		require.NoError(t, getErr)
		if tc.expErr != nil {
			require.ErrorIs(t, err, tc.expErr, tc.name)
			require.Equal(t, types.DefaultParams(), got, tc.name)
			continue
		}
		require.NoError(t, err, tc.name)
		require.Equal(t, good, got)
	}
}
