package api

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"google.golang.org/protobuf/encoding/protowire"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// Bounds of one part of a posted batch, in either encoding: far above what
// a valid header or reading (with its proof) takes, so that the body bound
// derived from the anchored count never refuses a genuine batch.
const (
	maxHeaderBytes      = 4 << 10
	maxReadingBytes     = 4 << 10
	maxBatchBodyReserve = 64 << 10 // the document's frame: keys, chain_id, …
)

// batchBodyLimit is the largest body a batch of count readings can take.
func batchBodyLimit(count uint64) int64 {
	return min(maxBatchBody, maxBatchBodyReserve+int64(count)*(maxReadingBytes+maxHeaderBytes/4))
}

// postedBatch is a batch as read from the body: its header, its readings
// still encoded (decoded in parallel afterwards), and the proofs the
// device made, never trusted.
type postedBatch struct {
	header   devicetypes.BatchHeader
	readings [][]byte
	proofs   json.RawMessage
	protobuf bool
}

// errTooManyReadings is a body holding more readings than were anchored.
var errTooManyReadings = errors.New("readings: more than the anchored batch counts")

// readBatchJSON streams a batch as `tracesigner anchor` writes it
// ({"header":…, "readings":[…], "proofs":[…]}, other keys ignored),
// stopping at the first reading beyond want.
func (s *Server) readBatchJSON(body io.Reader, want uint64) (postedBatch, error) {
	var b postedBatch
	dec := json.NewDecoder(body)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return b, errors.New("body: not a JSON object")
	}
	sawHeader := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return b, fmt.Errorf("body: %w", err)
		}
		switch key, _ := tok.(string); key {
		case "header":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return b, fmt.Errorf("header: %w", err)
			}
			if len(raw) > maxHeaderBytes {
				return b, fmt.Errorf("header: above %d bytes", maxHeaderBytes)
			}
			if err := s.Chain.DecodeJSON(raw, &b.header); err != nil {
				return b, fmt.Errorf("header: %w", err)
			}
			sawHeader = true
		case "readings":
			if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
				return b, errors.New("readings: not a list")
			}
			for dec.More() {
				if uint64(len(b.readings)) == want {
					return b, errTooManyReadings
				}
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return b, fmt.Errorf("readings[%d]: %w", len(b.readings), err)
				}
				if len(raw) > maxReadingBytes {
					return b, fmt.Errorf("readings[%d]: above %d bytes", len(b.readings), maxReadingBytes)
				}
				b.readings = append(b.readings, raw)
			}
			if _, err := dec.Token(); err != nil {
				return b, fmt.Errorf("readings: %w", err)
			}
		case "proofs":
			// Decoded only to name the reading at fault if the root does
			// not match; a malformed field is refused either way.
			if err := dec.Decode(&b.proofs); err != nil {
				return b, fmt.Errorf("proofs: %w", err)
			}
			if p := b.proofs; len(p) > 0 && p[0] != '[' && string(p) != "null" {
				return b, fmt.Errorf("proofs: %.20s… is not a list of proofs", p)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return b, fmt.Errorf("body: %w", err)
			}
		}
	}
	if !sawHeader {
		return b, errors.New("header: missing")
	}
	return b, nil
}

// readBatchProtobuf streams a tracechain.device.v1.BatchContents message
// field by field (header = 1, readings = 2), stopping at the first reading
// beyond want.
func readBatchProtobuf(body io.Reader, want uint64) (postedBatch, error) {
	b := postedBatch{protobuf: true}
	r := bufio.NewReader(body)
	sawHeader := false
	for {
		tag, err := binary.ReadUvarint(r)
		if err == io.EOF {
			break
		}
		if err != nil {
			return b, fmt.Errorf("body: not a tracechain.device.v1.BatchContents message: %w", err)
		}
		num, typ := protowire.DecodeTag(tag)
		if typ != protowire.BytesType || num != 1 && num != 2 {
			return b, fmt.Errorf("body: not a tracechain.device.v1.BatchContents message: field %d of wire type %d", num, typ)
		}
		size, err := binary.ReadUvarint(r)
		if err != nil {
			return b, fmt.Errorf("body: truncated: %w", err)
		}
		if num == 2 && uint64(len(b.readings)) == want {
			return b, errTooManyReadings
		}
		if bound := uint64(map[protowire.Number]int{1: maxHeaderBytes, 2: maxReadingBytes}[num]); size > bound {
			return b, fmt.Errorf("body: field %d of %d bytes, at most %d", num, size, bound)
		}
		part := make([]byte, size)
		if _, err := io.ReadFull(r, part); err != nil {
			return b, fmt.Errorf("body: truncated: %w", err)
		}
		if num == 1 {
			if err := b.header.Unmarshal(part); err != nil {
				return b, fmt.Errorf("header: %w", err)
			}
			sawHeader = true
			continue
		}
		b.readings = append(b.readings, part)
	}
	if !sawHeader {
		return b, errors.New("header: missing")
	}
	return b, nil
}

// decodeReadings decodes the posted readings over the cores, each reading
// written only by its own worker.
func (s *Server) decodeReadings(b postedBatch) ([]devicetypes.Reading, error) {
	readings := make([]devicetypes.Reading, len(b.readings))
	return readings, inParallel(len(readings), func(i int) error {
		var err error
		if b.protobuf {
			err = readings[i].Unmarshal(b.readings[i])
		} else {
			err = s.Chain.DecodeJSON(b.readings[i], &readings[i])
		}
		if err != nil {
			return fmt.Errorf("readings[%d]: %w", i, err)
		}
		return nil
	})
}

// protobufTypes are the Content-Types of a batch sent as a
// tracechain.device.v1.BatchContents message.
var protobufTypes = []string{"application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf"}

// isProtobuf says whether a Content-Type is one of a protobuf batch.
func isProtobuf(contentType string) bool { return slices.Contains(protobufTypes, contentType) }
