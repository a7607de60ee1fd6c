package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/poa/types"
)

func TestGenesisExportImport(t *testing.T) {
	p := fourValidators(t)
	require.NoError(t, p.Keeper.Tombstoned.Set(p.Ctx, keepertest.ConsKey(90).Address()))
	exported, err := p.Keeper.ExportGenesis(p.Ctx)
	require.NoError(t, err)
	require.Len(t, exported.Validators, 4)
	require.Len(t, exported.Tombstoned, 1)

	// q's own single validator uses the same key as p's first, so importing
	// p's genesis leaves q with exactly p's set.
	q := keepertest.NewPoa(t, 1)
	updates, err := q.Keeper.InitGenesis(q.Ctx, exported)
	require.NoError(t, err)
	require.Len(t, updates, 4)
	again, err := q.Keeper.ExportGenesis(q.Ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)
	require.Equal(t, int64(40), totalPower(t, q))
}

func TestGenesisValidate(t *testing.T) {
	p := fourValidators(t)
	consCodec := addresscodec.NewBech32Codec(keepertest.ConsensusPrefix)
	valid := func() types.GenesisState {
		gs, err := p.Keeper.ExportGenesis(p.Ctx)
		require.NoError(t, err)
		return *gs
	}
	require.NoError(t, func() error { gs := valid(); return gs.Validate(p.Cdc, consCodec) }())

	testCases := []struct {
		name    string
		mutate  func(gs *types.GenesisState)
		errText string
	}{
		{"no validators", func(gs *types.GenesisState) { gs.Validators = nil }, "at least one genesis validator"},
		{"duplicate validator", func(gs *types.GenesisState) { gs.Validators[1] = gs.Validators[0] }, "listed twice"},
		{"address does not match key", func(gs *types.GenesisState) {
			gs.Validators[0].ConsensusAddress = gs.Validators[1].ConsensusAddress
		}, "the key's address"},
		{"zero power", func(gs *types.GenesisState) { gs.Validators[0].Power = 0 }, "power"},
		{"no operator", func(gs *types.GenesisState) { gs.Validators[0].OperatorOrgId = "" }, "operator_org_id"},
		{"too many validators", func(gs *types.GenesisState) { gs.Params.MaxValidators = 3 }, "max_validators is 3"},
		{"bad params", func(gs *types.GenesisState) { gs.Params.MaxValidatorPower = 0 }, "max_validator_power"},
		{"tombstoned validator", func(gs *types.GenesisState) {
			gs.Tombstoned = []string{gs.Validators[0].ConsensusAddress}
		}, "also a validator"},
		{"bad tombstone address", func(gs *types.GenesisState) { gs.Tombstoned = []string{"trace1xyz"} }, "tombstoned[0]"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			gs := valid()
			tc.mutate(&gs)
			require.ErrorContains(t, gs.Validate(p.Cdc, consCodec), tc.errText)
		})
	}
}

func TestInitGenesisNeedsRegisteredOperators(t *testing.T) {
	p := fourValidators(t)
	gs, err := p.Keeper.ExportGenesis(p.Ctx)
	require.NoError(t, err)
	gs.Validators[0].OperatorOrgId = "690555"
	q := keepertest.NewPoa(t, 1)
	_, err = q.Keeper.InitGenesis(q.Ctx, gs)
	require.ErrorIs(t, err, types.ErrOperatorNotAllowed)
}
