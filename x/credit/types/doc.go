// Package types holds the credit module's messages, state types, errors
// and the scoring formula (score.go), a pure function of the records.
package types
