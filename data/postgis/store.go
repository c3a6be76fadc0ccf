package postgis

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/maillage/maillage/data"
)

// Store is the PostGIS data.Store, over a pgx connection pool. It is safe
// for concurrent use; every method runs under its caller's context, so a
// client that hangs up cancels its query inside PostgreSQL.
type Store struct {
	pool *pgxpool.Pool // the primary: every write, and reads when no replica is up
	// backends are the databases reads may go to: the primary first, then
	// the replicas (replicas.go).
	backends      []*backend
	turn          atomic.Uint32 // round robin over the replicas
	maxReplicaLag int64
	stopWatching  context.CancelFunc
	watching      sync.WaitGroup // the goroutines stopWatching stops
	// valueCounts remembers, per level, how many values an indicator
	// had there last time (geo.Level → int): IndicatorValues sizes its map
	// from it rather than growing it row by row (35 000 communes, a dozen
	// indicators per gap ranking).
	valueCounts sync.Map
	// coverageLists keeps, per level, the territories Coverage reads
	// (geo.Level → *territoryList), valid for one indicators' version.
	coverageLists sync.Map
	// anchors keeps the territories' names and points Flows places its
	// lines between (anchors.go).
	anchorsKept anchorCache
	// bulkRows is Config.BulkRows: the fewest rows of a bulk write.
	bulkRows int
	// roll keeps the summaries on today's date (summary_day.go).
	roll summaryRoll
	// watch keeps the primary's version current (version_watch.go).
	watch versionWatch
}

var (
	_ data.Store           = (*Store)(nil)
	_ data.Importer        = (*Store)(nil)
	_ data.BackendReporter = (*Store)(nil)
)

// Ping reports whether the reads can be served: the primary answers, or,
// when it does not, a replica that is up does.
func (s *Store) Ping(ctx context.Context) error {
	err := s.pool.Ping(ctx)
	if err == nil {
		return nil
	}
	for _, b := range s.backends[1:] {
		if b.up.Load() && b.pool.Ping(ctx) == nil {
			return nil
		}
	}
	return fmt.Errorf("postgis: ping: %w", translate(ctx, err))
}

// Close stops the version's listener and the replica checks and closes
// the pools, waiting for connections in use to be released. It may be
// called more than once.
func (s *Store) Close() {
	if s.stopWatching != nil {
		s.stopWatching()
	}
	s.watching.Wait() // the listener's connection closed before the pools
	for _, b := range s.backends[1:] {
		b.pool.Close()
	}
	s.pool.Close()
}
