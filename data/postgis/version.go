package postgis

import (
	"context"
	"errors"
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
// The primary's version is kept current by notifications
// (version_watch.go) for the requests that need no write of their own
// first. The others read it (their ETags and cached answers depend on it),
// and concurrent callers share reads: a caller waits for the next read to
// start, never joins one already running, and so always gets a version
// read after it called, as if it had read it alone. Under load one
// statement answers every request that arrived while the previous one
// ran, instead of one round trip each.
//
// The first read of a new UTC day moves the summaries to it
// (rollSummaries), which changes the version.
//
// With replicas, the version is read from the database the request will
// read from (replicas.go), named by the version's Source.
func (s *Store) Version(ctx context.Context) (data.Version, error) {
	if err := ctx.Err(); err != nil {
		return data.Version{}, err
	}
	// First, so that the version read sees the roll's bump.
	s.rollSummaries(ctx, time.Now())
	src := s.readSource(ctx)
	if after, _ := data.ReadAfterOf(ctx); src == 0 && after == 0 {
		if v, ok := s.watch.get(time.Now()); ok {
			return v, nil
		}
	}
	b := s.backends[src]
	v, err := b.version(ctx)
	if err != nil && b.replica && errors.Is(err, data.ErrUnavailable) {
		// The replica went away since its last check: it is skipped until
		// a check finds it back, and this request reads from the primary.
		b.up.Store(false)
		return s.backends[0].version(ctx)
	}
	return v, err
}

// version reads b's version for one caller, batched with the others.
func (b *backend) version(ctx context.Context) (data.Version, error) {
	ch := make(chan versionRead, 1)
	b.versions.mu.Lock()
	b.versions.waiting = append(b.versions.waiting, ch)
	if !b.versions.reading {
		b.versions.reading = true
		go b.readVersions()
	}
	b.versions.mu.Unlock()
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
func (b *backend) readVersions() {
	for {
		b.versions.mu.Lock()
		batch := b.versions.waiting
		b.versions.waiting = nil
		if len(batch) == 0 {
			b.versions.reading = false
			b.versions.mu.Unlock()
			return
		}
		b.versions.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), versionTimeout)
		v, err := readVersion(ctx, b.pool)
		cancel()
		v.Source = b.source
		for _, ch := range batch {
			ch <- versionRead{v, err}
		}
	}
}

// readVersion reads the version from db (a pool or the listener's
// connection).
func readVersion(ctx context.Context, db rowQuerier) (data.Version, error) {
	var v data.Version
	var n, ind int64
	if err := db.QueryRow(ctx, "SELECT version, changed_at, indicators FROM data_version").Scan(&n, &v.Changed, &ind); err != nil {
		return data.Version{}, fmt.Errorf("postgis: data version: %w", translate(ctx, err))
	}
	v.N, v.Indicators = uint64(n), uint64(ind)
	v.Changed = v.Changed.UTC()
	return v, nil
}
