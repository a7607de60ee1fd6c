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

// Bounds of one part of a posted batch, in either encoding: above what a
// valid header, reading (an RFID read may name 256 EPCs) or proof takes,
// so that the body bound derived from the anchored count never refuses a
// genuine batch.
const (
	maxHeaderBytes      = 4 << 10
	maxReadingBytes     = 32 << 10
	maxProofBytes       = 4 << 10  // 64 aunts of 32 bytes, in base64 JSON
	maxBatchBodyReserve = 64 << 10 // the document's frame: keys, chain_id, …
)

// batchBodyLimit is the largest body a batch of count readings can take.
func batchBodyLimit(count uint64) int64 {
	return min(maxBatchBody, maxBatchBodyReserve+int64(min(count, maxBatchReadings))*(maxReadingBytes+maxProofBytes))
}

// postedBatch is a batch as read from the body: its header, its readings
// (JSON ones still encoded, decoded over the cores afterwards), and the
// proofs the device made, never trusted.
type postedBatch struct {
	header   devicetypes.BatchHeader
	readings []json.RawMessage
	decoded  []devicetypes.Reading
	proofs   json.RawMessage
}

// count is the number of readings posted.
func (b postedBatch) count() int { return len(b.readings) + len(b.decoded) }

// boundedReading refuses a reading holding more than any reading may (the
// chain's bound on EPCs), so a body of small encodings cannot decode into
// much more memory.
func boundedReading(r *devicetypes.Reading, i int) error {
	if len(r.Epcs) > devicetypes.MaxEPCsPerReading {
		return fmt.Errorf("readings[%d]: %d EPCs; at most %d per reading", i, len(r.Epcs), devicetypes.MaxEPCsPerReading)
	}
	return nil
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
		case "chain_id":
			var chainID string
			if err := dec.Decode(&chainID); err != nil || len(chainID) > 64 {
				return b, errors.New("chain_id: a chain ID of at most 64 characters")
			}
		default:
			return b, fmt.Errorf("body: %.64q is not a key of a batch (header, readings, proofs, chain_id)", key)
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return b, errors.New("body: the batch object is not closed")
	}
	if !sawHeader {
		return b, errors.New("header: missing")
	}
	if bound := int(want) * maxProofBytes; len(b.proofs) > bound {
		return b, fmt.Errorf("proofs: above %d bytes for %d readings", bound, want)
	}
	return b, nil
}

// readBatchProtobuf streams a tracechain.device.v1.BatchContents message
// field by field (header = 1, readings = 2), stopping at the first reading
// beyond want.
func readBatchProtobuf(body io.Reader, want uint64) (postedBatch, error) {
	var b postedBatch
	r := bufio.NewReader(body)
	sawHeader := false
	var part []byte
	for {
		tag, err := binary.ReadUvarint(r)
		if errors.Is(err, io.EOF) {
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
		if num == 2 && uint64(len(b.decoded)) == want {
			return b, errTooManyReadings
		}
		if bound := uint64(map[protowire.Number]int{1: maxHeaderBytes, 2: maxReadingBytes}[num]); size > bound {
			return b, fmt.Errorf("body: field %d of %d bytes, at most %d", num, size, bound)
		}
		if cap(part) < int(size) {
			part = make([]byte, max(size, 512))
		}
		part = part[:size]
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
		// Decoded as it arrives (the buffer is reused), each reading checked
		// for what it may hold before the next is read.
		var reading devicetypes.Reading
		if err := reading.Unmarshal(part); err != nil {
			return b, fmt.Errorf("readings[%d]: %w", len(b.decoded), err)
		}
		if err := boundedReading(&reading, len(b.decoded)); err != nil {
			return b, err
		}
		b.decoded = append(b.decoded, reading)
	}
	if !sawHeader {
		return b, errors.New("header: missing")
	}
	return b, nil
}

// decodeReadings decodes posted JSON readings over the cores, each reading
// written only by its own worker.
func (s *Server) decodeReadings(b postedBatch) ([]devicetypes.Reading, error) {
	if b.decoded != nil {
		return b.decoded, nil
	}
	readings := make([]devicetypes.Reading, len(b.readings))
	return readings, inParallel(len(readings), func(i int) error {
		if err := s.Chain.DecodeJSON(b.readings[i], &readings[i]); err != nil {
			return fmt.Errorf("readings[%d]: %w", i, err)
		}
		return boundedReading(&readings[i], i)
	})
}

// protobufTypes are the Content-Types of a batch sent as a
// tracechain.device.v1.BatchContents message.
var protobufTypes = []string{"application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf"}

// isProtobuf says whether a Content-Type is one of a protobuf batch.
func isProtobuf(contentType string) bool { return slices.Contains(protobufTypes, contentType) }
