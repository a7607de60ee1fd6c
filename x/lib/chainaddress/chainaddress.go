// Package chainaddress holds TraceChain's bech32 address prefixes and the
// codecs that read and write its addresses (trace1…, tracevalcons1…).
//
// It is in the library tier: it imports no module keeper and not the app,
// so a client, a gateway or the indexer can use it without linking the
// chain. Anyone may import it.
package chainaddress

import (
	"sync"

	"cosmossdk.io/core/address"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Bech32Prefix is the account address prefix: trace1...
const Bech32Prefix = "trace"

var setPrefixesOnce sync.Once

// SetAddressPrefixes makes the SDK's global address config use trace...
// prefixes. Code that still reads the global config (key listing, legacy
// String methods) then agrees with the codecs below.
func SetAddressPrefixes() {
	setPrefixesOnce.Do(func() {
		cfg := sdk.GetConfig()
		cfg.SetBech32PrefixForAccount(Bech32Prefix, Bech32Prefix+"pub")
		cfg.SetBech32PrefixForValidator(Bech32Prefix+"valoper", Bech32Prefix+"valoperpub")
		cfg.SetBech32PrefixForConsensusNode(Bech32Prefix+"valcons", Bech32Prefix+"valconspub")
		cfg.Seal()
	})
}

// AccountAddressCodec encodes account addresses (trace1...).
func AccountAddressCodec() address.Codec { return addresscodec.NewBech32Codec(Bech32Prefix) }

// ConsensusAddressCodec encodes validator consensus addresses (tracevalcons1...).
func ConsensusAddressCodec() address.Codec {
	return addresscodec.NewBech32Codec(Bech32Prefix + "valcons")
}
