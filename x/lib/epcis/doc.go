// Package epcis reads GS1 EPCIS 2.0 JSON-LD documents and computes the
// CBV 2.0 Event Hash ID of their events. It is in the library tier: it
// imports no module keeper and not the app (TestLibraryTierIsChainFree),
// so the node, the CLI (`tracechaind epcis hash`), the indexer, a client
// or another project may import it.
package epcis
