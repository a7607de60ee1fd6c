package apptest

import (
	"fmt"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// BlockTime is the spacing of the in-memory chain's blocks.
const BlockTime = time.Second

// NextBlock finalizes and commits a block with the given raw transactions
// and returns the block's result. The clock advances by BlockTime.
func (c *Chain) NextBlock(txs ...[]byte) *abci.ResponseFinalizeBlock {
	c.t.Helper()
	res, err := c.App.FinalizeBlock(&abci.RequestFinalizeBlock{Height: c.nextHeight, Time: c.Time, Txs: txs})
	require.NoError(c.t, err)
	_, err = c.App.Commit()
	require.NoError(c.t, err)
	c.nextHeight++
	c.Time = c.Time.Add(BlockTime)
	return res
}

// TryNextBlock finalizes a block and reports an error (or a panic of the
// app, such as x/upgrade halting for a missing upgrade) instead of failing.
// Nothing is committed on error.
func (c *Chain) TryNextBlock(txs ...[]byte) (res *abci.ResponseFinalizeBlock, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	res, err = c.App.FinalizeBlock(&abci.RequestFinalizeBlock{Height: c.nextHeight, Time: c.Time, Txs: txs})
	if err != nil {
		return nil, err
	}
	if _, err = c.App.Commit(); err != nil {
		return nil, err
	}
	c.nextHeight++
	c.Time = c.Time.Add(BlockTime)
	return res, nil
}

// Context is a read context over the committed state.
func (c *Chain) Context() sdk.Context {
	return c.App.NewContext(true)
}

// AppHash is the app hash of the last committed block.
func (c *Chain) AppHash() []byte {
	return c.App.LastCommitID().Hash
}
