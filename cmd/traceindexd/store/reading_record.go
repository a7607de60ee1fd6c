package store

import (
	"encoding/base64"
	"encoding/json"
	"strconv"

	"github.com/cometbft/cometbft/crypto/merkle"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// A posted batch stores a million records at a time: they are written
// field by field, to the bytes encoding/json gives (the tests check it).

// appendRecord appends r as json.Marshal(r) writes it. Reading and Proof
// must be compact JSON, as the indexer makes them.
func appendRecord(b []byte, r *Reading) []byte {
	b = append(b, `{"device":`...)
	b = AppendJSONString(b, r.Device)
	b = append(b, `,"counter":`...)
	b = strconv.AppendUint(b, r.Counter, 10)
	b = append(b, `,"device_time_ms":`...)
	b = strconv.AppendUint(b, r.TimeMs, 10)
	b = append(b, `,"reading":`...)
	if r.Reading == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, r.Reading...)
	}
	b = append(b, `,"struct_hash":`...)
	b = AppendJSONString(b, r.StructHash)
	b = append(b, `,"height":`...)
	b = strconv.AppendInt(b, r.Height, 10)
	if r.TxHash != "" {
		b = append(b, `,"tx_hash":`...)
		b = AppendJSONString(b, r.TxHash)
	}
	if r.MerkleRoot != "" {
		b = append(b, `,"merkle_root":`...)
		b = AppendJSONString(b, r.MerkleRoot)
	}
	if r.Batch != nil {
		b = append(b, `,"batch":{"first_counter":`...)
		b = strconv.AppendUint(b, r.Batch.FirstCounter, 10)
		b = append(b, `,"index":`...)
		b = strconv.AppendInt(b, r.Batch.Index, 10)
		b = append(b, `,"total":`...)
		b = strconv.AppendInt(b, r.Batch.Total, 10)
		b = append(b, '}')
	}
	if len(r.Proof) > 0 {
		b = append(b, `,"proof":`...)
		b = append(b, r.Proof...)
	}
	return append(b, '}')
}

// ProofJSON is json.Marshal(p), written field by field.
func ProofJSON(p *merkle.Proof) []byte {
	b := make([]byte, 0, 64+len(p.Aunts)*48)
	b = append(b, `{"total":`...)
	b = strconv.AppendInt(b, p.Total, 10)
	b = append(b, `,"index":`...)
	b = strconv.AppendInt(b, p.Index, 10)
	b = append(b, `,"leaf_hash":`...)
	b = appendBytes(b, p.LeafHash)
	if len(p.Aunts) > 0 {
		b = append(b, `,"aunts":[`...)
		for i, a := range p.Aunts {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendBytes(b, a)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendBytes(b, v []byte) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, v)
	return append(b, '"')
}

// AppendJSONString appends s as encoding/json escapes it (HTML characters,
// U+2028/9 and invalid UTF-8 included); plain ASCII is copied as it is.
func AppendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			bz, _ := json.Marshal(s) // a string always marshals
			return append(b, bz...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// AppendReadingJSON appends r as the SDK's codec writes it (original field
// names, every field, 64-bit integers as strings, bytes as base64): the
// "reading" of a record, written field by field because the codec's
// reflection costs more per reading than the rest of indexing it
// (follower's TestReadingJSONIsTheCodecs checks the bytes).
func AppendReadingJSON(b []byte, r *devicetypes.Reading) []byte {
	b = append(b, `{"device":`...)
	b = AppendJSONString(b, r.Device)
	b = append(b, `,"counter":"`...)
	b = strconv.AppendUint(b, r.Counter, 10)
	b = append(b, `","device_time_ms":"`...)
	b = strconv.AppendUint(b, r.DeviceTimeMs, 10)
	b = append(b, `","measurement_type":`...)
	b = AppendJSONString(b, r.MeasurementType)
	b = append(b, `,"value":`...)
	b = AppendJSONString(b, r.Value)
	b = append(b, `,"unit":`...)
	b = AppendJSONString(b, r.Unit)
	b = append(b, `,"epcs":[`...)
	for i, e := range r.Epcs {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendJSONString(b, e)
	}
	b = append(b, `],"geo":`...)
	b = AppendJSONString(b, r.Geo)
	b = append(b, `,"subject":`...)
	b = AppendJSONString(b, r.Subject)
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
