// Package epcis reads GS1 EPCIS 2.0 JSON-LD documents and computes the
// CBV 2.0 Event Hash ID of their events. It has no chain dependencies:
// the node, the CLI (`tracechaind epcis hash`) and the indexer share it.
package epcis
