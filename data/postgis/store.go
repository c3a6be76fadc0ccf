package postgis

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/maillage/maillage/data"
)

// Store is the PostGIS data.Store, over a pgx connection pool. It is safe
// for concurrent use; every method runs under its caller's context, so a
// client that hangs up cancels its query inside PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	// valueCounts remembers, per level, how many values an indicator
	// had there last time (geo.Level → int): IndicatorValues sizes its map
	// from it rather than growing it row by row (35 000 communes, a dozen
	// indicators per gap ranking).
	valueCounts sync.Map
	// bulkRows is Config.BulkRows: the fewest rows of a bulk write.
	bulkRows int
	// versions batches the reads of the data version (version.go).
	versions versionReads
}

var (
	_ data.Store    = (*Store)(nil)
	_ data.Importer = (*Store)(nil)
)

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgis: ping: %w", translate(ctx, err))
	}
	return nil
}

// Close closes the pool, waiting for connections in use to be released. It
// may be called more than once.
func (s *Store) Close() { s.pool.Close() }
