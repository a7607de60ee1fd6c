// Package lib is the library tier: packages a client, a gateway, the
// indexer or another project imports without linking the chain.
//
//	x/lib/gs1           GS1 identifiers: EPC URNs and Digital Links, one canonical form
//	x/lib/epcis         EPCIS 2.0 JSON-LD reading, the CBV 2.0 event hash, conversions
//	x/lib/devicekey     device-side keys and signing (readings, batches, proofs)
//	x/lib/chainaddress  bech32 prefixes and address codecs
//
// The rule that keeps them chain-free is an import rule, tested by
// TestLibraryTierIsChainFree: no package here imports a module keeper, the
// app, or an SDK module's keeper.
package lib
