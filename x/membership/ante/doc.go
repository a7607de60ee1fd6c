// Package ante holds the admission decorators: transaction size and message
// limits, and the permission check of every signer of every (nested) message.
package ante
