// Package types holds the device module's messages, state types, errors and
// the device-side cryptography: EIP-712 hashing of readings, batch headers,
// proofs of possession and key rotations; signature checks on secp256k1
// and P-256; and the batch Merkle tree.
package types
