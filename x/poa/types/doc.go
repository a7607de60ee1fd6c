// Package types defines the poa messages, state, errors and events.
package types
