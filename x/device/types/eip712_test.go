package types_test

import (
	"math/big"
	"strconv"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/device/types"
)

// gethTypedData describes a reading the way any EIP-712 tool does, for
// go-ethereum's own (reflective) implementation to hash.
func gethTypedData(chainID string, r *types.Reading) apitypes.TypedData {
	epcs := make([]interface{}, len(r.Epcs))
	for i, e := range r.Epcs {
		epcs[i] = e
	}
	return apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {{Name: "name", Type: "string"}, {Name: "version", Type: "string"}, {Name: "salt", Type: "bytes32"}},
			"Reading": {
				{Name: "device", Type: "address"},
				{Name: "counter", Type: "uint64"},
				{Name: "deviceTime", Type: "uint64"},
				{Name: "measurementType", Type: "string"},
				{Name: "value", Type: "string"},
				{Name: "unit", Type: "string"},
				{Name: "epcs", Type: "string[]"},
				{Name: "geo", Type: "string"},
				{Name: "subject", Type: "string"},
			},
		},
		PrimaryType: "Reading",
		Domain:      gethDomain(chainID),
		Message: apitypes.TypedDataMessage{
			"device":          r.Device,
			"counter":         strconv.FormatUint(r.Counter, 10),
			"deviceTime":      (*math.HexOrDecimal256)(new(big.Int).SetUint64(r.DeviceTimeMs)),
			"measurementType": r.MeasurementType,
			"value":           r.Value,
			"unit":            r.Unit,
			"epcs":            epcs,
			"geo":             r.Geo,
			"subject":         r.Subject,
		},
	}
}

func gethDomain(chainID string) apitypes.TypedDataDomain {
	salt := types.NewDomain(chainID).Salt()
	return apitypes.TypedDataDomain{Name: types.DomainName, Version: types.DomainVersion, Salt: hexutil.Encode(salt[:])}
}

func sampleReadings() []*types.Reading {
	return []*types.Reading{
		{
			Device: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", Counter: 1, DeviceTimeMs: 1_767_225_600_000,
			MeasurementType: "gs1:Temperature", Value: "4.5", Unit: "CEL",
		},
		{
			Device: "0x00000000000000000000000000000000000000ff", Counter: 18_446_744_073_709_551_615, DeviceTimeMs: 1,
			MeasurementType: "rfid", Epcs: []string{"urn:epc:id:sscc:6902345.0000000011", "https://id.gs1.org/00/069023450000000025"},
			Geo: "26.0745,119.2965", Subject: "urn:epc:class:lgtin:6902345.054321.FL-A",
		},
		{
			Device: "0x1111111111111111111111111111111111111111", Counter: 42, DeviceTimeMs: 1_767_225_600_123,
			MeasurementType: "gs1:RelativeHumidity", Value: "-0.000000000000000001", Unit: "P1", Subject: "温度 ✓",
		},
	}
}

func TestReadingStructHashMatchesGoEthereum(t *testing.T) {
	for _, chainID := range []string{"tracechain-demo-1", "tracechain-1", ""} {
		domain := types.NewDomain(chainID)
		for i, r := range sampleReadings() {
			td := gethTypedData(chainID, r)
			want, err := td.HashStruct("Reading", td.Message)
			require.NoError(t, err, "reading %d", i)
			got, err := r.StructHash()
			require.NoError(t, err)
			require.Equal(t, []byte(want), got[:], "reading %d struct hash", i)

			sep, err := td.HashStruct("EIP712Domain", td.Domain.Map())
			require.NoError(t, err)
			sepGot := domain.Separator()
			require.Equal(t, []byte(sep), sepGot[:], "domain separator of %q", chainID)

			digest, _, err := apitypes.TypedDataAndHash(td)
			require.NoError(t, err)
			d := domain.Digest(got)
			require.Equal(t, digest, d[:], "reading %d digest", i)
		}
	}
}

func TestTypeStringsAreGoEthereumsEncodeType(t *testing.T) {
	td := gethTypedData("x", sampleReadings()[0])
	require.Equal(t, types.ReadingType, string(td.EncodeType("Reading")))
	require.Equal(t, types.DomainType, string(td.EncodeType("EIP712Domain")))
}

