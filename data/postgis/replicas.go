package postgis

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/maillage/maillage/data"
)

// Reads can go to hot-standby replicas (Config.ReadURLs), PostgreSQL's own
// streaming replication: writes always go to the primary. A request reads
// everything from one database: the one its data version came from
// (Version picks a replica that is up, round robin, and records it in the
// version; data.WithVersion carries it to every read of the request), so
// its answer, its ETag and the caches keyed by the version agree even when
// the replicas replay at different speeds. A replica is up when it
// answered its last check (every second), is in recovery, and replays
// within Config.MaxReplicaLag bytes of the primary's WAL; when none is up,
// the primary serves the reads.
//
// Writes and imports run on the primary, and answer with the primary's log
// position once they committed (writtenPosition); a request carrying it
// (data.WithReadAfter: its writer reading its own write) reads from a
// replica whose last check found it replayed that far, else from the
// primary. Any other request right after a write may still be served by a
// replica that has not replayed it, within the replica's lag (at most
// MaxReplicaLag, checked every second), and with the version that replica
// holds, so nothing is cached under the wrong version.

// DefaultMaxReplicaLag is the replay lag past which a replica is skipped:
// a few seconds of a busy import, far less than any write of a person.
const DefaultMaxReplicaLag = 16 << 20

// replicaCheckInterval is how often the replicas are checked.
const replicaCheckInterval = time.Second

// backend is one database the store reads from.
type backend struct {
	source   int    // its place in Store.backends: data.Version.Source
	name     string // "primary", "replica 1"…
	replica  bool
	pool     *pgxpool.Pool
	versions versionReads // batches this database's version reads (version.go)
	up       atomic.Bool
	lag      atomic.Int64 // bytes behind the primary at the last check, -1 unknown
	// replayed is how far a replica had replayed the primary's log at its
	// last check: it has replayed at least that much since.
	replayed atomic.Uint64
	checked  atomic.Int64 // unix nanoseconds of the last check
}

// reader is the pool the reads under ctx go to: the database the request's
// version came from, else the primary.
func (s *Store) reader(ctx context.Context) *pgxpool.Pool {
	if v, ok := data.VersionOf(ctx); ok && v.Source > 0 && v.Source < len(s.backends) {
		return s.backends[v.Source].pool
	}
	return s.pool
}

// readSource picks the database a new request reads from: a replica that
// is up, in turn, else the primary (0). A request that must see the log up
// to a position (data.WithReadAfter: its own write) takes only a replica
// whose last check found it replayed that far.
func (s *Store) readSource(ctx context.Context) int {
	n := len(s.backends) - 1
	if n == 0 {
		return 0
	}
	after, _ := data.ReadAfterOf(ctx)
	start := int(s.turn.Add(1))
	for k := range n {
		b := s.backends[1+(start+k)%n]
		if b.up.Load() && b.replayed.Load() >= uint64(after) {
			return b.source
		}
	}
	return 0
}

// Backends implements data.BackendReporter.
func (s *Store) Backends() []data.BackendStatus {
	out := make([]data.BackendStatus, len(s.backends))
	for i, b := range s.backends {
		out[i] = data.BackendStatus{Name: b.name, Replica: b.replica, Up: b.up.Load(), LagBytes: b.lag.Load(),
			Checked: time.Unix(0, b.checked.Load())}
	}
	_, out[0].VersionNotified = s.watch.get(time.Now())
	return out
}

// watchReplicas checks the replicas every replicaCheckInterval until ctx
// ends.
func (s *Store) watchReplicas(ctx context.Context) {
	t := time.NewTicker(replicaCheckInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.checkReplicas(ctx)
		}
	}
}

// checkReplicas reads the primary's WAL position and each replica's
// replay position, and marks each replica up or down.
func (s *Store) checkReplicas(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, replicaCheckInterval)
	defer cancel()
	primaryLSN, primaryErr := readLSN(ctx, s.pool, "SELECT pg_current_wal_lsn()::text")
	s.backends[0].up.Store(primaryErr == nil)
	s.backends[0].lag.Store(0)
	s.backends[0].checked.Store(time.Now().UnixNano())
	for _, b := range s.backends[1:] {
		var recovering bool
		var replay string
		err := b.pool.QueryRow(ctx, "SELECT pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn(), '0/0')::text").Scan(&recovering, &replay)
		lag := int64(-1)
		if err == nil {
			if r, perr := data.ParseLogPosition(replay); perr == nil {
				b.replayed.Store(uint64(r))
				if primaryErr == nil {
					lag = max(0, int64(primaryLSN)-int64(r))
				}
			}
		}
		// With the primary unreachable the lag is unknown: a replica that
		// answers still serves the reads it has.
		up := err == nil && recovering && (primaryErr != nil || (lag >= 0 && lag <= s.maxReplicaLag))
		b.up.Store(up)
		b.lag.Store(lag)
		b.checked.Store(time.Now().UnixNano())
	}
}

// readLSN runs a query returning one pg_lsn as text and parses it.
func readLSN(ctx context.Context, pool *pgxpool.Pool, sql string) (data.LogPosition, error) {
	var text string
	if err := pool.QueryRow(ctx, sql).Scan(&text); err != nil {
		return 0, err
	}
	return data.ParseLogPosition(text)
}

// writtenPosition is the primary's log position once a write has
// committed, for its writer to read it back (data.WrittenFeature.ReadAfter):
// the insert position, which is past the commit record even before the
// record is flushed (synchronous_commit off). Zero when it cannot be read:
// the write stands, and its writer may then read from a replica that has
// not replayed it yet.
func (s *Store) writtenPosition(ctx context.Context) data.LogPosition {
	s.watch.forget() // this process's next reads see the write (version_watch.go)
	p, err := readLSN(ctx, s.pool, "SELECT pg_current_wal_insert_lsn()::text")
	if err != nil {
		return 0
	}
	return p
}
