package store

import (
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/cockroachdb/pebble"
	"github.com/stretchr/testify/require"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// testBatch is a device's batch of n readings from counter first, with
// the fields a served reading must give back byte for byte.
func testBatch(t *testing.T, device [20]byte, first uint64, n int) ([]devicetypes.Reading, []devicetypes.Hash, *BatchTree) {
	t.Helper()
	readings := make([]devicetypes.Reading, n)
	hashes := make([]devicetypes.Hash, n)
	leafHashes := make([][32]byte, n)
	for i := range readings {
		r := devicetypes.Reading{
			Device: devicetypes.FormatAddress(device), Counter: first + uint64(i), DeviceTimeMs: 1_780_000_000_000 + (first+uint64(i))*500,
			MeasurementType: devicetypes.TemperatureType, Value: fmt.Sprintf("%d.%d", i%40-10, i%10), Unit: "CEL",
		}
		switch i % 4 {
		case 1:
			r.Epcs = []string{"urn:epc:id:sscc:6903456.0000000011", "<odd & \"quoted\">"}
			r.Geo = "geo:52.5,13.4"
		case 2:
			r.Subject = "urn:epc:id:sgtin:6903456.012345.77"
			r.Signature = []byte{1, 2, 3, 250}
		case 3:
			r.Value, r.Unit = "温度\u2028", ""
		}
		var err error
		hashes[i], err = r.StructHash()
		require.NoError(t, err)
		leafHashes[i] = LeafHash(hashes[i][:])
		readings[i] = r
	}
	return readings, hashes, NewBatchTree(leafHashes)
}

// putBatchAsJSONRecords writes a batch the way indexes before compact
// batch records did: a JSON record per reading, and the tree.
func putBatchAsJSONRecords(t *testing.T, s *Store, device []byte, first uint64, height int64, tree *BatchTree, readings []devicetypes.Reading, hashes []devicetypes.Hash) {
	t.Helper()
	records := make([]Reading, len(readings))
	devices := make([][]byte, len(readings))
	for i := range readings {
		r := &readings[i]
		records[i] = Reading{
			Device: r.Device, Counter: r.Counter, TimeMs: r.DeviceTimeMs, Reading: AppendReadingJSON(nil, r),
			StructHash: hex.EncodeToString(hashes[i][:]), Height: height, MerkleRoot: hex.EncodeToString(tree.Root()),
			Batch: &BatchPlace{FirstCounter: first, Index: int64(i), Total: int64(len(readings))},
		}
		devices[i] = device
	}
	batch := s.db.NewBatch()
	defer batch.Close()
	require.NoError(t, putReadings(batch, devices, records))
	require.NoError(t, putBatchTree(batch, device, first, tree))
	require.NoError(t, batch.Commit(pebble.Sync))
}

// TestCompactBatchRecordsServeWhatJSONRecordsDid: a batch stored compact
// is served exactly as the same batch stored as JSON records (which older
// indexes hold, and which are still read), interleaved in time with the
// device's readings from transactions, at a fifth of the bytes or less.
func TestCompactBatchRecordsServeWhatJSONRecordsDid(t *testing.T) {
	compact, err := Open(t.TempDir())
	require.NoError(t, err)
	defer compact.Close()
	asJSON, err := Open(t.TempDir())
	require.NoError(t, err)
	defer asJSON.Close()
	device := [20]byte{0xab, 1, 2, 3}
	for _, b := range []struct {
		first uint64
		n     int
	}{{1, 1}, {2, 300}, {302, 700}} {
		readings, hashes, tree := testBatch(t, device, b.first, b.n)
		require.NoError(t, compact.PutBatch(device[:], b.first, 40+int64(b.first), tree, readings, hashes))
		putBatchAsJSONRecords(t, asJSON, device[:], b.first, 40+int64(b.first), tree, readings, hashes)
	}
	// A reading of the device from a transaction, between the batches' times.
	fromTx := Reading{Device: devicetypes.FormatAddress(device), Counter: 5000, TimeMs: 1_780_000_000_000 + 750, Reading: []byte(`{"value":"1"}`), StructHash: "00", Height: 9, TxHash: "AB"}
	for _, s := range []*Store{compact, asJSON} {
		require.NoError(t, s.WriteBlock(BlockData{Block: Block{Height: 9}, Devices: [][]byte{device[:]}, Readings: []Reading{fromTx}}))
	}

	want, next, err := asJSON.Readings(device[:], 0, 1<<62, "", 2000)
	require.NoError(t, err)
	require.Empty(t, next)
	require.Len(t, want, 1002)
	got, next, err := compact.Readings(device[:], 0, 1<<62, "", 2000)
	require.NoError(t, err)
	require.Empty(t, next)
	require.Equal(t, want, got)
	require.Equal(t, fromTx, got[1], "the transaction's reading in its place by time")

	// Pages end and continue at the same keys.
	page, next, err := compact.Readings(device[:], 0, 1<<62, "", 333)
	require.NoError(t, err)
	require.Equal(t, want[:333], page)
	rest, _, err := compact.Readings(device[:], 0, 1<<62, next, 2000)
	require.NoError(t, err)
	require.Equal(t, want[333:], rest)

	var compactBytes, jsonBytes int
	for _, c := range []struct {
		s *Store
		n *int
	}{{compact, &compactBytes}, {asJSON, &jsonBytes}} {
		it, err := c.s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{tableReading}, UpperBound: []byte{tableReading + 1}})
		require.NoError(t, err)
		for valid := it.First(); valid; valid = it.Next() {
			*c.n += len(it.Value())
		}
		require.NoError(t, it.Close())
	}
	t.Logf("reading values: %d bytes compact, %d as JSON records", compactBytes, jsonBytes)
	require.Less(t, 5*compactBytes, jsonBytes)
}

// A compact record that is cut short, or whose batch is missing, is an
// error when served, not a wrong reading; PutBatch refuses readings and
// hashes that do not pair up, and stores nothing then.
func TestCompactBatchRecordFaults(t *testing.T) {
	s, err := Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	device := [20]byte{7}
	readings, hashes, tree := testBatch(t, device, 1, 3)
	require.ErrorContains(t, s.PutBatch(device[:], 1, 5, tree, readings, hashes[:2]), "3 readings, 2 struct hashes")
	got, _, err := s.Readings(device[:], 0, 1<<62, "", 10)
	require.NoError(t, err)
	require.Empty(t, got)

	require.NoError(t, s.PutBatch(device[:], 1, 5, tree, readings, hashes))
	key := appendReadingKey(nil, device[:], readings[1].DeviceTimeMs, readings[1].Counter)
	v, closer, err := s.db.Get(key)
	require.NoError(t, err)
	full := append([]byte(nil), v...)
	require.NoError(t, closer.Close())
	for _, cut := range []int{1, 2, 3, 20} {
		require.NoError(t, s.db.Set(key, full[:cut], pebble.Sync))
		_, _, err = s.Readings(device[:], 0, 1<<62, "", 10)
		require.ErrorContains(t, err, "truncated", "cut at %d", cut)
	}
	require.NoError(t, s.db.Set(key, full, pebble.Sync))
	_, _, err = s.Readings(device[:], 0, 1<<62, "", 10)
	require.NoError(t, err)
	require.NoError(t, s.db.Delete(batchTreeKey(device[:], 1, batchMetaChunk), pebble.Sync))
	_, _, err = s.Readings(device[:], 0, 1<<62, "", 10)
	require.ErrorContains(t, err, "the batch from counter 1")
}
