// Package types defines the trace module's messages, state, errors and
// events: products, locations, GS1-identified objects, captured EPCIS
// events, genealogy, recalls and certifications.
package types
