package speedtest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/tracechain/tracechain/app"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/devicekey"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// Workload is one kind of transaction the speedtest can run.
type Workload struct {
	Name  string
	Short string
	// Unit is what a transaction carries, PerTx of them: "sends",
	// "readings", "batches" or "events".
	Unit string
	// PerTxFlag names the flag that sets PerTx ("" when fixed at 1).
	PerTxFlag string
	PerTx     int
	role      membershiptypes.AccountRole
	// prepare adds the workload's genesis (devices, prefixes) and returns
	// its transaction generator; it runs after every account exists.
	prepare func(f *fixture, perTx int, cdc codec.Codec, state map[string]json.RawMessage) func() []byte
}

// Workloads are the transaction kinds compared side by side.
func Workloads() []Workload {
	return []Workload{
		{
			Name: "bank-send", Short: "x/bank MsgSend between members, one per transaction (the reference)",
			Unit: "sends", PerTx: 1, role: membershiptypes.ACCOUNT_ROLE_OPERATOR, prepare: bankSends,
		},
		{
			Name: "submit-readings", Short: "x/device MsgSubmitReadings: gateways submit readings each signed by its device (secp256k1)",
			Unit: "readings", PerTxFlag: "readings-per-tx", PerTx: 100, role: membershiptypes.ACCOUNT_ROLE_GATEWAY, prepare: submitReadings,
		},
		{
			Name: "anchor-batch", Short: "x/device MsgAnchorBatch: gateways anchor device-signed batch headers over Merkle roots of readings",
			Unit: "batches", PerTx: 1, role: membershiptypes.ACCOUNT_ROLE_GATEWAY, prepare: anchorBatches,
		},
		{
			Name: "capture", Short: "x/trace MsgCaptureEvents: operators capture EPCIS 2.0 documents commissioning new items",
			Unit: "events", PerTxFlag: "events-per-tx", PerTx: 10, role: membershiptypes.ACCOUNT_ROLE_OPERATOR, prepare: captures,
		},
	}
}

// bankSends: each account in turn sends one utrace to the next.
func bankSends(f *fixture, _ int, _ codec.Codec, _ map[string]json.RawMessage) func() []byte {
	amount := sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, 1))
	return func() []byte {
		from := f.sender()
		to := f.accounts[(int(from.number)+1)%len(f.accounts)]
		return f.sign(from, &banktypes.MsgSend{FromAddress: from.bech32, ToAddress: to.bech32, Amount: amount})
	}
}

// device is a sensor of the speedtest organization with its counter.
type device struct {
	key     *devicekey.PrivateKey
	id      string
	counter uint64
}

// devices registers n secp256k1 sensors in genesis, as MsgRegisterDevice
// would leave them (each key's account a DEVICE member of the org).
func devices(n int, cdc codec.Codec, state map[string]json.RawMessage) []*device {
	var members membershiptypes.GenesisState
	cdc.MustUnmarshalJSON(state[membershiptypes.ModuleName], &members)
	gs := devicetypes.DefaultGenesis()
	out := make([]*device, n)
	for i := range out {
		seed := sha256.Sum256(fmt.Appendf(nil, "tracechain/speedtest/device/%d", i))
		key, err := devicekey.FromHex(devicetypes.KEY_TYPE_SECP256K1, hex.EncodeToString(seed[:]))
		if err != nil {
			panic(err)
		}
		accKey, err := key.AccountKey()
		if err != nil {
			panic(err)
		}
		acc, err := chainaddress.AccountAddressCodec().BytesToString(accKey.PubKey().Address())
		if err != nil {
			panic(err)
		}
		out[i] = &device{key: key, id: key.ID()}
		gs.Devices = append(gs.Devices, devicetypes.Device{
			Id: key.ID(), OwnerOrgId: OrgID, Kind: devicetypes.DEVICE_KIND_SENSOR, Model: "TL-200",
			FirmwareHash: hex.EncodeToString(seed[:]), KeyType: devicetypes.KEY_TYPE_SECP256K1,
			PublicKey: key.PublicKey().Uncompressed, Address: key.ID(), Account: acc,
			Status: devicetypes.DEVICE_STATUS_ACTIVE, RegisteredHeight: 1, RegisteredBy: members.Members[0].Address,
		})
		members.Members = append(members.Members, membershiptypes.Member{Address: acc, OrgId: OrgID, Role: membershiptypes.ACCOUNT_ROLE_DEVICE})
	}
	state[membershiptypes.ModuleName] = cdc.MustMarshalJSON(&members)
	state[devicetypes.ModuleName] = cdc.MustMarshalJSON(gs)
	return out
}

