// Package gs1 parses GS1 identifiers the way EPCIS events carry them — EPC
// URNs (urn:epc:id, urn:epc:class, urn:epc:idpat) and GS1 Digital Link
// URIs — and converts every one of them to a single canonical form: the
// constrained GS1 Digital Link URI on id.gs1.org that the CBV 2.0 event
// hash uses. TraceChain stores identifiers in that form. It is in the
// library tier: no chain code, importable by anyone (TestLibraryTierIsChainFree).
package gs1
