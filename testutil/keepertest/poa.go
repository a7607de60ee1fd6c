package keepertest

import (
	"context"
	"testing"
	"time"

	"cosmossdk.io/core/comet"
	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/runtime"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	poakeeper "github.com/tracechain/tracechain/x/poa/keeper"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
)

// OperatorOrgID is the VALIDATOR_OPERATOR organization of the poa fixture.
const OperatorOrgID = "91350100MA2XY00118"

// ConsKey returns a deterministic ed25519 consensus key.
func ConsKey(n byte) *ed25519.PubKey {
	return ed25519.GenPrivKeyFromSecret([]byte{'v', n}).PubKey().(*ed25519.PubKey)
}

// ConsAddr renders a consensus key's address with the tracevalcons prefix.
func ConsAddr(pk *ed25519.PubKey) string {
	s, err := addresscodec.NewBech32Codec(ConsensusPrefix).BytesToString(pk.Address())
	if err != nil {
		panic(err)
	}
	return s
}

// PubKeyAny packs a consensus key.
func PubKeyAny(pk *ed25519.PubKey) *codectypes.Any {
	a, err := codectypes.NewAnyWithValue(pk)
	if err != nil {
		panic(err)
	}
	return a
}

// Evidence is a CometBFT misbehaviour report for the fake block info.
type Evidence struct {
	Kind    comet.MisbehaviorType
	Address []byte
	Height  int64
}

// CometInfo is a settable comet.BlockInfoService.
type CometInfo struct {
	Evidence []Evidence
}

// GetCometBlockInfo implements comet.BlockInfoService.
func (c *CometInfo) GetCometBlockInfo(context.Context) comet.BlockInfo { return blockInfo{c.Evidence} }

type blockInfo struct{ ev []Evidence }

func (b blockInfo) GetEvidence() comet.EvidenceList { return evidenceList(b.ev) }
func (blockInfo) GetValidatorsHash() []byte         { return nil }
func (blockInfo) GetProposerAddress() []byte        { return nil }
func (blockInfo) GetLastCommit() comet.CommitInfo   { return nil }

type evidenceList []Evidence

func (l evidenceList) Len() int                 { return len(l) }
func (l evidenceList) Get(i int) comet.Evidence { return evidence{l[i]} }

type evidence struct{ e Evidence }

func (e evidence) Type() comet.MisbehaviorType { return e.e.Kind }
func (e evidence) Validator() comet.Validator  { return validator(e.e.Address) }
func (e evidence) Height() int64               { return e.e.Height }
func (evidence) Time() time.Time               { return time.Time{} }
func (evidence) TotalVotingPower() int64       { return 0 }

type validator []byte

func (v validator) Address() []byte { return v }
func (validator) Power() int64      { return 0 }

// Poa is a poa keeper over the membership fixture, with an operator
// organization and a genesis validator set of the given powers.
type Poa struct {
	*Membership
	Keeper poakeeper.Keeper
	Msg    poatypes.MsgServer
	Query  poatypes.QueryServer
	Comet  *CometInfo
	// Keys are the genesis validators' consensus keys, in order.
	Keys []*ed25519.PubKey
}

// NewPoa starts a chain state whose validators have the given powers.
func NewPoa(t testing.TB, powers ...int64) *Poa {
	t.Helper()
	m := NewMembership(t, membershiptypes.MsgPolicy{}, poatypes.StoreKey)
	m.RegisterOrg(t, OperatorOrgID, AccAddr(1), membershiptypes.ORG_ROLE_VALIDATOR_OPERATOR, membershiptypes.ORG_ROLE_REGULATOR)
	cometInfo := &CometInfo{}
	k := poakeeper.NewKeeper(m.Cdc, runtime.NewKVStoreService(m.StoreKeys[poatypes.StoreKey]), runtime.EventService{},
		cometInfo, addresscodec.NewBech32Codec(ConsensusPrefix), m.Keeper)
	gs := poatypes.DefaultGenesis()
	var keys []*ed25519.PubKey
	for i, p := range powers {
		pk := ConsKey(byte(i))
		keys = append(keys, pk)
		gs.Validators = append(gs.Validators, poatypes.Validator{
			Name: "val" + string(rune('0'+i)), ConsensusPubkey: PubKeyAny(pk), ConsensusAddress: ConsAddr(pk),
			Power: p, OperatorOrgId: OperatorOrgID,
		})
	}
	updates, err := k.InitGenesis(m.Ctx, gs)
	require.NoError(t, err)
	require.Len(t, updates, len(powers))
	return &Poa{Membership: m, Keeper: k, Msg: poakeeper.NewMsgServerImpl(k), Query: poakeeper.NewQueryServerImpl(k), Comet: cometInfo, Keys: keys}
}

// NextBlock ends the block (as EndBlock would) and moves to the next height.
func (p *Poa) NextBlock(t testing.TB) int {
	t.Helper()
	updates, err := p.Keeper.EndBlocker(p.Ctx)
	require.NoError(t, err)
	p.Ctx = p.Ctx.WithBlockHeight(p.Ctx.BlockHeight() + 1)
	return len(updates)
}
