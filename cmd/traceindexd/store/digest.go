package store

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/cockroachdb/pebble"
)

// Digest is a SHA-256 over every key and value of the index in key order,
// with the number of keys: two indexes with the same digest hold the same
// bytes. It is how a crash-and-resume index is compared with a reindex.
func (s *Store) Digest() (string, int, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{})
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n := 0
	for valid := it.First(); valid; valid = it.Next() {
		for _, b := range [][]byte{it.Key(), it.Value()} {
			h.Write(binary.AppendUvarint(nil, uint64(len(b))))
			h.Write(b)
		}
		n++
	}
	if err := it.Close(); err != nil {
		return "", 0, err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), n, nil
}
