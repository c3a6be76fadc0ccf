package postgis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Config says how to reach PostgreSQL. URL is a libpq-style URL or DSN.
// StatementTimeout bounds every statement of the server's sessions (0 means
// DefaultStatementTimeout; a negative value disables it). MaxConns caps the
// pool (0 means pgxpool's default, the larger of 4 and the CPU count).
// BulkRows is the fewest rows an import or a load writes into an empty
// table through the bulk path (bulk.go); 0 means DefaultBulkRows.
//
// KeepConns keeps the pools full: every connection is opened, and set up
// (configureSession), when the store opens and again in the background
// when one is closed, rather than by the request that first needs it. A
// server wants it: a fresh connection costs its first requests the load of
// PostGIS into the backend and the backend's first plans (the first Lyon
// portrait after a start took 0.6–1.1 s against 0.2 s). One-shot commands
// (import, load) leave it off.
//
// ReadURLs are hot-standby replicas of URL's database the reads may go to
// (replicas.go), each with a pool of MaxConns; MaxReplicaLag is the replay
// lag in bytes past which a replica is skipped (0 means
// DefaultMaxReplicaLag).
type Config struct {
	URL              string
	ReadURLs         []string
	StatementTimeout time.Duration
	MaxConns         int32
	KeepConns        bool
	BulkRows         int
	MaxReplicaLag    int64
}

// DefaultStatementTimeout is the statement timeout when Config leaves it 0:
// long enough for a 10 000-feature page, short enough that a runaway query
// does not hold a connection for minutes.
const DefaultStatementTimeout = 30 * time.Second

// Open connects to the database described by cfg and checks it answers. It
// does not migrate: run Migrate first (the server's `migrate` command).
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URL == "" {
		return nil, errors.New("postgis: empty database URL")
	}
	pool, err := openPool(ctx, cfg.URL, cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{pool: pool, bulkRows: cmp.Or(cfg.BulkRows, DefaultBulkRows),
		maxReplicaLag: cmp.Or(cfg.MaxReplicaLag, DefaultMaxReplicaLag),
		backends:      []*backend{{name: "primary", pool: pool}}}
	s.backends[0].up.Store(true)
	for i, u := range cfg.ReadURLs {
		rp, err := openPool(ctx, u, cfg)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("replica %d: %w", i+1, err)
		}
		s.backends = append(s.backends, &backend{source: i + 1, name: fmt.Sprintf("replica %d", i+1), replica: true, pool: rp})
	}
	if err := s.pool.Ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("postgis: ping: %w", translate(ctx, err))
	}
	wctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s.stopWatching = stop
	s.watching.Add(1)
	go func() {
		defer s.watching.Done()
		s.watchVersion(wctx)
	}()
	if len(s.backends) > 1 {
		s.checkReplicas(ctx)
		s.watching.Add(1)
		go func() {
			defer s.watching.Done()
			s.watchReplicas(wctx)
		}()
	}
	return s, nil
}

// openPool opens a pool on url with cfg's size and session settings. The
// pool connects lazily: a replica down at start is only marked down.
func openPool(ctx context.Context, url string, cfg Config) (*pgxpool.Pool, error) {
	pc, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgis: parse database URL: %w", err)
	}
	if cfg.MaxConns > 0 {
		pc.MaxConns = cfg.MaxConns
	}
	if cfg.KeepConns {
		pc.MinConns = pc.MaxConns
	}
	timeout := cfg.StatementTimeout
	if timeout == 0 {
		timeout = DefaultStatementTimeout
	}
	pc.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		return configureSession(ctx, conn, timeout)
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("postgis: open pool: %w", err)
	}
	return pool, nil
}

// configureSession sets the server's session parameters once per connection,
// in one round trip:
//   - statement_timeout: every query is bounded even if a caller's context
//     has no deadline; PostgreSQL stops the query itself, which a Go-side
//     deadline alone does not guarantee.
//   - max_parallel_workers_per_gather = 0: parallel query cut throughput 2–9×
//     under concurrent load on our 2-core machines (measured side by side); the
//     server's parallelism comes from concurrent requests instead.
//   - jit = off: JIT compilation made heavy spatial queries 35–60 % slower
//     and its compile time is paid by every short request.
//   - random_page_cost = 1.1: the default, 4, prices a random read as a
//     seek on a spinning disk. Against the primary key, whose order is the
//     table's, that makes PostgreSQL walk the key from a keyset cursor and
//     drop rows of other values (9 196 rows for 38 associations on the
//     demo) rather than seek in the (filter, id) index of migration 00008.
//     On SSDs, and with the working set cached, a random read costs about
//     a sequential one.
//   - plan_cache_mode = auto (PostgreSQL's default, said explicitly): the
//     statements whose best plan depends on their values (pages, counts,
//     aggregates) are planned for their values every time by being run
//     unnamed (plan.custom); the lookups by key stay prepared and may use
//     a generic plan, planned once per connection.
//
// Then, in a second statement, it clips one polygon with wagyu
// (postgis_warmup.sql). PostGIS 3.3's handler of a query cancel sets
// wagyu's thread-local interrupt flag, and the first touch of postgis-3.so's
// thread-local storage allocates it with malloc. Inside the signal handler,
// while the backend was itself in malloc, that corrupted the heap: the
// backend aborted ("malloc assertion failure in sysmalloc") and PostgreSQL
// reset every session. A core dump of TestAbortStorm, whose 1 000 clients
// hanging up cancel as many queries, showed it one run in six or eight.
// Touched here first, outside any handler, the storage is there when a
// cancel comes.
func configureSession(ctx context.Context, conn *pgx.Conn, timeout time.Duration) error {
	ms := "0"
	if timeout > 0 {
		ms = strconv.FormatInt(max(timeout.Milliseconds(), 1), 10)
	}
	_, err := conn.Exec(ctx, fixedSQL("configure_session"), ms)
	if err != nil {
		return fmt.Errorf("postgis: configure session: %w", err)
	}
	// The warm-up (postgis_warmup.sql) needs PostGIS, which a database not
	// yet migrated lacks (42883 undefined function, 42704 undefined type):
	// its connections have nothing to warm.
	var pgErr *pgconn.PgError
	if _, err := conn.Exec(ctx, fixedSQL("postgis_warmup")); err != nil &&
		!(errors.As(err, &pgErr) && (pgErr.Code == "42883" || pgErr.Code == "42704")) {
		return fmt.Errorf("postgis: warm up the session: %w", err)
	}
	return nil
}
