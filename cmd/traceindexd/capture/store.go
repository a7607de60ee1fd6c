package capture

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/cockroachdb/pebble"
)

// Store keeps capture jobs in Pebble, apart from the index: reindexing
// never touches them.
//
//	j <captureID> → record (JSON); IDs sort in creation order
//	d <captureID> → the job's document
//	u <captureID> → the submitting token's name, while the job runs
//	s             → the last job sequence number
type Store struct {
	db *pebble.DB
	mu sync.Mutex // serialises sequence numbers
}

// OpenStore opens (or creates) the job store in dir.
func OpenStore(dir string) (*Store, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: quietLogger{}})
	if err != nil {
		return nil, fmt.Errorf("capture jobs in %s: %w", dir, err)
	}
	return &Store{db: db}, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

func jobKey(id string) []byte { return append([]byte{'j'}, id...) }

var seqKey = []byte{'s'}

// newID is a job's ID: its sequence number (so IDs sort in creation
// order) and random bits (so they cannot be guessed).
func (s *Store) newID() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var seq uint64
	v, closer, err := s.db.Get(seqKey)
	switch {
	case err == nil:
		seq = binary.BigEndian.Uint64(v)
		_ = closer.Close()
	case !errors.Is(err, pebble.ErrNotFound):
		return "", err
	}
	seq++
	if err := s.db.Set(seqKey, binary.BigEndian.AppendUint64(nil, seq), pebble.Sync); err != nil {
		return "", err
	}
	random := make([]byte, 6)
	if _, err := rand.Read(random); err != nil {
		return "", err
	}
	return fmt.Sprintf("%012d-%s", seq, hex.EncodeToString(random)), nil
}

// put writes a record, synced: what a job did is on disk before it goes
// on. A finished job leaves the unfinished index.
func (s *Store) put(r *record) error { return s.write(r, false) }

// putNew writes a new job with its document.
func (s *Store) putNew(r *record) error { return s.write(r, true) }

func (s *Store) write(r *record, withDocument bool) error {
	bz, err := json.Marshal(r)
	if err != nil {
		return err
	}
	id := r.Job.CaptureID
	b := s.db.NewBatch()
	defer b.Close()
	if err := b.Set(jobKey(id), bz, nil); err != nil {
		return err
	}
	if withDocument {
		if err := b.Set(docKey(id), r.Document, nil); err != nil {
			return err
		}
	}
	if r.Job.Running {
		err = b.Set(unfinishedKey(id), []byte(r.Job.SubmittedBy), nil)
	} else {
		err = b.Delete(unfinishedKey(id), nil)
	}
	if err != nil {
		return err
	}
	return b.Commit(pebble.Sync)
}

func docKey(id string) []byte        { return append([]byte{'d'}, id...) }
func unfinishedKey(id string) []byte { return append([]byte{'u'}, id...) }

// document reads a job's document.
func (s *Store) document(id string) ([]byte, error) {
	v, closer, err := s.db.Get(docKey(id))
	if err != nil {
		return nil, fmt.Errorf("capture job %s: its document: %w", id, err)
	}
	defer closer.Close()
	return append([]byte(nil), v...), nil
}

// unfinished visits the running jobs, oldest first, with their tokens.
func (s *Store) unfinished(visit func(id, owner string) bool) error {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{'u'}, UpperBound: []byte{'u' + 1}})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		if !visit(string(it.Key()[1:]), string(it.Value())) {
			break
		}
	}
	return it.Error()
}

func (s *Store) get(id string) (*record, bool, error) {
	v, closer, err := s.db.Get(jobKey(id))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer closer.Close()
	var r record
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, false, fmt.Errorf("capture job %s: %w", id, err)
	}
	return &r, true, nil
}

// scan visits records in creation order from the job after `after`.
func (s *Store) scan(after string, visit func(*record) (bool, error)) error {
	lower := jobKey(after)
	if after != "" {
		lower = append(lower, 0)
	}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: []byte{'j' + 1}})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		var r record
		if err := json.Unmarshal(it.Value(), &r); err != nil {
			return fmt.Errorf("capture job %s: %w", it.Key()[1:], err)
		}
		more, err := visit(&r)
		if err != nil || !more {
			return err
		}
	}
	return it.Error()
}

// quietLogger keeps Pebble's routine notes (WAL replay) out of the log;
// failures reach the caller as errors.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}
