package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/tracechain/tracechain/testutil/keepertest"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/poa/types"
)

// Four validators of power 10: one block may move at most 13 (1/3 of 40).
func fourValidators(t *testing.T) *keepertest.Poa {
	t.Helper()
	return keepertest.NewPoa(t, 10, 10, 10, 10)
}

func totalPower(t *testing.T, p *keepertest.Poa) int64 {
	t.Helper()
	total, err := p.Keeper.TotalPower.Get(p.Ctx)
	require.NoError(t, err)
	return total
}

func TestAddValidator(t *testing.T) {
	newKey := keepertest.ConsKey(50)
	secpAny, err := codectypes.NewAnyWithValue(secp256k1.GenPrivKey().PubKey())
	require.NoError(t, err)

	testCases := []struct {
		name    string
		msg     func(p *keepertest.Poa) *types.MsgAddValidator
		prepare func(t *testing.T, p *keepertest.Poa)
		expErr  error
	}{
		{name: "fifth validator within the 1/3 budget", msg: addMsg(newKey, 10, false)},
		{name: "more than 1/3 of the power", msg: addMsg(newKey, 14, false), expErr: types.ErrPowerChangeTooLarge},
		{name: "more than 1/3 with force", msg: addMsg(newKey, 14, true)},
		{name: "not the authority", msg: func(p *keepertest.Poa) *types.MsgAddValidator {
			m := addMsg(newKey, 10, false)(p)
			m.Authority = keepertest.Bech32(keepertest.AccAddr(1))
			return m
		}, expErr: membershiptypes.ErrUnauthorized},
		{name: "empty name", msg: func(p *keepertest.Poa) *types.MsgAddValidator {
			m := addMsg(newKey, 10, false)(p)
			m.Name = ""
			return m
		}, expErr: types.ErrInvalidName},
		{name: "secp256k1 consensus key", msg: func(p *keepertest.Poa) *types.MsgAddValidator {
			m := addMsg(newKey, 10, false)(p)
			m.ConsensusPubkey = secpAny
			return m
		}, expErr: types.ErrInvalidPubKey},
		{name: "no consensus key", msg: func(p *keepertest.Poa) *types.MsgAddValidator {
			m := addMsg(newKey, 10, false)(p)
			m.ConsensusPubkey = nil
			return m
		}, expErr: types.ErrInvalidPubKey},
		{name: "zero power", msg: addMsg(newKey, 0, false), expErr: types.ErrInvalidPower},
		{name: "power above max_validator_power", msg: addMsg(newKey, types.DefaultMaxValidatorPower+1, true), expErr: types.ErrInvalidPower},
		{name: "unknown operator organization", msg: func(p *keepertest.Poa) *types.MsgAddValidator {
			m := addMsg(newKey, 10, false)(p)
			m.OperatorOrgId = "690555"
			return m
		}, expErr: types.ErrOperatorNotAllowed},
		{name: "operator without VALIDATOR_OPERATOR", msg: func(p *keepertest.Poa) *types.MsgAddValidator {
			m := addMsg(newKey, 10, false)(p)
			m.OperatorOrgId = "6901234"
			return m
		}, prepare: func(t *testing.T, p *keepertest.Poa) {
			p.RegisterOrg(t, "6901234", keepertest.AccAddr(2), membershiptypes.ORG_ROLE_ENTERPRISE)
		}, expErr: types.ErrOperatorNotAllowed},
		{name: "suspended operator", msg: addMsg(newKey, 10, false), prepare: func(t *testing.T, p *keepertest.Poa) {
			_, err := p.Membership.Msg.SuspendOrganization(p.Ctx, &membershiptypes.MsgSuspendOrganization{
				Authority: p.Authority, OrgId: keepertest.OperatorOrgID, Reason: "audit",
			})
			require.NoError(t, err)
		}, expErr: types.ErrOperatorNotAllowed},
		{name: "already a validator", msg: func(p *keepertest.Poa) *types.MsgAddValidator {
			return addMsg(p.Keys[0], 5, false)(p)
		}, expErr: types.ErrValidatorExists},
		{name: "tombstoned key", msg: addMsg(newKey, 10, false), prepare: func(t *testing.T, p *keepertest.Poa) {
			require.NoError(t, p.Keeper.Tombstoned.Set(p.Ctx, newKey.Address()))
		}, expErr: types.ErrTombstoned},
		{name: "set is full", msg: addMsg(newKey, 10, false), prepare: func(t *testing.T, p *keepertest.Poa) {
			params := types.DefaultParams()
			params.MaxValidators = 4
			require.NoError(t, p.Keeper.Params.Set(p.Ctx, params))
		}, expErr: types.ErrTooManyValidators},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			p := fourValidators(t)
			if tc.prepare != nil {
				tc.prepare(t, p)
			}
			msg := tc.msg(p)
			res, err := p.Msg.AddValidator(p.Ctx, msg)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				require.Equal(t, int64(40), totalPower(t, p), "a refused change leaves the set alone")
				require.Zero(t, p.NextBlock(t), "and sends CometBFT nothing")
				return
			}
			require.NoError(t, err)
			require.Equal(t, keepertest.ConsAddr(newKey), res.ConsensusAddress)
			require.Equal(t, 40+msg.Power, totalPower(t, p))
			v, err := p.Keeper.Validators.Get(p.Ctx, newKey.Address())
			require.NoError(t, err)
			require.Equal(t, msg.Power, v.Power)
			require.Equal(t, int64(10), v.AddedHeight)
			updates, err := p.Keeper.EndBlocker(p.Ctx)
			require.NoError(t, err)
			require.Len(t, updates, 1)
			require.Equal(t, msg.Power, updates[0].Power)
			require.Equal(t, []byte(newKey.Key), updates[0].PubKey.GetEd25519())
		})
	}
}

