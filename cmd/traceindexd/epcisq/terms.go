// Package epcisq answers the EPCIS 2.0 query interface (SimpleEventQuery
// over REST) from the index: the query parameters, matching, execution
// with a bounded scan, and the EPCISQueryDocument the answer is. The terms
// an event is indexed under are the store's (store.Terms): the write path
// does not depend on the query language.
package epcisq

import (
	"github.com/tracechain/tracechain/x/lib/gs1"
)

// IsClass says whether an identifier names a class of objects (a GTIN,
// or a lot of one) rather than one object: quantity lists name classes.
func IsClass(id string) bool {
	parsed, err := gs1.Parse(id)
	return err == nil && (parsed.Kind == gs1.KindLGTIN || parsed.Kind == gs1.KindGTIN)
}
