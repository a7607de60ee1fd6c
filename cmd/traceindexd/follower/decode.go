package follower

import (
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	credittypes "github.com/tracechain/tracechain/x/credit/types"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// Codec decodes the chain's transactions: every message type the app
// accepts is registered.
type Codec struct {
	cdc    codec.Codec
	decode sdk.TxDecoder
}

// NewCodec registers every module's messages.
func NewCodec() (*Codec, error) {
	chainaddress.SetAddressPrefixes()
	registry, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles:     proto.HybridResolver,
		SigningOptions: signing.Options{AddressCodec: chainaddress.AccountAddressCodec(), ValidatorAddressCodec: chainaddress.AccountAddressCodec()},
	})
	if err != nil {
		return nil, err
	}
	for _, register := range []func(codectypes.InterfaceRegistry){
		std.RegisterInterfaces, authtypes.RegisterInterfaces, banktypes.RegisterInterfaces, consensustypes.RegisterInterfaces,
		upgradetypes.RegisterInterfaces, membershiptypes.RegisterInterfaces, poatypes.RegisterInterfaces, tracetypes.RegisterInterfaces,
		devicetypes.RegisterInterfaces, credittypes.RegisterInterfaces, servicetypes.RegisterInterfaces,
	} {
		register(registry)
	}
	cdc := codec.NewProtoCodec(registry)
	return &Codec{cdc: cdc, decode: authtx.DefaultTxDecoder(cdc)}, nil
}

// decodeTx reads a successful transaction and its result data.
func (c *Codec) decodeTx(txBytes, data []byte) (sdk.Tx, *sdk.TxMsgData, error) {
	tx, err := c.decode(txBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("decoding: %w", err)
	}
	var msgData sdk.TxMsgData
	if err := c.cdc.Unmarshal(data, &msgData); err != nil {
		return nil, nil, fmt.Errorf("result data: %w", err)
	}
	return tx, &msgData, nil
}

// readingsOf returns the readings a successful transaction recorded:
// every MsgSubmitReadings' readings except those its response refused
// (clones).
func (c *Codec) readingsOf(tx sdk.Tx, msgData *sdk.TxMsgData, height int64, txHash string) ([][]byte, []store.Reading, error) {
	var devices [][]byte
	var out []store.Reading
	for mi, msg := range tx.GetMsgs() {
		submit, ok := msg.(*devicetypes.MsgSubmitReadings)
		if !ok {
			continue
		}
		var refused []uint32
		if mi < len(msgData.MsgResponses) {
			var resp devicetypes.MsgSubmitReadingsResponse
			if err := c.cdc.Unmarshal(msgData.MsgResponses[mi].Value, &resp); err != nil {
				return nil, nil, fmt.Errorf("message %d response: %w", mi, err)
			}
			for _, r := range resp.Refused {
				refused = append(refused, r.Index)
			}
		}
		for i := range submit.Readings {
			if slices.Contains(refused, uint32(i)) {
				continue
			}
			dev, rec, err := c.record(submit.Readings[i], height)
			if err != nil {
				return nil, nil, fmt.Errorf("message %d reading %d: %w", mi, i, err)
			}
			rec.TxHash = txHash
			devices, out = append(devices, dev), append(out, rec)
		}
	}
	return devices, out, nil
}

// record is a reading as the index keeps it: canonical device, protobuf
// JSON, struct hash.
func (c *Codec) record(r devicetypes.Reading, height int64) ([]byte, store.Reading, error) {
	addr, err := devicetypes.ParseAddress("device", r.Device)
	if err != nil {
		return nil, store.Reading{}, err
	}
	r.Device = devicetypes.FormatAddress(addr)
	h, err := r.StructHash()
	if err != nil {
		return nil, store.Reading{}, err
	}
	bz := store.AppendReadingJSON(nil, &r)
	return addr[:], store.Reading{
		Device: r.Device, Counter: r.Counter, TimeMs: r.DeviceTimeMs, Reading: bz, StructHash: hex.EncodeToString(h[:]), Height: height,
	}, nil
}
