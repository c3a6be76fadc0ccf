package postgis

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/maillage/maillage/data"
)

// Version reads the data version the database keeps (migration 00012):
// one row, bumped by statement triggers in the same transaction as any
// change of the data tables, so a caller that reads it before a query
// never pairs a version with older rows.
//
// Every request reads it (its ETag and its cached answers depend on it),
// so concurrent callers share reads: a caller waits for the next read to
// start, never joins one already running, and so always gets a version
// read after it called, as if it had read it alone. Under load one
// statement answers every request that arrived while the previous one
// ran, instead of one round trip each.
func (s *Store) Version(ctx context.Context) (data.Version, error) {
	if err := ctx.Err(); err != nil {
		return data.Version{}, err
	}
	ch := make(chan versionRead, 1)
	s.versions.mu.Lock()
	s.versions.waiting = append(s.versions.waiting, ch)
	if !s.versions.reading {
		s.versions.reading = true
		go s.readVersions()
	}
	s.versions.mu.Unlock()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return data.Version{}, ctx.Err()
	}
}

// versionReads batches the callers of Version (see there).
type versionReads struct {
	mu      sync.Mutex
	waiting []chan versionRead // callers waiting for the next read
	reading bool               // a readVersions goroutine is running
}

// versionRead is one read's answer.
type versionRead struct {
	v   data.Version
	err error
}

// versionTimeout bounds one shared read: it serves callers with different
// deadlines, so it cannot take any one of theirs.
const versionTimeout = 5 * time.Second

// readVersions reads the version for every caller waiting, then again for
// those who arrived meanwhile, until none waits.
func (s *Store) readVersions() {
	for {
		s.versions.mu.Lock()
		batch := s.versions.waiting
		s.versions.waiting = nil
		if len(batch) == 0 {
			s.versions.reading = false
			s.versions.mu.Unlock()
			return
		}
		s.versions.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), versionTimeout)
		v, err := s.readVersion(ctx)
		cancel()
		for _, ch := range batch {
			ch <- versionRead{v, err}
		}
	}
}

// readVersion runs the read.
func (s *Store) readVersion(ctx context.Context) (data.Version, error) {
	var v data.Version
	var n int64
	if err := s.pool.QueryRow(ctx, "SELECT version, changed_at FROM data_version").Scan(&n, &v.Changed); err != nil {
		return data.Version{}, fmt.Errorf("postgis: data version: %w", translate(ctx, err))
	}
	v.N = uint64(n)
	v.Changed = v.Changed.UTC()
	return v, nil
}
