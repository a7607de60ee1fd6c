// Package speedtest feeds TraceChain's own transactions to the Cosmos SDK's
// execution speedtest (github.com/cosmos/cosmos-sdk/tools/speedtest): the
// whole app, ante handler and signature checks included, runs blocks of
// pre-signed transactions without CometBFT or a network, so the raw
// execution rate of bank sends, device readings, batch anchors and EPCIS
// captures can be compared in one run on one machine.
package speedtest

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cmted25519 "github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsign "github.com/cosmos/cosmos-sdk/x/auth/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/tracechain/tracechain/app"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
)

// ChainID of the in-memory chain the speedtest runs.
const ChainID = "tracechain-speedtest-1"

// OrgID is the one organization every speedtest account belongs to (a
// unified social credit code with a valid check character), and Prefix
// the GS1 company prefix it holds for captures.
const (
	OrgID  = "91350200MA2XY0022H"
	Prefix = "6901234"
)

// gasLimit of every transaction: gas is free on TraceChain; the limit only
// bounds the work one transaction may do.
const gasLimit = 50_000_000

// account is a sender with the number genesis gives it and the sequence
// its next transaction must carry.
type account struct {
	priv     *secp256k1.PrivKey
	addr     sdk.AccAddress
	bech32   string
	number   uint64
	sequence uint64
}

// fixture is the state shared by a workload's account creator, genesis
// modifier and transaction generator.
type fixture struct {
	txConfig client.TxConfig
	role     membershiptypes.AccountRole
	accounts []*account
	next     int
}

func newFixture(txConfig client.TxConfig, role membershiptypes.AccountRole) *fixture {
	return &fixture{txConfig: txConfig, role: role}
}

// createAccount makes the next sender. Keys are derived from the index so
// that runs are repeatable; auth's genesis numbers accounts in the order
// of their account numbers, which is the order they are created in.
func (f *fixture) createAccount() (*authtypes.BaseAccount, sdk.Coins) {
	n := uint64(len(f.accounts))
	var seed [8]byte
	binary.BigEndian.PutUint64(seed[:], n)
	priv := secp256k1.GenPrivKeyFromSecret(append([]byte("tracechain/speedtest/"), seed[:]...))
	addr := sdk.AccAddress(priv.PubKey().Address())
	bech, err := chainaddress.AccountAddressCodec().BytesToString(addr)
	if err != nil {
		panic(err)
	}
	f.accounts = append(f.accounts, &account{priv: priv, addr: addr, bech32: bech, number: n})
	return authtypes.NewBaseAccount(addr, nil, n, 0), sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, 1_000_000_000_000))
}

// sender picks the senders in turn, so that each block spreads over all of them.
func (f *fixture) sender() *account {
	a := f.accounts[f.next]
	f.next = (f.next + 1) % len(f.accounts)
	return a
}

// membershipGenesis makes every account a member of one enterprise with
// the workload's role, and replaces what the SDK's helper wrote for
// x/staking (TraceChain has none) with a one-validator x/poa genesis.
func (f *fixture) membershipGenesis(cdc codec.Codec, state map[string]json.RawMessage) {
	delete(state, "staking")
	members := membershiptypes.DefaultGenesis()
	kind, err := membershiptypes.ParseOrgID(OrgID)
	if err != nil {
		panic(err)
	}
	members.Organizations = []membershiptypes.Organization{{
		Id: OrgID, IdKind: kind, Name: "Speedtest Cooperative", Status: membershiptypes.ORG_STATUS_ACTIVE,
		Roles: []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_ENTERPRISE, membershiptypes.ORG_ROLE_VALIDATOR_OPERATOR},
	}}
	// Every organization has an ADMIN; this one never transacts.
	admin := secp256k1.GenPrivKeyFromSecret([]byte("tracechain/speedtest/admin")).PubKey().Address()
	adminAddr, err := chainaddress.AccountAddressCodec().BytesToString(admin)
	if err != nil {
		panic(err)
	}
	members.Members = append(members.Members, membershiptypes.Member{Address: adminAddr, OrgId: OrgID, Role: membershiptypes.ACCOUNT_ROLE_ADMIN})
	for _, a := range f.accounts {
		members.Members = append(members.Members, membershiptypes.Member{Address: a.bech32, OrgId: OrgID, Role: f.role})
	}
	state[membershiptypes.ModuleName] = cdc.MustMarshalJSON(members)

	pk := cmted25519.GenPrivKeyFromSecret([]byte("tracechain/speedtest/validator")).PubKey()
	pkAny, err := codectypes.NewAnyWithValue(pk)
	if err != nil {
		panic(err)
	}
	consAddr, err := chainaddress.ConsensusAddressCodec().BytesToString(pk.Address())
	if err != nil {
		panic(err)
	}
	validators := poatypes.DefaultGenesis()
	validators.Validators = []poatypes.Validator{{
		Name: "speedtest", ConsensusPubkey: pkAny, ConsensusAddress: consAddr, Power: 10, OperatorOrgId: OrgID,
	}}
	state[poatypes.ModuleName] = cdc.MustMarshalJSON(validators)
}

// sign encodes msgs as a transaction of a, signed in SIGN_MODE_DIRECT at
// its current sequence, and advances the sequence.
func (f *fixture) sign(a *account, msgs ...sdk.Msg) []byte {
	b := f.txConfig.NewTxBuilder()
	if err := b.SetMsgs(msgs...); err != nil {
		panic(err)
	}
	b.SetGasLimit(gasLimit)
	mode := signing.SignMode_SIGN_MODE_DIRECT
	sig := signing.SignatureV2{PubKey: a.priv.PubKey(), Data: &signing.SingleSignatureData{SignMode: mode}, Sequence: a.sequence}
	if err := b.SetSignatures(sig); err != nil {
		panic(err)
	}
	data := authsign.SignerData{Address: a.bech32, ChainID: ChainID, AccountNumber: a.number, Sequence: a.sequence, PubKey: a.priv.PubKey()}
	signBytes, err := authsign.GetSignBytesAdapter(context.Background(), f.txConfig.SignModeHandler(), mode, data, b.GetTx())
	if err != nil {
		panic(err)
	}
	sigBytes, err := a.priv.Sign(signBytes)
	if err != nil {
		panic(err)
	}
	sig.Data.(*signing.SingleSignatureData).Signature = sigBytes
	if err := b.SetSignatures(sig); err != nil {
		panic(err)
	}
	bz, err := f.txConfig.TxEncoder()(b.GetTx())
	if err != nil {
		panic(fmt.Errorf("encode: %w", err))
	}
	a.sequence++
	return bz
}
