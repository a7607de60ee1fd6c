// Package apptest runs the full TraceChain app in memory: a consortium
// genesis built in code, real signed transactions, CheckTx, FinalizeBlock
// and Commit, without CometBFT or the network.
package apptest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client/flags"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/app"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// ChainID of every in-memory chain.
const ChainID = "tracechain-test-1"

// GenesisTime is fixed so that runs are reproducible.
var GenesisTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Org is an organization of the test consortium.
type Org struct {
	ID    string
	Name  string
	Roles []membershiptypes.OrgRole
}

// The test consortium.
var (
	Regulator = Org{
		ID: "91350100MA2XY00118", Name: "Provincial Market Regulator",
		Roles: []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_REGULATOR, membershiptypes.ORG_ROLE_VALIDATOR_OPERATOR},
	}
	Farm = Org{
		ID: "91350200MA2XY0022H", Name: "Green Valley Farm",
		Roles: []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_ENTERPRISE},
	}
	Retailer = Org{
		ID: "6901234", Name: "FreshMart",
		Roles: []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_ENTERPRISE},
	}
	// Logistics sells cold-chain transport; Bank issues the settlement
	// coin; Arbitration resolves disputes.
	Logistics = Org{
		ID: "91350400MA2XY00444", Name: "Coldline Logistics",
		Roles: []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_ENTERPRISE},
	}
	Bank = Org{
		ID: "91350700MA2XY00770", Name: "Strait Commercial Bank",
		Roles: []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_ISSUER},
	}
	Arbitration = Org{
		ID: "91350800MA2XY00889", Name: "Fujian Trade Arbitration Centre",
		Roles: []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_ARBITER},
	}
)

// FarmPrefix and LogisticsPrefix are the GS1 company prefixes the farm
// and Coldline hold; the retailer's organization ID is itself a GS1
// company prefix, which it holds.
const (
	FarmPrefix      = "6905555"
	LogisticsPrefix = "6903456"
)

// member says which organization an account of the test consortium acts for.
type member struct {
	name string
	org  Org
	role membershiptypes.AccountRole
}

var consortium = []member{
	{"regulator-admin", Regulator, membershiptypes.ACCOUNT_ROLE_ADMIN},
	{"farm-admin", Farm, membershiptypes.ACCOUNT_ROLE_ADMIN},
	{"farm-operator", Farm, membershiptypes.ACCOUNT_ROLE_OPERATOR},
	{"farm-device", Farm, membershiptypes.ACCOUNT_ROLE_DEVICE},
	{"retail-admin", Retailer, membershiptypes.ACCOUNT_ROLE_ADMIN},
	{"logistics-admin", Logistics, membershiptypes.ACCOUNT_ROLE_ADMIN},
	{"bank-admin", Bank, membershiptypes.ACCOUNT_ROLE_ADMIN},
	{"arbiter-admin", Arbitration, membershiptypes.ACCOUNT_ROLE_ADMIN},
}

// Chain is one in-memory TraceChain.
type Chain struct {
	t   testing.TB
	App *app.App
	// Authority is a single-key consortium authority (multisig signing is
	// exercised by the end-to-end tests through the CLI).
	Authority *Account
	// Accounts by name: the consortium members above and "stranger".
	Accounts map[string]*Account
	Time     time.Time
	// Genesis is the app state the chain started from.
	Genesis []byte
	// GasLimit of the transactions SignTx builds; DefaultGas unless set.
	GasLimit uint64

	nextHeight int64
	db         dbm.DB
	// appOptions and baseAppOptions the app is built with (NewChainWith).
	appOptions     map[string]any
	baseAppOptions []func(*baseapp.BaseApp)
	home           string
}

// Account is a key (secp256k1, or secp256r1 for P-256 devices) with its
// on-chain account number and sequence.
type Account struct {
	Name     string
	Priv     cryptotypes.PrivKey
	Address  sdk.AccAddress
	Number   uint64
	Sequence uint64
}

// Bech32 is the account's trace1... address.
func (a *Account) Bech32() string {
	s, err := chainaddress.AccountAddressCodec().BytesToString(a.Address)
	if err != nil {
		panic(err)
	}
	return s
}

// NewAccount derives a key deterministically from its name.
func NewAccount(name string) *Account {
	priv := secp256k1.GenPrivKeyFromSecret([]byte("apptest/" + name))
	return &Account{Name: name, Priv: priv, Address: sdk.AccAddress(priv.PubKey().Address())}
}

// KeyAccount wraps an existing key, such as a device's account key.
func KeyAccount(name string, priv cryptotypes.PrivKey) *Account {
	return &Account{Name: name, Priv: priv, Address: sdk.AccAddress(priv.PubKey().Address())}
}

// NewChain starts a chain at height 1 with the test consortium, one
// validator operated by the regulator, and a single-key authority.
func NewChain(t testing.TB) *Chain {
	t.Helper()
	return NewChainWith(t, nil)
}

