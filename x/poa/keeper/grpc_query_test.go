package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/poa/types"
)

func TestQueries(t *testing.T) {
	p := fourValidators(t)
	res, err := p.Query.Validators(p.Ctx, &types.QueryValidatorsRequest{Pagination: &query.PageRequest{Limit: 3}})
	require.NoError(t, err)
	require.Len(t, res.Validators, 3)
	require.Equal(t, int64(40), res.TotalPower)
	require.NotEmpty(t, res.Pagination.NextKey)

	one, err := p.Query.Validator(p.Ctx, &types.QueryValidatorRequest{ConsensusAddress: keepertest.ConsAddr(p.Keys[1])})
	require.NoError(t, err)
	require.Equal(t, int64(10), one.Validator.Power)

	_, err = p.Query.Validator(p.Ctx, &types.QueryValidatorRequest{ConsensusAddress: keepertest.ConsAddr(keepertest.ConsKey(80))})
	require.Equal(t, codes.NotFound, status.Code(err))
	_, err = p.Query.Validator(p.Ctx, &types.QueryValidatorRequest{ConsensusAddress: "garbage"})
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	params, err := p.Query.Params(p.Ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), params.Params)
}

func TestUpdateParams(t *testing.T) {
	p := fourValidators(t)
	_, err := p.Msg.UpdateParams(p.Ctx, &types.MsgUpdateParams{Authority: keepertest.Bech32(keepertest.AccAddr(1)), Params: types.DefaultParams()})
	require.Error(t, err)
	_, err = p.Msg.UpdateParams(p.Ctx, &types.MsgUpdateParams{Authority: p.Authority, Params: types.Params{MaxValidators: 0, MaxValidatorPower: 10}})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	newParams := types.Params{MaxValidators: 7, MaxValidatorPower: 500}
	_, err = p.Msg.UpdateParams(p.Ctx, &types.MsgUpdateParams{Authority: p.Authority, Params: newParams})
	require.NoError(t, err)
	got, err := p.Keeper.Params.Get(p.Ctx)
	require.NoError(t, err)
	require.Equal(t, newParams, got)
}