func addMsg(pk interface{ Bytes() []byte }, power int64, force bool) func(p *keepertest.Poa) *types.MsgAddValidator {
	return func(p *keepertest.Poa) *types.MsgAddValidator {
		key := keepertest.ConsKey(50)
		for i, k := range p.Keys {
			if string(k.Bytes()) == string(pk.Bytes()) {
				key = p.Keys[i]
			}
		}
		return &types.MsgAddValidator{
			Authority: p.Authority, Name: "node5", ConsensusPubkey: keepertest.PubKeyAny(key),
			Power: power, OperatorOrgId: keepertest.OperatorOrgID, Force: force,
		}
	}
}

func TestSetValidatorPower(t *testing.T) {
	testCases := []struct {
		name   string
		power  int64
		force  bool
		addr   func(p *keepertest.Poa) string
		signer func(p *keepertest.Poa) string
		expErr error
	}{
		{name: "within the budget", power: 20},
		{name: "down within the budget", power: 1},
		{name: "above 1/3 without force", power: 30, expErr: types.ErrPowerChangeTooLarge},
		{name: "above 1/3 with force", power: 30, force: true},
		{name: "same power", power: 10, expErr: types.ErrInvalidPower},
		{name: "zero power", power: 0, expErr: types.ErrInvalidPower},
		{name: "unknown validator", power: 5, addr: func(*keepertest.Poa) string { return keepertest.ConsAddr(keepertest.ConsKey(77)) }, expErr: types.ErrValidatorNotFound},
		{name: "account address instead of consensus address", power: 5, addr: func(p *keepertest.Poa) string { return p.Authority }, expErr: types.ErrInvalidConsAddress},
		{name: "not the authority", power: 12, signer: func(*keepertest.Poa) string { return keepertest.Bech32(keepertest.AccAddr(1)) }, expErr: membershiptypes.ErrUnauthorized},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			p := fourValidators(t)
			target := keepertest.ConsAddr(p.Keys[0])
			if tc.addr != nil {
				target = tc.addr(p)
			}
			signer := p.Authority
			if tc.signer != nil {
				signer = tc.signer(p)
			}
			_, err := p.Msg.SetValidatorPower(p.Ctx, &types.MsgSetValidatorPower{Authority: signer, ConsensusAddress: target, Power: tc.power, Force: tc.force})
			v, getErr := p.Keeper.Validators.Get(p.Ctx, p.Keys[0].Address())
			require.NoError(t, getErr)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				require.Equal(t, int64(10), v.Power)
				require.Equal(t, int64(40), totalPower(t, p))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.power, v.Power)
			require.Equal(t, 30+tc.power, totalPower(t, p))
			require.Equal(t, 1, p.NextBlock(t))
		})
	}
}

