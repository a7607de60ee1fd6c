package follower

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// Readings are the indexer's volume: every reading of every block, and
// batches of a million posted by gateways. The SDK's reflective protobuf
// JSON costs more per reading than all the rest of indexing it, so a
// Reading is written and read here field by field — to the very bytes
// the SDK's codec gives (TestReadingJSONIsTheCodecs checks it) — and
// anything this reader does not know is left to the SDK's codec.

// appendReadingJSON appends r as the SDK's codec writes it (original field
// names, every field, 64-bit integers as strings, bytes as base64).
func appendReadingJSON(b []byte, r *devicetypes.Reading) []byte {
	b = append(b, `{"device":`...)
	b = store.AppendJSONString(b, r.Device)
	b = append(b, `,"counter":"`...)
	b = strconv.AppendUint(b, r.Counter, 10)
	b = append(b, `","device_time_ms":"`...)
	b = strconv.AppendUint(b, r.DeviceTimeMs, 10)
	b = append(b, `","measurement_type":`...)
	b = store.AppendJSONString(b, r.MeasurementType)
	b = append(b, `,"value":`...)
	b = store.AppendJSONString(b, r.Value)
	b = append(b, `,"unit":`...)
	b = store.AppendJSONString(b, r.Unit)
	b = append(b, `,"epcs":[`...)
	for i, e := range r.Epcs {
		if i > 0 {
			b = append(b, ',')
		}
		b = store.AppendJSONString(b, e)
	}
	b = append(b, `],"geo":`...)
	b = store.AppendJSONString(b, r.Geo)
	b = append(b, `,"subject":`...)
	b = store.AppendJSONString(b, r.Subject)
	b = append(b, `,"signature":`...)
	if r.Signature == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, r.Signature)
		b = append(b, '"')
	}
	return append(b, '}')
}

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
