package app

import (
	"os"
	"path/filepath"
)

const (
	// AppName names the binary's app in logs and the version command.
	AppName = "tracechain"
	// FeeDenom is the denom gas prices are quoted in. Gas is free by default
	// (minimum-gas-prices = 0utrace); spam is bounded by membership instead.
	FeeDenom = "utrace"
)

// DefaultNodeHome is where the node keeps its config and data: ~/.tracechain.
func DefaultNodeHome() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ".tracechain"
	}
	return filepath.Join(home, ".tracechain")
}
