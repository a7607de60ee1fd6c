// Package follower follows one node over CometBFT RPC and indexes every
// block, in order, into the store: new blocks as they come (polling the
// node's height), missed ones by height, and again after the node went
// away and came back.
package follower

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
)

// typedEventPrefix: TraceChain's typed events are named after their proto
// messages; SDK events (transfers, messages) are not indexed here.
const typedEventPrefix = "tracechain."

// Follower indexes one node's blocks.
type Follower struct {
	RPC    *rpchttp.HTTP
	Store  *store.Store
	Codec  *Codec
	Logger log.Logger
	// Poll is how often the node's height is asked when caught up.
	Poll time.Duration

	nodeHeight atomic.Int64
	indexed    atomic.Int64
	txs        atomic.Uint64
	readings   atomic.Uint64
}

// TxsIndexed counts the successful transactions indexed since the start.
func (f *Follower) TxsIndexed() uint64 { return f.txs.Load() }

// ReadingsIndexed counts the readings indexed from blocks since the start.
func (f *Follower) ReadingsIndexed() uint64 { return f.readings.Load() }

// NodeHeight is the node's latest height last seen; Indexed the cursor.
func (f *Follower) NodeHeight() int64 { return f.nodeHeight.Load() }

// Indexed is the last height fully indexed.
func (f *Follower) Indexed() int64 { return f.indexed.Load() }

// Run follows until ctx ends. Errors (the node gone, a block not yet
// available) are logged and retried with backoff; nothing is skipped.
func (f *Follower) Run(ctx context.Context) error {
	cursor, err := f.Store.Cursor()
	if err != nil {
		return err
	}
	f.indexed.Store(cursor)
	backoff := f.Poll
	for ctx.Err() == nil {
		if err := f.catchUp(ctx); err != nil {
			if ctx.Err() != nil {
				break
			}
			f.Logger.Error("following the node", "err", err, "retry_in", backoff)
			sleep(ctx, backoff)
			backoff = min(backoff*2, 10*time.Second)
			continue
		}
		backoff = f.Poll
		sleep(ctx, f.Poll)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// catchUp indexes every block from the cursor to the node's latest.
func (f *Follower) catchUp(ctx context.Context) error {
	status, err := f.RPC.Status(ctx)
	if err != nil {
		return fmt.Errorf("node status: %w", err)
	}
	latest := status.SyncInfo.LatestBlockHeight
	f.nodeHeight.Store(latest)
	for h := f.indexed.Load() + 1; h <= latest && ctx.Err() == nil; h++ {
		if err := f.IndexHeight(ctx, h); err != nil {
			return fmt.Errorf("height %d: %w", h, err)
		}
		f.indexed.Store(h)
	}
	return nil
}

// IndexHeight fetches one block and its results and writes them in one
// batch with the cursor. Only successful transactions' events are kept.
func (f *Follower) IndexHeight(ctx context.Context, h int64) error {
	blk, err := f.RPC.Block(ctx, &h)
	if err != nil {
		return fmt.Errorf("block: %w", err)
	}
	res, err := f.RPC.BlockResults(ctx, &h)
	if err != nil {
		return fmt.Errorf("block results: %w", err)
	}
	if len(res.TxsResults) != len(blk.Block.Txs) {
		return fmt.Errorf("block has %d transactions but %d results", len(blk.Block.Txs), len(res.TxsResults))
	}
	d := store.BlockData{Block: store.Block{Height: h, Time: blk.Block.Time.UTC().Format(time.RFC3339Nano), Hash: blk.BlockID.Hash.String(), Txs: len(blk.Block.Txs)}}
	captures := NewBlockCaptures(f.Store, h, blk.Block.Time)
	for i, r := range res.TxsResults {
		if r.Code != 0 {
			continue // a failed transaction's events never appear
		}
		d.Block.Succeeded++
		hash := strings.ToUpper(hex.EncodeToString(blk.Block.Txs[i].Hash()))
		evs, err := typedEvents(r.Events, h, uint32(i), hash)
		if err != nil {
			return fmt.Errorf("tx %d: %w", i, err)
		}
		t := store.Tx{Height: h, Index: uint32(i), Hash: hash}
		for _, e := range evs {
			t.Events = append(t.Events, e.Type)
		}
		d.Txs = append(d.Txs, t)
		d.Events = append(d.Events, evs...)
		tx, msgData, err := f.Codec.decodeTx(blk.Block.Txs[i], r.Data)
		if err != nil {
			return fmt.Errorf("tx %d: %w", i, err)
		}
		devs, rs, err := f.Codec.readingsOf(tx, msgData, h, hash)
		if err != nil {
			return fmt.Errorf("tx %d: %w", i, err)
		}
		d.Devices, d.Readings = append(d.Devices, devs...), append(d.Readings, rs...)
		if err := captures.addTx(tx, msgData, uint32(i), hash, evs, f.Codec); err != nil {
			return fmt.Errorf("tx %d: %w", i, err)
		}
	}
	blockEvents, err := typedEvents(res.FinalizeBlockEvents, h, store.BlockTx, "")
	if err != nil {
		return fmt.Errorf("block events: %w", err)
	}
	d.Events = append(d.Events, blockEvents...)
	d.EPCIS = captures.Writes()
	if err := f.Store.WriteBlock(d); err != nil {
		return err
	}
	f.txs.Add(uint64(d.Block.Succeeded))
	f.readings.Add(uint64(len(d.Readings)))
	return nil
}

// typedEvents decodes TraceChain's typed events (never by parsing
// strings: each is unmarshalled into its proto message) and keeps them as
// protobuf JSON.
func typedEvents(evs []abci.Event, h int64, tx uint32, hash string) ([]store.Event, error) {
	var out []store.Event
	for _, ev := range evs {
		if !strings.HasPrefix(ev.Type, typedEventPrefix) {
			continue
		}
		msg, err := sdk.ParseTypedEvent(withoutMode(ev))
		if err != nil {
			return nil, fmt.Errorf("event %s: %w", ev.Type, err)
		}
		data, err := codec.ProtoMarshalJSON(msg, nil)
		if err != nil {
			return nil, fmt.Errorf("event %s: %w", ev.Type, err)
		}
		out = append(out, store.Event{Type: ev.Type, Height: h, Tx: tx, TxHash: hash, N: uint32(len(out)), Data: data})
	}
	return out, nil
}

// withoutMode drops the "mode" attribute (BeginBlock / EndBlock) the SDK
// adds to a block's own events: it is not a field of the typed event, and
// not JSON, so decoding would fail on it.
func withoutMode(ev abci.Event) abci.Event {
	attrs := make([]abci.EventAttribute, 0, len(ev.Attributes))
	for _, a := range ev.Attributes {
		if a.Key != "mode" {
			attrs = append(attrs, a)
		}
	}
	ev.Attributes = attrs
	return ev
}
