package cmd

import coretypes "github.com/cometbft/cometbft/rpc/core/types"

// resultTx is a committed transaction as CometBFT reports it.
type resultTx = coretypes.ResultTx
