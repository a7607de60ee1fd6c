// Package types holds the service module's messages, state types, errors
// and parameters.
package types
