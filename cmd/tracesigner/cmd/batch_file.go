package cmd

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/cometbft/cometbft/crypto/merkle"

	"github.com/tracechain/tracechain/x/device/types"
)

// batchFile is what `anchor` writes and `verify` reads: the signed header,
// the readings in counter order and each one's inclusion proof.
type batchFile struct {
	ChainID  string            `json:"chain_id"`
	Header   json.RawMessage   `json:"header"`
	Readings []json.RawMessage `json:"readings"`
	Proofs   []*merkle.Proof   `json:"proofs"`
}

func writeBatchFile(path, chainID string, h *types.BatchHeader, readings []types.Reading, proofs []*merkle.Proof) error {
	bf := batchFile{ChainID: chainID, Proofs: proofs}
	var err error
	if bf.Header, err = jsonCodec.MarshalJSON(h); err != nil {
		return err
	}
	for i := range readings {
		bz, err := jsonCodec.MarshalJSON(&readings[i])
		if err != nil {
			return err
		}
		bf.Readings = append(bf.Readings, bz)
	}
	bz, err := json.MarshalIndent(bf, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, bz, 0o644)
}

func readBatchFile(path string) (chainID string, h types.BatchHeader, readings []types.Reading, proofs []*merkle.Proof, err error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return "", h, nil, nil, err
	}
	var bf batchFile
	if err := json.Unmarshal(bz, &bf); err != nil {
		return "", h, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := jsonCodec.UnmarshalJSON(bf.Header, &h); err != nil {
		return "", h, nil, nil, fmt.Errorf("%s header: %w", path, err)
	}
	readings = make([]types.Reading, len(bf.Readings))
	for i, raw := range bf.Readings {
		if err := jsonCodec.UnmarshalJSON(raw, &readings[i]); err != nil {
			return "", h, nil, nil, fmt.Errorf("%s reading %d: %w", path, i, err)
		}
	}
	if len(bf.Proofs) != len(readings) {
		return "", h, nil, nil, fmt.Errorf("%s: %d proofs for %d readings", path, len(bf.Proofs), len(readings))
	}
	return bf.ChainID, h, readings, bf.Proofs, nil
}
