package app_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"

	"github.com/tracechain/tracechain/testutil/apptest"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
)

// requireRefused asserts a CheckTx failure with the registered error and text.
func requireRefused(t *testing.T, res *abci.ResponseCheckTx, want *errorsmod.Error, text string) {
	t.Helper()
	require.Equal(t, want.Codespace(), res.Codespace, res.Log)
	require.Equal(t, want.ABCICode(), res.Code, res.Log)
	require.Contains(t, res.Log, text)
}

func addMember(c *apptest.Chain, signer *apptest.Account, orgID string, who *apptest.Account) *membershiptypes.MsgAddMember {
	return &membershiptypes.MsgAddMember{Signer: signer.Bech32(), OrgId: orgID, Address: who.Bech32(), Role: membershiptypes.ACCOUNT_ROLE_OPERATOR}
}

// A non-member's transaction is refused by membership before signature
// verification: even a forged signature gets the membership error. The
// same forged signature from a member fails signature verification, which
// shows the check would otherwise have run.
func TestNonMemberRefusedBeforeSignatureVerification(t *testing.T) {
	c := apptest.NewChain(t)
	stranger, farmAdmin := c.Accounts["stranger"], c.Accounts["farm-admin"]

	res := c.CheckTx(c.SignTxWithBadSignature([]*apptest.Account{stranger}, addMember(c, stranger, apptest.Farm.ID, stranger)))
	requireRefused(t, res, membershiptypes.ErrNotMember, "signer "+stranger.Bech32()+" is not a member of any organization")
	require.Contains(t, res.Log, "message 0 (/tracechain.membership.v1.MsgAddMember)")

	res = c.CheckTx(c.SignTxWithBadSignature([]*apptest.Account{farmAdmin}, addMember(c, farmAdmin, apptest.Farm.ID, stranger)))
	requireRefused(t, res, sdkerrors.ErrUnauthorized, "signature verification failed")

	res = c.CheckTx(c.SignTx([]*apptest.Account{farmAdmin}, addMember(c, farmAdmin, apptest.Farm.ID, stranger)))
	require.Zero(t, res.Code, res.Log)
}

func TestSuspendedOrganizationsMembersAreRefused(t *testing.T) {
	c := apptest.NewChain(t)
	operator := c.Accounts["farm-operator"]
	send := &banktypes.MsgSend{FromAddress: operator.Bech32(), ToAddress: operator.Bech32(), Amount: sdk.NewCoins()}
	res := c.Deliver([]*apptest.Account{c.Authority}, &membershiptypes.MsgSuspendOrganization{
		Authority: c.Authority.Bech32(), OrgId: apptest.Farm.ID, Reason: "unlicensed pesticide",
	})
	require.Zero(t, res.Code, res.Log)

	check := c.CheckTx(c.SignTx([]*apptest.Account{operator}, send))
	requireRefused(t, check, membershiptypes.ErrOrgSuspended, "unlicensed pesticide")
}

func TestRoleMustAllowTheMessage(t *testing.T) {
	c := apptest.NewChain(t)
	device, farmAdmin := c.Accounts["farm-device"], c.Accounts["farm-admin"]

	send := &banktypes.MsgSend{FromAddress: device.Bech32(), ToAddress: farmAdmin.Bech32(), Amount: sdk.NewCoins()}
	requireRefused(t, c.CheckTx(c.SignTx([]*apptest.Account{device}, send)),
		membershiptypes.ErrRoleNotAllowed, "has account role ACCOUNT_ROLE_DEVICE")

	addValidator := &poatypes.MsgAddValidator{Authority: farmAdmin.Bech32(), Name: "rogue", Power: 1, OperatorOrgId: apptest.Farm.ID}
	requireRefused(t, c.CheckTx(c.SignTx([]*apptest.Account{farmAdmin}, addValidator)),
		membershiptypes.ErrUnauthorized, "only the consortium authority")
}

// Every signer of every message is checked: one bad signer spoils the tx.
func TestEverySignerIsChecked(t *testing.T) {
	c := apptest.NewChain(t)
	farmAdmin, stranger := c.Accounts["farm-admin"], c.Accounts["stranger"]
	tx := c.SignTx([]*apptest.Account{farmAdmin, stranger},
		addMember(c, farmAdmin, apptest.Farm.ID, c.Accounts["stranger"]),
		addMember(c, stranger, apptest.Farm.ID, stranger))
	requireRefused(t, c.CheckTx(tx), membershiptypes.ErrNotMember, "message 1")
}

// The consortium authority changes only in two steps; x/consensus cannot be
// used to replace it in one.
func TestConsensusParamsCannotReplaceTheAuthority(t *testing.T) {
	c := apptest.NewChain(t)
	cp := c.App.GetConsensusParams(c.Context())
	msg := &consensustypes.MsgUpdateParams{
		Authority: c.Authority.Bech32(), Block: cp.Block, Evidence: cp.Evidence, Validator: cp.Validator, Abci: cp.Abci,
		Auth: &cmtproto.AuthorityParams{Authority: c.Accounts["regulator-admin"].Bech32()},
	}
	requireRefused(t, c.CheckTx(c.SignTx([]*apptest.Account{c.Authority}, msg)),
		membershiptypes.ErrAuthorityViaConsensus, "propose-authority")

	msg.Auth = nil
	msg.Block.MaxGas = 50_000_000
	res := c.Deliver([]*apptest.Account{c.Authority}, msg)
	require.Zero(t, res.Code, "other consensus params may still be changed: %s", res.Log)
}

func TestTxLimitsAreEnforced(t *testing.T) {
	c := apptest.NewChain(t)
	farmAdmin := c.Accounts["farm-admin"]
	msgs := make([]sdk.Msg, membershiptypes.DefaultMaxMsgsPerTx+1)
	for i := range msgs {
		msgs[i] = addMember(c, farmAdmin, apptest.Farm.ID, apptest.NewAccount("n"+string(rune('a'+i))))
	}
	requireRefused(t, c.CheckTx(c.SignTx([]*apptest.Account{farmAdmin}, msgs...)), membershiptypes.ErrTooManyMsgs, "more than 32 messages")

	res := c.Deliver([]*apptest.Account{c.Authority}, &membershiptypes.MsgUpdateParams{
		Authority: c.Authority.Bech32(), Params: membershiptypes.Params{MaxMsgsPerTx: 100, MaxTxBytes: 4096},
	})
	require.Zero(t, res.Code, res.Log)
	requireRefused(t, c.CheckTx(c.SignTx([]*apptest.Account{farmAdmin}, msgs...)), membershiptypes.ErrTxTooLarge, "the limit is 4096")
}

// A member's transaction passes every check and is executed.
func TestMemberTransactionCommits(t *testing.T) {
	c := apptest.NewChain(t)
	farmAdmin := c.Accounts["farm-admin"]
	newcomer := apptest.NewAccount("newcomer")
	res := c.Deliver([]*apptest.Account{farmAdmin}, addMember(c, farmAdmin, apptest.Farm.ID, newcomer))
	require.Zero(t, res.Code, res.Log)
	m, err := c.App.MembershipKeeper.Members.Get(c.Context(), newcomer.Address)
	require.NoError(t, err)
	require.Equal(t, apptest.Farm.ID, m.OrgId)
}