// readingTime is the device clock of generated readings: the speedtest
// stamps blocks with the wall clock, and the chain accepts readings up to
// an hour old.
func readingTime() uint64 { return uint64(time.Now().UnixMilli()) }

// submitReadings: each gateway in turn submits perTx readings, every one
// from the next of 100 sensors in turn and signed by it.
func submitReadings(f *fixture, perTx int, cdc codec.Codec, state map[string]json.RawMessage) func() []byte {
	sensors := devices(100, cdc, state)
	domain := devicetypes.NewDomain(ChainID)
	next := 0
	return func() []byte {
		gateway := f.sender()
		msg := &devicetypes.MsgSubmitReadings{Signer: gateway.bech32, Readings: make([]devicetypes.Reading, perTx)}
		now := readingTime()
		for i := range msg.Readings {
			d := sensors[next]
			next = (next + 1) % len(sensors)
			d.counter++
			r := devicetypes.Reading{
				Device: d.id, Counter: d.counter, DeviceTimeMs: now, MeasurementType: devicetypes.TemperatureType,
				Value: fmt.Sprintf("%d.%d", 2+d.counter%6, d.counter%10), Unit: "CEL",
			}
			if err := d.key.SignReading(domain, &r); err != nil {
				panic(err)
			}
			msg.Readings[i] = r
		}
		return f.sign(gateway, msg)
	}
}

// ReadingsPerBatch is how many readings each anchored batch covers. The
// chain's work per anchor does not depend on it (one header signature and
// a few writes); the generator hashes that many readings per batch.
const ReadingsPerBatch = 1000

// anchorBatches: each gateway in turn anchors the next batch of the next
// of 100 sensors: ReadingsPerBatch readings hashed into a Merkle root,
// the header signed by the device.
func anchorBatches(f *fixture, _ int, cdc codec.Codec, state map[string]json.RawMessage) func() []byte {
	sensors := devices(100, cdc, state)
	domain := devicetypes.NewDomain(ChainID)
	next := 0
	leaves := make([]devicetypes.Hash, ReadingsPerBatch)
	return func() []byte {
		d := sensors[next]
		next = (next + 1) % len(sensors)
		last := readingTime()
		first := last - ReadingsPerBatch*1000
		for i := range leaves {
			r := devicetypes.Reading{
				Device: d.id, Counter: d.counter + uint64(i) + 1, DeviceTimeMs: first + uint64(i)*1000,
				MeasurementType: devicetypes.TemperatureType, Value: "4.5", Unit: "CEL",
			}
			h, err := r.StructHash()
			if err != nil {
				panic(err)
			}
			leaves[i] = h
		}
		header := devicetypes.BatchHeader{
			Device: d.id, FirstCounter: d.counter + 1, LastCounter: d.counter + ReadingsPerBatch, Count: ReadingsPerBatch,
			FirstTimeMs: first, LastTimeMs: first + (ReadingsPerBatch-1)*1000, MerkleRoot: devicetypes.MerkleRoot(leaves),
		}
		if err := d.key.SignBatch(domain, &header); err != nil {
			panic(err)
		}
		d.counter += ReadingsPerBatch
		gateway := f.sender()
		return f.sign(gateway, &devicetypes.MsgAnchorBatch{Signer: gateway.bech32, Header: header})
	}
}

// captures: each operator in turn captures a document of perTx
// ObjectEvents commissioning new serialized items under the org's prefix
// (parsed, hashed to CBV 2.0 event IDs, custody-checked and recorded).
func captures(f *fixture, perTx int, cdc codec.Codec, state map[string]json.RawMessage) func() []byte {
	var gs tracetypes.GenesisState
	cdc.MustUnmarshalJSON(state[tracetypes.ModuleName], &gs)
	gs.CompanyPrefixes = append(gs.CompanyPrefixes, tracetypes.CompanyPrefix{Prefix: Prefix, OrgId: OrgID})
	state[tracetypes.ModuleName] = cdc.MustMarshalJSON(&gs)
	clock := epcisbuild.NewClock(time.Now().Add(-time.Hour))
	clock.Step = time.Millisecond
	serial := 0
	return func() []byte {
		events := make([]epcisbuild.Event, perTx)
		for i := range events {
			serial++
			events[i] = clock.New("ObjectEvent", "ADD").BizStep("commissioning").Disposition("active").
				EPCs(fmt.Sprintf("urn:epc:id:sgtin:%s.012345.S%d", Prefix, serial))
		}
		operator := f.sender()
		return f.sign(operator, &tracetypes.MsgCaptureEvents{Signer: operator.bech32, Document: epcisbuild.Document(events...)})
	}
}