func TestBatchHeaderStructHashMatchesGoEthereum(t *testing.T) {
	root := common.HexToHash("0x9c22ff5f21f0b81b113e63f7db6da94fedef11b2119b4088b89664fb9a3cb658")
	b := &types.BatchHeader{
		Device: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", FirstCounter: 10, LastCounter: 10_009, Count: 10_000,
		FirstTimeMs: 1_767_225_600_000, LastTimeMs: 1_767_229_200_000, MerkleRoot: root[:],
	}
	td := apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {{Name: "name", Type: "string"}, {Name: "version", Type: "string"}, {Name: "salt", Type: "bytes32"}},
			"BatchAnchor": {
				{Name: "device", Type: "address"},
				{Name: "firstCounter", Type: "uint64"},
				{Name: "lastCounter", Type: "uint64"},
				{Name: "count", Type: "uint64"},
				{Name: "firstTime", Type: "uint64"},
				{Name: "lastTime", Type: "uint64"},
				{Name: "merkleRoot", Type: "bytes32"},
			},
		},
		PrimaryType: "BatchAnchor",
		Domain:      gethDomain("tracechain-1"),
		Message: apitypes.TypedDataMessage{
			"device": b.Device, "firstCounter": "10", "lastCounter": "10009", "count": "10000",
			"firstTime": "1767225600000", "lastTime": "1767229200000", "merkleRoot": root.Hex(),
		},
	}
	require.Equal(t, types.BatchAnchorType, string(td.EncodeType("BatchAnchor")))
	want, err := td.HashStruct("BatchAnchor", td.Message)
	require.NoError(t, err)
	got, err := b.StructHash()
	require.NoError(t, err)
	require.Equal(t, []byte(want), got[:])
}

func TestRegistrationAndRotationHashesMatchGoEthereum(t *testing.T) {
	device := common.HexToAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
	newKey := common.FromHex("0x02a1633cafcc01ebfb6d78e39f687a1f0995c62fc95f51ead10a02ee0be551b5dc")
	td := apitypes.TypedData{
		Domain: gethDomain("tracechain-demo-1"),
		Types: apitypes.Types{
			"EIP712Domain":       {{Name: "name", Type: "string"}, {Name: "version", Type: "string"}, {Name: "salt", Type: "bytes32"}},
			"DeviceRegistration": {{Name: "device", Type: "address"}, {Name: "chainId", Type: "string"}, {Name: "ownerOrg", Type: "string"}},
			"KeyRotation":        {{Name: "device", Type: "address"}, {Name: "keyVersion", Type: "uint64"}, {Name: "newPublicKey", Type: "bytes"}},
		},
	}
	require.Equal(t, types.RegistrationType, string(td.EncodeType("DeviceRegistration")))
	require.Equal(t, types.KeyRotationType, string(td.EncodeType("KeyRotation")))
	want, err := td.HashStruct("DeviceRegistration", apitypes.TypedDataMessage{
		"device": device.Hex(), "chainId": "tracechain-demo-1", "ownerOrg": "91350200MA2XY0022H",
	})
	require.NoError(t, err)
	got := types.RegistrationHash(device, "tracechain-demo-1", "91350200MA2XY0022H")
	require.Equal(t, []byte(want), got[:])

	want, err = td.HashStruct("KeyRotation", apitypes.TypedDataMessage{
		"device": device.Hex(), "keyVersion": "3", "newPublicKey": hexutil.Encode(newKey),
	})
	require.NoError(t, err)
	got = types.KeyRotationHash(device, 3, newKey)
	require.Equal(t, []byte(want), got[:])
}

func TestAddressForms(t *testing.T) {
	id, err := types.CanonicalAddress("device", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
	require.NoError(t, err)
	require.Equal(t, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", id)
	for _, bad := range []string{"", "0x", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "0xZZAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"} {
		_, err := types.CanonicalAddress("device", bad)
		require.ErrorContains(t, err, "device:", bad)
	}
}