// NewChainWith is NewChain with app.toml settings (key → value) and
// baseapp options, such as an app-side mempool, as a node's start command
// would pass them.
func NewChainWith(t testing.TB, appOptions map[string]any, baseAppOptions ...func(*baseapp.BaseApp)) *Chain {
	t.Helper()
	c := &Chain{
		t: t, Accounts: map[string]*Account{}, Authority: NewAccount("authority"), Time: GenesisTime, GasLimit: DefaultGas,
		appOptions: appOptions, baseAppOptions: baseAppOptions,
	}
	for _, m := range consortium {
		c.Accounts[m.name] = NewAccount(m.name)
	}
	c.Accounts["stranger"] = NewAccount("stranger")
	c.openApp()
	c.Genesis = c.buildGenesis()
	cp := cmttypes.DefaultConsensusParams().ToProto()
	cp.Authority = &cmtproto.AuthorityParams{Authority: c.Authority.Bech32()}
	c.initChain(c.Genesis, &cp, 1)
	return c
}

// Import starts a fresh app from an export of another chain, as operators
// restarting a network from exported genesis would.
func Import(t testing.TB, from *Chain, exported servertypes.ExportedApp) *Chain {
	t.Helper()
	c := &Chain{t: t, Accounts: from.Accounts, Authority: from.Authority, Time: from.Time, GasLimit: from.GasLimit}
	c.openApp()
	c.Genesis = exported.AppState
	c.initChain(exported.AppState, &exported.ConsensusParams, exported.Height)
	return c
}

func (c *Chain) openApp() {
	c.db, c.home = dbm.NewMemDB(), c.t.TempDir()
	c.load()
}

func (c *Chain) load() {
	opts := simtestutil.AppOptionsMap{flags.FlagHome: c.home}
	for k, v := range c.appOptions {
		opts[k] = v
	}
	a, err := app.New(log.NewNopLogger(), c.db, true, opts,
		append([]func(*baseapp.BaseApp){baseapp.SetChainID(ChainID)}, c.baseAppOptions...)...)
	require.NoError(c.t, err)
	c.App = a
}

// Restart stops the app and starts a new one over the same database and
// home, as an operator does when switching binaries: state resumes from
// the last commit and the app is rebuilt (reading app.Upgrades anew).
func (c *Chain) Restart() {
	c.t.Helper()
	c.load()
}

func (c *Chain) initChain(appState []byte, cp *cmtproto.ConsensusParams, initialHeight int64) {
	_, err := c.App.InitChain(&abci.RequestInitChain{
		ChainId: ChainID, Time: c.Time, InitialHeight: initialHeight, ConsensusParams: cp, AppStateBytes: appState,
	})
	require.NoError(c.t, err)
	c.nextHeight = initialHeight
	c.NextBlock()
	for _, acc := range c.Accounts {
		c.Refresh(acc)
	}
	c.Refresh(c.Authority)
}

func (c *Chain) buildGenesis() []byte {
	cdc := c.App.AppCodec()
	state := c.App.DefaultGenesis()

	members := membershiptypes.DefaultGenesis()
	for _, o := range []Org{Regulator, Farm, Retailer, Logistics, Bank, Arbitration} {
		kind, err := membershiptypes.ParseOrgID(o.ID)
		require.NoError(c.t, err)
		members.Organizations = append(members.Organizations, membershiptypes.Organization{
			Id: o.ID, IdKind: kind, Name: o.Name, Roles: o.Roles, Status: membershiptypes.ORG_STATUS_ACTIVE,
		})
	}
	for _, m := range consortium {
		members.Members = append(members.Members, membershiptypes.Member{Address: c.Accounts[m.name].Bech32(), OrgId: m.org.ID, Role: m.role})
	}
	state[membershiptypes.ModuleName] = cdc.MustMarshalJSON(members)

	pk := ValidatorKey().PubKey()
	pkAny, err := codectypes.NewAnyWithValue(pk)
	require.NoError(c.t, err)
	consAddr, err := chainaddress.ConsensusAddressCodec().BytesToString(pk.Address())
	require.NoError(c.t, err)
	validators := poatypes.DefaultGenesis()
	validators.Validators = []poatypes.Validator{{
		Name: "validator-0", ConsensusPubkey: pkAny, ConsensusAddress: consAddr, Power: 10, OperatorOrgId: Regulator.ID,
	}}
	state[poatypes.ModuleName] = cdc.MustMarshalJSON(validators)

	trace := tracetypes.DefaultGenesis()
	trace.CompanyPrefixes = []tracetypes.CompanyPrefix{
		{Prefix: FarmPrefix, OrgId: Farm.ID}, {Prefix: LogisticsPrefix, OrgId: Logistics.ID}, {Prefix: Retailer.ID, OrgId: Retailer.ID},
	}
	state[tracetypes.ModuleName] = cdc.MustMarshalJSON(trace)

	bz, err := json.Marshal(state)
	require.NoError(c.t, err)
	return bz
}

// ValidatorKey is the genesis validator's consensus key.
func ValidatorKey() *ed25519.PrivKey {
	return ed25519.GenPrivKeyFromSecret([]byte("apptest/validator-0"))
}
