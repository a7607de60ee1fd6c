package store_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
)

func block(h int64, n int) (store.Block, []store.Tx, []store.Event) {
	b := store.Block{Height: h, Txs: n, Succeeded: n}
	var txs []store.Tx
	var evs []store.Event
	for i := range n {
		txs = append(txs, store.Tx{Height: h, Index: uint32(i), Hash: fmt.Sprintf("%064X", h*1000+int64(i))})
		evs = append(evs, store.Event{Type: "tracechain.x.v1.EventA", Height: h, Tx: uint32(i), Data: json.RawMessage(fmt.Sprintf(`{"n":%d}`, i))})
	}
	return b, txs, evs
}

func TestWriteBlockMovesCursorAndIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir)
	require.NoError(t, err)
	c, err := s.Cursor()
	require.NoError(t, err)
	require.Zero(t, c)
	for h := int64(1); h <= 5; h++ {
		require.NoError(t, writeTo(s)(block(h, 3)))
	}
	first, _, err := s.Events("tracechain.x.v1.EventA", 0, "", 1000)
	require.NoError(t, err)
	require.Len(t, first, 15)
	require.NoError(t, writeTo(s)(block(3, 3)), "re-processing a block")
	again, _, err := s.Events("tracechain.x.v1.EventA", 0, "", 1000)
	require.NoError(t, err)
	require.Equal(t, first, again, "changes nothing")
	c, err = s.Cursor()
	require.NoError(t, err)
	require.EqualValues(t, 3, c, "the cursor is the block just written")
	require.NoError(t, s.Close())

	s, err = store.Open(dir)
	require.NoError(t, err)
	defer s.Close()
	b, ok, err := s.Block(5)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, 3, b.Succeeded)
}

// TestTxByHash: every successful transaction of a block is found by its
// hash; an unknown hash is not.
func TestTxByHash(t *testing.T) {
	s, err := store.Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	for h := int64(1); h <= 3; h++ {
		require.NoError(t, writeTo(s)(block(h, 4)))
	}
	hash, err := hex.DecodeString(fmt.Sprintf("%064X", 2003))
	require.NoError(t, err)
	tx, ok, err := s.TxByHash(hash)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, store.Tx{Height: 2, Index: 3, Hash: fmt.Sprintf("%064X", 2003)}, tx)
	_, ok, err = s.TxByHash(make([]byte, 32))
	require.NoError(t, err)
	require.False(t, ok)
}

func TestEventsPageThroughAHeight(t *testing.T) {
	s, err := store.Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	for h := int64(1); h <= 3; h++ {
		require.NoError(t, writeTo(s)(block(h, 4)))
	}
	var all []store.Event
	token := ""
	for pages := 0; ; pages++ {
		page, next, err := s.Events("tracechain.x.v1.EventA", 0, token, 5)
		require.NoError(t, err)
		all = append(all, page...)
		if next == "" {
			break
		}
		token = next
		require.Less(t, pages, 10)
	}
	require.Len(t, all, 12, "pages split inside a height lose and repeat nothing")
	from2, _, err := s.Events("tracechain.x.v1.EventA", 2, "", 100)
	require.NoError(t, err)
	require.Len(t, from2, 8)
	none, _, err := s.Events("tracechain.x.v1.EventAB", 0, "", 100)
	require.NoError(t, err)
	require.Empty(t, none, "a type is not a prefix of another")
	_, _, err = s.Events("tracechain.x.v1.EventA", 0, "zz", 5)
	require.ErrorIs(t, err, store.ErrBadPageToken)
	_, _, err = s.Events("tracechain.x.v1.EventA", 0, "65", 5)
	require.ErrorIs(t, err, store.ErrBadPageToken, "a token of another type")
}

func writeTo(s *store.Store) func(store.Block, []store.Tx, []store.Event) error {
	return func(b store.Block, txs []store.Tx, evs []store.Event) error {
		return s.WriteBlock(store.BlockData{Block: b, Txs: txs, Events: evs})
	}
}

func TestReadingsByDeviceAndTime(t *testing.T) {
	s, err := store.Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	dev, other := make([]byte, 20), make([]byte, 20)
	dev[0], other[0] = 1, 2
	var devices [][]byte
	var rs []store.Reading
	for i := range 10 {
		devices = append(devices, dev, other)
		rs = append(rs, store.Reading{Counter: uint64(i + 1), TimeMs: uint64(1000 * (i + 1))}, store.Reading{Counter: uint64(i + 1), TimeMs: uint64(1000 * (i + 1))})
	}
	require.NoError(t, s.WriteBlock(store.BlockData{Block: store.Block{Height: 1}, Devices: devices, Readings: rs}))
	got, next, err := s.Readings(dev, 3000, 7000, "", 100)
	require.NoError(t, err)
	require.Empty(t, next)
	require.Len(t, got, 5, "3000..7000 inclusive")
	require.EqualValues(t, 3, got[0].Counter)
	page, next, err := s.Readings(dev, 0, ^uint64(0)>>1, "", 4)
	require.NoError(t, err)
	require.Len(t, page, 4)
	rest, _, err := s.Readings(dev, 0, ^uint64(0)>>1, next, 100)
	require.NoError(t, err)
	require.Len(t, rest, 6, "the other device's readings stay apart")
}

// The digest changes with any byte of the index and not with writing a
// block again.
func TestDigestIsTheIndexBytes(t *testing.T) {
	s, err := store.Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	write := func(data string) {
		require.NoError(t, s.WriteBlock(store.BlockData{
			Block: store.Block{Height: 1, Time: "2026-01-01T00:00:00Z"},
			EPCIS: []store.EPCISWrite{{
				Pos:    store.Pos{Height: 1, Tx: 0, N: 0},
				Record: store.EPCISRecord{EventID: "ni:///sha-256;01?ver=CBV2.0", Height: 1, Event: []byte(data)},
				Terms:  []store.Term{{Field: "type", Value: "ObjectEvent"}},
			}},
		}))
	}
	write(`{"type":"ObjectEvent"}`)
	d1, n1, err := s.Digest()
	require.NoError(t, err)
	write(`{"type":"ObjectEvent"}`)
	d2, n2, err := s.Digest()
	require.NoError(t, err)
	require.Equal(t, d1, d2)
	require.Equal(t, n1, n2)
	require.Equal(t, 5, n1, "cursor, block, event, eventID and one term")
	write(`{"type":"ObjectEvent","x":1}`)
	d3, _, err := s.Digest()
	require.NoError(t, err)
	require.NotEqual(t, d1, d3)
}
