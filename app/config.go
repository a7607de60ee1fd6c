package app

import (
	"os"
	"path/filepath"
	"sync"

	"cosmossdk.io/core/address"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	// AppName names the binary's app in logs and the version command.
	AppName = "tracechain"
	// Bech32Prefix is the account address prefix: trace1...
	Bech32Prefix = "trace"
	// FeeDenom is the denom gas prices are quoted in. Gas is free by default
	// (minimum-gas-prices = 0utrace); spam is bounded by membership instead.
	FeeDenom = "utrace"
)

var setPrefixesOnce sync.Once

// SetAddressPrefixes makes the SDK's global address config use trace...
// prefixes. Code that still reads the global config (key listing, legacy
// String methods) then agrees with the app's address codecs.
func SetAddressPrefixes() {
	setPrefixesOnce.Do(func() {
		cfg := sdk.GetConfig()
		cfg.SetBech32PrefixForAccount(Bech32Prefix, Bech32Prefix+"pub")
		cfg.SetBech32PrefixForValidator(Bech32Prefix+"valoper", Bech32Prefix+"valoperpub")
		cfg.SetBech32PrefixForConsensusNode(Bech32Prefix+"valcons", Bech32Prefix+"valconspub")
		cfg.Seal()
	})
}

// DefaultNodeHome is where the node keeps its config and data: ~/.tracechain.
func DefaultNodeHome() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ".tracechain"
	}
	return filepath.Join(home, ".tracechain")
}

// AccountAddressCodec encodes account addresses (trace1...).
func AccountAddressCodec() address.Codec { return addresscodec.NewBech32Codec(Bech32Prefix) }

// ConsensusAddressCodec encodes validator consensus addresses (tracevalcons1...).
func ConsensusAddressCodec() address.Codec {
	return addresscodec.NewBech32Codec(Bech32Prefix + "valcons")
}
