package follower

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// Readings are the indexer's volume: every reading of every block, and
// batches of a million posted by gateways. The SDK's reflective protobuf
// JSON costs more per reading than all the rest of indexing it, so a
// Reading is written (store.AppendReadingJSON) and read here field by
// field — to the very bytes the SDK's codec gives
// (TestReadingJSONIsTheCodecs checks it) — and anything this reader does
// not know is left to the SDK's codec.

// readingJSON mirrors a Reading in the SDK codec's JSON.
type readingJSON struct {
	Device          string   `json:"device"`
	Counter         flexUint `json:"counter"`
	DeviceTimeMs    flexUint `json:"device_time_ms"`
	MeasurementType string   `json:"measurement_type"`
	Value           string   `json:"value"`
	Unit            string   `json:"unit"`
	Epcs            []string `json:"epcs"`
	Geo             string   `json:"geo"`
	Subject         string   `json:"subject"`
	Signature       []byte   `json:"signature"`
}

// flexUint is a uint64 written as protobuf JSON writes it ("12") or as a
// bare number.
type flexUint uint64

func (u *flexUint) UnmarshalJSON(bz []byte) error {
	if len(bz) >= 2 && bz[0] == '"' && bz[len(bz)-1] == '"' {
		bz = bz[1 : len(bz)-1]
	}
	v, err := strconv.ParseUint(string(bz), 10, 64)
	if err != nil {
		return fmt.Errorf("not an unsigned 64-bit integer: %s", bz)
	}
	*u = flexUint(v)
	return nil
}

// decodeReadingJSON reads a Reading written in the SDK codec's JSON with
// its original field names. ok is false for anything else (camelCase
// names, unknown fields, other encodings of bytes), which the caller then
// gives to the SDK's codec.
func decodeReadingJSON(bz []byte) (r devicetypes.Reading, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	var j readingJSON
	if err := dec.Decode(&j); err != nil || dec.More() {
		return r, false
	}
	return devicetypes.Reading{
		Device: j.Device, Counter: uint64(j.Counter), DeviceTimeMs: uint64(j.DeviceTimeMs), MeasurementType: j.MeasurementType,
		Value: j.Value, Unit: j.Unit, Epcs: j.Epcs, Geo: j.Geo, Subject: j.Subject, Signature: j.Signature,
	}, true
}
