// Package trace is provenance on chain: GS1 EPCIS 2.0 events captured with
// their CBV 2.0 Event Hash IDs, objects (lots, items, logistic units) with
// owner and custodian under custody rules, genealogy through
// transformation and aggregation, recalls that spread down the genealogy a
// bounded amount per block, and certifications.
package trace
