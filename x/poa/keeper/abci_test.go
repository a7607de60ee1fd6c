package keeper_test

import (
	"testing"

	"cosmossdk.io/core/comet"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/poa/types"
)

func doubleSignEvents(ctx sdk.Context) []sdk.Event {
	var out []sdk.Event
	for _, ev := range ctx.EventManager().Events() {
		if ev.Type == "tracechain.poa.v1.EventDoubleSignEvidence" {
			out = append(out, ev)
		}
	}
	return out
}

func attr(ev sdk.Event, key string) string {
	for _, a := range ev.Attributes {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}

func TestDoubleSignRemovesAndTombstones(t *testing.T) {
	p := fourValidators(t)
	offender := p.Keys[2]
	p.Comet.Evidence = []keepertest.Evidence{{Kind: comet.DuplicateVote, Address: offender.Address(), Height: 8}}
	require.NoError(t, p.Keeper.BeginBlocker(p.Ctx))

	has, err := p.Keeper.Validators.Has(p.Ctx, offender.Address())
	require.NoError(t, err)
	require.False(t, has)
	tomb, err := p.Keeper.Tombstoned.Has(p.Ctx, offender.Address())
	require.NoError(t, err)
	require.True(t, tomb)
	require.Equal(t, int64(30), totalPower(t, p))

	events := doubleSignEvents(p.Ctx)
	require.Len(t, events, 1)
	require.Equal(t, "true", attr(events[0], "removed"))
	require.Contains(t, attr(events[0], "consensus_address"), keepertest.ConsAddr(offender))

	updates, err := p.Keeper.EndBlocker(p.Ctx)
	require.NoError(t, err)
	require.Len(t, updates, 1)
	require.Zero(t, updates[0].Power)

	// The key may never come back.
	_, err = p.Msg.AddValidator(p.Ctx, addMsg(offender, 5, true)(p))
	require.ErrorIs(t, err, types.ErrTombstoned)
}

func TestEvidenceTheChainCannotActOn(t *testing.T) {
	t.Run("unknown validator", func(t *testing.T) {
		p := fourValidators(t)
		p.Comet.Evidence = []keepertest.Evidence{{Kind: comet.DuplicateVote, Address: keepertest.ConsKey(99).Address(), Height: 3}}
		require.NoError(t, p.Keeper.BeginBlocker(p.Ctx), "BeginBlock never fails on evidence")
		events := doubleSignEvents(p.Ctx)
		require.Len(t, events, 1)
		require.Equal(t, "false", attr(events[0], "removed"))
		require.Equal(t, int64(40), totalPower(t, p))
	})
	t.Run("the last validator is kept", func(t *testing.T) {
		p := keepertest.NewPoa(t, 10)
		p.Comet.Evidence = []keepertest.Evidence{{Kind: comet.DuplicateVote, Address: p.Keys[0].Address(), Height: 3}}
		require.NoError(t, p.Keeper.BeginBlocker(p.Ctx))
		has, err := p.Keeper.Validators.Has(p.Ctx, p.Keys[0].Address())
		require.NoError(t, err)
		require.True(t, has)
		require.Contains(t, attr(doubleSignEvents(p.Ctx)[0], "note"), "only validator")
	})
	t.Run("other misbehaviour kinds are ignored", func(t *testing.T) {
		p := fourValidators(t)
		p.Comet.Evidence = []keepertest.Evidence{{Kind: comet.Unknown, Address: p.Keys[0].Address(), Height: 3}}
		require.NoError(t, p.Keeper.BeginBlocker(p.Ctx))
		require.Empty(t, doubleSignEvents(p.Ctx))
		require.Equal(t, int64(40), totalPower(t, p))
	})
}
