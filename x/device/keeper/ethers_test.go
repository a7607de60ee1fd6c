package keeper_test

import (
	"strconv"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/devicetest"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/device/types"
)

// TestChainAcceptsEthersSignatures: devices whose firmware signs with
// ethers.js (signTypedData) are registered with ethers-made proofs of
// possession, and the chain accepts their readings and batch headers.
func TestChainAcceptsEthersSignatures(t *testing.T) {
	v := devicetest.LoadEthersVectors(t, "../types/testdata/ethers-vectors.json")
	f := setup(t)
	require.Equal(t, v.ChainID, keepertest.DeviceChainID)
	require.Equal(t, v.OwnerOrg, f.Logistics.ID)
	num := func(s string) uint64 {
		n, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
		return n
	}
	for _, d := range v.Devices {
		resp, err := f.Msg.RegisterDevice(f.Ctx, &types.MsgRegisterDevice{
			Signer: f.Logistics.Signer(), OwnerOrgId: v.OwnerOrg, Kind: types.DEVICE_KIND_SENSOR, Model: "ESP32-S3",
			FirmwareHash: devicetest.FirmwareHash, KeyType: types.KEY_TYPE_SECP256K1, PublicKey: hexutil.MustDecode(d.PublicKey),
			ProofOfPossession: hexutil.MustDecode(d.ProofOfPossession),
		})
		require.NoError(t, err)
		var readings []types.Reading
		for _, er := range d.Readings {
			readings = append(readings, types.Reading{
				Device: er.Device, Counter: num(er.Counter), DeviceTimeMs: num(er.DeviceTime), MeasurementType: er.MeasurementType,
				Value: er.Value, Unit: er.Unit, Epcs: er.Epcs, Geo: er.Geo, Subject: er.Subject, Signature: hexutil.MustDecode(er.Signature),
			})
		}
		res, err := f.Submit(bech32(logisticsGateway), readings...)
		require.NoError(t, err)
		require.EqualValues(t, len(readings), res.Accepted)
		_, err = f.Anchor(bech32(logisticsGateway), types.BatchHeader{
			Device: d.Address, FirstCounter: num(d.Batch.FirstCounter), LastCounter: num(d.Batch.LastCounter), Count: num(d.Batch.Count),
			FirstTimeMs: num(d.Batch.FirstTime), LastTimeMs: num(d.Batch.LastTime), MerkleRoot: hexutil.MustDecode(d.Batch.MerkleRoot),
			Signature: hexutil.MustDecode(d.Batch.Signature),
		})
		require.NoError(t, err)
		got := device(t, f, resp.DeviceId)
		require.Equal(t, num(d.Batch.LastCounter), got.LastCounter)
		stored, err := f.Query.Reading(f.Ctx, &types.QueryReadingRequest{Device: d.Address, Counter: 7})
		require.NoError(t, err)
		require.Equal(t, d.Readings[2].StructHash, hexutil.Encode(stored.Reading.StructHash))
	}
}
