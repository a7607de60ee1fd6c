// Package keeper holds the validator set, the per-block power budget and
// the updates handed to CometBFT at EndBlock.
package keeper
