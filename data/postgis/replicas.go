package postgis

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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
// Imports run on the primary; a request right after one may still be
// served by a replica that has not replayed it, within the replica's lag
// (at most MaxReplicaLag, checked every second), and with the version that
// replica holds, so nothing is cached under the wrong version.

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
// is up, in turn, else the primary (0).
func (s *Store) readSource() int {
	n := len(s.backends) - 1
	if n == 0 {
		return 0
	}
	start := int(s.turn.Add(1))
	for k := range n {
		i := 1 + (start+k)%n
		if s.backends[i].up.Load() {
			return i
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
		if err == nil && primaryErr == nil {
			if r, perr := parseLSN(replay); perr == nil {
				lag = max(0, int64(primaryLSN)-int64(r))
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
func readLSN(ctx context.Context, pool *pgxpool.Pool, sql string) (uint64, error) {
	var text string
	if err := pool.QueryRow(ctx, sql).Scan(&text); err != nil {
		return 0, err
	}
	return parseLSN(text)
}

// parseLSN reads a pg_lsn's text form, two hexadecimal halves "X/Y".
func parseLSN(text string) (uint64, error) {
	hi, lo, ok := strings.Cut(text, "/")
	if !ok {
		return 0, fmt.Errorf("postgis: LSN %q: no slash", text)
	}
	h, err := strconv.ParseUint(hi, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("postgis: LSN %q: %w", text, err)
	}
	l, err := strconv.ParseUint(lo, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("postgis: LSN %q: %w", text, err)
	}
	return h<<32 | l, nil
}