func TestRemoveValidator(t *testing.T) {
	t.Run("within the budget", func(t *testing.T) {
		p := fourValidators(t)
		_, err := p.Msg.RemoveValidator(p.Ctx, &types.MsgRemoveValidator{Authority: p.Authority, ConsensusAddress: keepertest.ConsAddr(p.Keys[3])})
		require.NoError(t, err)
		has, err := p.Keeper.Validators.Has(p.Ctx, p.Keys[3].Address())
		require.NoError(t, err)
		require.False(t, has)
		updates, err := p.Keeper.EndBlocker(p.Ctx)
		require.NoError(t, err)
		require.Len(t, updates, 1)
		require.Zero(t, updates[0].Power, "power 0 tells CometBFT to drop the validator")
	})
	t.Run("more than 1/3 without force", func(t *testing.T) {
		p := keepertest.NewPoa(t, 10, 30)
		_, err := p.Msg.RemoveValidator(p.Ctx, &types.MsgRemoveValidator{Authority: p.Authority, ConsensusAddress: keepertest.ConsAddr(p.Keys[1])})
		require.ErrorIs(t, err, types.ErrPowerChangeTooLarge)
		_, err = p.Msg.RemoveValidator(p.Ctx, &types.MsgRemoveValidator{Authority: p.Authority, ConsensusAddress: keepertest.ConsAddr(p.Keys[1]), Force: true})
		require.NoError(t, err)
	})
	t.Run("the last validator, even with force", func(t *testing.T) {
		p := keepertest.NewPoa(t, 10)
		_, err := p.Msg.RemoveValidator(p.Ctx, &types.MsgRemoveValidator{Authority: p.Authority, ConsensusAddress: keepertest.ConsAddr(p.Keys[0]), Force: true})
		require.ErrorIs(t, err, types.ErrLastValidator)
	})
	t.Run("unknown validator", func(t *testing.T) {
		p := fourValidators(t)
		_, err := p.Msg.RemoveValidator(p.Ctx, &types.MsgRemoveValidator{Authority: p.Authority, ConsensusAddress: keepertest.ConsAddr(keepertest.ConsKey(77))})
		require.ErrorIs(t, err, types.ErrValidatorNotFound)
	})
	t.Run("not the authority", func(t *testing.T) {
		p := fourValidators(t)
		_, err := p.Msg.RemoveValidator(p.Ctx, &types.MsgRemoveValidator{Authority: keepertest.Bech32(keepertest.AccAddr(1)), ConsensusAddress: keepertest.ConsAddr(p.Keys[0])})
		require.ErrorIs(t, err, membershiptypes.ErrUnauthorized)
	})
}

// The 1/3 budget counts every change of the block against the set
// CometBFT runs it with, and starts afresh in the next block.
func TestPowerBudgetPerBlock(t *testing.T) {
	p := fourValidators(t)
	set := func(i int, power int64) error {
		_, err := p.Msg.SetValidatorPower(p.Ctx, &types.MsgSetValidatorPower{Authority: p.Authority, ConsensusAddress: keepertest.ConsAddr(p.Keys[i]), Power: power})
		return err
	}
	require.NoError(t, set(0, 16))                                          // moved 6
	require.NoError(t, set(1, 4))                                           // moved 12
	require.ErrorIs(t, set(2, 12), types.ErrPowerChangeTooLarge)            // would be 14 > 40/3
	require.NoError(t, set(0, 14), "undoing part of a change frees budget") // moved 4 + 6 = 10
	require.NoError(t, set(2, 13))                                          // moved 13
	require.Equal(t, 3, p.NextBlock(t))

	// New block: measured against the new set of 14+4+13+10 = 41.
	require.NoError(t, set(3, 23)) // moved 13 <= 41/3
	require.Equal(t, 1, p.NextBlock(t))
}

// A validator added and removed in the same block never reaches CometBFT,
// which would refuse to remove a validator it never had.
func TestAddThenRemoveInOneBlock(t *testing.T) {
	p := fourValidators(t)
	newKey := keepertest.ConsKey(50)
	_, err := p.Msg.AddValidator(p.Ctx, addMsg(newKey, 5, false)(p))
	require.NoError(t, err)
	_, err = p.Msg.RemoveValidator(p.Ctx, &types.MsgRemoveValidator{Authority: p.Authority, ConsensusAddress: keepertest.ConsAddr(newKey)})
	require.NoError(t, err)
	require.Zero(t, p.NextBlock(t))
	require.Equal(t, int64(40), totalPower(t, p))
}

// Params may be changed after validators exist; the total stays within
// CometBFT's maximum whatever the per-validator limit says.
func TestTotalPowerNeverExceedsCometBFTMaximum(t *testing.T) {
	p := fourValidators(t)
	require.NoError(t, p.Keeper.Params.Set(p.Ctx, types.Params{MaxValidators: 1, MaxValidatorPower: types.MaxTotalVotingPower}))
	_, err := p.Msg.SetValidatorPower(p.Ctx, &types.MsgSetValidatorPower{
		Authority: p.Authority, ConsensusAddress: keepertest.ConsAddr(p.Keys[0]), Power: types.MaxTotalVotingPower, Force: true,
	})
	require.ErrorIs(t, err, types.ErrTotalPowerOverflow)
	require.Equal(t, int64(40), totalPower(t, p))
}
