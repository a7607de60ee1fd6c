package app_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/tracechain/tracechain/testutil/apptest"
	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	credittypes "github.com/tracechain/tracechain/x/credit/types"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/devicekey"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// playStory drives a chain through a fixed sequence of blocks touching
// every module: organizations, members, provenance, devices, an authority
// hand-over, params and the validator set. It returns the app hash after each block.
func playStory(t *testing.T, c *apptest.Chain) [][]byte {
	t.Helper()
	var hashes [][]byte
	step := func(signer *apptest.Account, msgs ...sdk.Msg) {
		res := c.Deliver([]*apptest.Account{signer}, msgs...)
		require.Zero(t, res.Code, res.Log)
		hashes = append(hashes, bytes.Clone(c.AppHash()))
	}
	auth := c.Authority
	step(auth, &membershiptypes.MsgRegisterOrganization{
		Authority: auth.Bech32(), Id: "91350300MA2XY0033T", Name: "Golden Mill",
		Roles: []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_ENTERPRISE, membershiptypes.ORG_ROLE_VALIDATOR_OPERATOR},
		Admin: apptest.NewAccount("mill-admin").Bech32(),
	})
	step(c.Accounts["farm-admin"], &membershiptypes.MsgAddMember{
		Signer: c.Accounts["farm-admin"].Bech32(), OrgId: apptest.Farm.ID,
		Address: apptest.NewAccount("farm-gateway").Bech32(), Role: membershiptypes.ACCOUNT_ROLE_GATEWAY,
	})
	// Provenance: a harvest packed on a pallet, then a recall that spreads
	// to the pallet in EndBlock.
	clock := epcisbuild.NewClock(apptest.GenesisTime.Add(-time.Hour))
	pallet := "urn:epc:id:sscc:" + apptest.FarmPrefix + ".0000000001"
	farmOp := c.Accounts["farm-operator"]
	step(farmOp, &tracetypes.MsgCaptureEvents{Signer: farmOp.Bech32(), Document: epcisbuild.Document(append(apptest.Harvests(clock, 0, 2),
		clock.New("AggregationEvent", "ADD").Parent(pallet).ChildQty(epcisbuild.Quantity{Class: apptest.FarmLot(0)}, epcisbuild.Quantity{Class: apptest.FarmLot(1)}))...)})
	reg := c.Accounts["regulator-admin"]
	step(reg, &tracetypes.MsgRecallLot{Signer: reg.Bech32(), ObjectId: apptest.FarmLot(1), Reason: "aflatoxin"})
	// Devices: a sensor registered with its proof of possession, readings
	// through the farm's gateway, a batch anchored. secp256k1 signatures
	// are deterministic (RFC 6979), so two runs write the same bytes.
	farmAdmin := c.Accounts["farm-admin"]
	key, err := devicekey.FromHex(devicetypes.KEY_TYPE_SECP256K1, "8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f")
	require.NoError(t, err)
	sensor := &devicetest.Device{Key: key, Domain: devicetypes.NewDomain(apptest.ChainID)}
	step(farmAdmin, sensor.RegisterMsg(t, farmAdmin.Bech32(), apptest.Farm.ID, devicetypes.DEVICE_KIND_SENSOR, "urn:epc:id:giai:"+apptest.FarmPrefix+".SENSOR-1"))
	gateway := apptest.NewAccount("farm-gateway")
	c.Refresh(gateway)
	now := c.Time.UnixMilli()
	step(gateway, &devicetypes.MsgSubmitReadings{Signer: gateway.Bech32(), Readings: []devicetypes.Reading{
		sensor.Temperature(t, now-2000, "4.5"), sensor.Temperature(t, now-1000, "30.25"),
	}})
	_, _, header := sensor.Batch(t, 50, now-60_000)
	step(gateway, &devicetypes.MsgAnchorBatch{Signer: gateway.Bech32(), Header: header})
	// Services and credit: the bank issues the settlement coin, the farm
	// orders Coldline's transport (an open escrow is exported), the regulator
	// commends the carrier.
	bank, logistics := c.Accounts["bank-admin"], c.Accounts["logistics-admin"]
	step(bank, &servicetypes.MsgMint{Signer: bank.Bech32(), Recipient: farmAdmin.Bech32(), Amount: sdkmath.NewInt(10_000)})
	step(logistics, &servicetypes.MsgCreateOffering{
		Signer: logistics.Bech32(), Category: servicetypes.CATEGORY_LOGISTICS,
		Title: "Reefer", UnitPrice: sdkmath.NewInt(100), Unit: "pallet", Sla: servicetypes.SLA{DeliverWithinSeconds: 86_400},
	})
	step(farmAdmin, &servicetypes.MsgCreateOrder{Signer: farmAdmin.Bech32(), OfferingId: 1, Quantity: 3, LinkedObjects: []string{apptest.FarmLot(0)}})
	step(reg, &credittypes.MsgFileRecord{Signer: reg.Bech32(), SubjectOrgId: apptest.Logistics.ID, Kind: credittypes.RECORD_KIND_COMMENDATION, Weight: 1})
	step(auth, &membershiptypes.MsgSuspendOrganization{Authority: auth.Bech32(), OrgId: apptest.Retailer.ID, Reason: "licence expired"})
	step(auth, &poatypes.MsgAddValidator{
		Authority: auth.Bech32(), Name: "mill-node", ConsensusPubkey: pubKeyAny(t, 7),
		Power: 3, OperatorOrgId: "91350300MA2XY0033T",
	})
	step(auth, &membershiptypes.MsgUpdateParams{Authority: auth.Bech32(), Params: membershiptypes.Params{MaxMsgsPerTx: 16, MaxTxBytes: 1 << 19}})
	step(auth, &membershiptypes.MsgProposeAuthority{Authority: auth.Bech32(), NewAuthority: c.Accounts["regulator-admin"].Bech32()})
	c.NextBlock()
	hashes = append(hashes, bytes.Clone(c.AppHash()))
	return hashes
}

