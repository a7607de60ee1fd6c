// Package types defines the membership messages, state, errors, events and
// the parsers of organization IDs and roles.
package types
