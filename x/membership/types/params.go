package types

import "fmt"

// Defaults follow CometBFT's own mempool limit of 1 MiB per transaction.
const (
	DefaultMaxMsgsPerTx uint32 = 32
	DefaultMaxTxBytes   uint64 = 1 << 20

	maxMsgsPerTxCeiling uint32 = 1024
	minTxBytesFloor     uint64 = 4 << 10
	maxTxBytesCeiling   uint64 = 64 << 20
)

// DefaultParams returns the admission limits a new chain starts with.
func DefaultParams() Params {
	return Params{MaxMsgsPerTx: DefaultMaxMsgsPerTx, MaxTxBytes: DefaultMaxTxBytes}
}

// Validate checks that the limits are usable.
func (p Params) Validate() error {
	if p.MaxMsgsPerTx == 0 || p.MaxMsgsPerTx > maxMsgsPerTxCeiling {
		return fmt.Errorf("max_msgs_per_tx must be between 1 and %d, got %d", maxMsgsPerTxCeiling, p.MaxMsgsPerTx)
	}
	if p.MaxTxBytes < minTxBytesFloor || p.MaxTxBytes > maxTxBytesCeiling {
		return fmt.Errorf("max_tx_bytes must be between %d and %d, got %d", minTxBytesFloor, maxTxBytesCeiling, p.MaxTxBytes)
	}
	return nil
}