// Two nodes executing the same blocks reach the same app hash at every height.
func TestSameBlocksSameAppHash(t *testing.T) {
	first := playStory(t, apptest.NewChain(t))
	second := playStory(t, apptest.NewChain(t))
	require.Equal(t, first, second)
	for i := 1; i < len(first)-1; i++ {
		require.NotEqual(t, first[i-1], first[i], "block %d changed state, so its hash moves", i)
	}
}

// Exporting genesis and importing it into a fresh node loses nothing: every
// module store holds the same keys and values, so the state hash is the
// same, and exporting again gives the same genesis.
func TestExportImportRoundTrip(t *testing.T) {
	a := apptest.NewChain(t)
	playStory(t, a)
	exported, err := a.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	require.Len(t, exported.Validators, 2)

	b := apptest.Import(t, a, exported)
	again, err := b.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	require.JSONEq(t, string(exported.AppState), string(again.AppState))

	digests := stateDigests(t, a)
	empty := sha256.Sum256(nil)
	for _, store := range []string{"acc", "membership", "poa", "consensus", "trace"} {
		require.NotEqual(t, string(empty[:]), digests[store], "store %s holds state", store)
	}
	require.Equal(t, digests, stateDigests(t, b))
	require.Equal(t, exported.ConsensusParams.Authority, again.ConsensusParams.Authority)

	// The imported chain keeps working: the pending hand-over can complete.
	regulator := b.Accounts["regulator-admin"]
	res := b.Deliver([]*apptest.Account{regulator}, &membershiptypes.MsgAcceptAuthority{NewAuthority: regulator.Bech32()})
	require.Zero(t, res.Code, res.Log)
}

// stateDigests hashes every key and value of each module store.
func stateDigests(t *testing.T, c *apptest.Chain) map[string]string {
	t.Helper()
	out := map[string]string{}
	ctx := c.Context()
	for _, key := range c.App.GetStoreKeys() {
		kvKey, ok := key.(*storetypes.KVStoreKey)
		if !ok {
			continue
		}
		h := sha256.New()
		it := ctx.KVStore(kvKey).Iterator(nil, nil)
		for ; it.Valid(); it.Next() {
			h.Write(it.Key())
			h.Write(it.Value())
		}
		require.NoError(t, it.Close())
		out[kvKey.Name()] = string(h.Sum(nil))
	}
	return out
}

func TestExportedGenesisIsValid(t *testing.T) {
	a := apptest.NewChain(t)
	playStory(t, a)
	exported, err := a.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	var state map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &state))
	basics := module.NewBasicManagerFromManager(a.App.ModuleManager, nil)
	require.NoError(t, basics.ValidateGenesis(a.App.AppCodec(), a.App.TxConfig(), state))
}

// goldenStoryAppHash is the app hash playStory's chain reaches, recorded
// when the library tier moved packages (it was the same before the move):
// a refactor that claims to change no behaviour must leave it as it is. A
// deliberate change of state or of the story updates it, and says so.
const goldenStoryAppHash = "0b698888274e4c871159360726ae4bc3fd96e42c7bdd22b43aad6508dd8aff99"

// The story replayed on a fresh chain reaches the recorded app hash.
func TestReplayedStoryKeepsItsAppHash(t *testing.T) {
	hashes := playStory(t, apptest.NewChain(t))
	require.Equal(t, goldenStoryAppHash, hex.EncodeToString(hashes[len(hashes)-1]))
}
