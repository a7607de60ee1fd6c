// Package poa is the proof-of-authority validator set: validators are
// admitted, re-weighted and removed by the consortium authority, no more
// than 1/3 of the power moves per block unless forced, and double signers
// are removed. It is the only module that reports validator updates.
package poa
