package main

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/server"
	"github.com/maillage/maillage/static"
	"github.com/spf13/cobra"
)

func (a *app) serveCmd() *cobra.Command {
	cfg := serveConfig{}
	var cacheMB, responseMB int64
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the API (PostGIS with --database-url, else the embedded demo)",
		Long: `Serve the OGC API – Features endpoints, /healthz, /readyz and /metrics.

The store is PostGIS when --database-url (MAILLAGE_DATABASE_URL) is set; otherwise the
dataset directory given by --data-dir, or else the embedded demo dataset, is served from
memory (read-only). SIGINT or SIGTERM stops the server gracefully.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			envErrs := a.configure(cmd)
			cfg.Log = a.log
			cfg.Server.Analysis.CacheBytes = megabytes(cacheMB)
			cfg.Server.ResponseCacheBytes = megabytes(responseMB)
			if static.MapLibre != nil && cfg.Server.VendorDir == server.DefaultVendorDir { // --vendor-dir overrides
				cfg.Server.Vendor = static.MapLibre // the binary's own copy (make build)
			}
			if err := validate(envErrs, cfg); err != nil {
				return err
			}
			return a.serve(cmd.Context(), cfg)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Server.Addr, "addr", server.DefaultAddr, "host:port to listen on")
	f.StringVar(&cfg.Server.BaseURL, "base-url", "", "public URL of the server behind a proxy, for absolute links (default: from each request)")
	f.DurationVar(&cfg.Server.RequestTimeout, "request-timeout", server.DefaultRequestTimeout, "deadline of each request, store query included")
	f.DurationVar(&cfg.Server.ShutdownTimeout, "shutdown-timeout", server.DefaultShutdownTimeout, "grace period for requests in flight on SIGINT/SIGTERM")
	f.Int64Var(&cfg.Server.MaxBodyBytes, "max-body-bytes", server.DefaultMaxBodyBytes, "largest request body accepted (a feature written)")
	f.Int64Var(&cfg.Server.MaxImportBytes, "max-import-bytes", server.DefaultMaxImportBytes, "largest file accepted by POST /api/imports")
	f.DurationVar(&cfg.Server.ImportTimeout, "import-timeout", server.DefaultImportTimeout, "deadline of POST /api/imports, upload included")
	f.Int64Var(&cfg.Server.CountLimit, "count-limit", server.DefaultCountLimit, "largest numberMatched counted; a query matching more gets none (negative: always count)")
	f.IntVar(&cfg.Server.HeavyInFlight, "heavy-in-flight", 0, "heavy analyses (rankings, portraits, observatory, flows…) computed at once (0: one per core but one, at least one)")
	f.IntVar(&cfg.Server.HeavyQueue, "heavy-queue", 0, "heavy analyses waiting for a turn; more are refused at once with 503 (0: four per running one)")
	f.IntVar(&cfg.Server.HeldRetries, "held-retries", 0, "heavy analyses held because their connection asked again before the Retry-After of its last 503, until it is over; more are refused at once (0: a quarter of --max-in-flight, -1: none held)")
	f.IntVar(&cfg.Server.MaxInFlight, "max-in-flight", server.DefaultMaxInFlight, "requests answered at once, probes aside; more are refused at once with 503")
	f.DurationVar(&cfg.Server.HeavyWait, "heavy-wait", server.DefaultHeavyWait, "longest wait of a heavy analysis for its turn before a 503")
	f.Int64Var(&responseMB, "response-cache-mb", server.DefaultResponseCacheBytes>>20, "MB of memory kept for whole answers by ETag, so that a repeated request costs a version read (0: none)")
	f.Int64Var(&cacheMB, "analysis-cache-mb", analysis.DefaultCacheBytes>>20, "MB of memory kept for analyses computed once per data version (0: none)")
	f.StringVar(&cfg.DB.URL, "database-url", "", "PostgreSQL+PostGIS URL (postgres://user@host:5432/db); empty serves from memory")
	f.StringSliceVar(&cfg.DB.ReadURLs, "database-read-url", nil, "a hot-standby replica of --database-url's database to read from (repeat, or separate with commas); writes go to the primary")
	f.Int64Var(&cfg.DB.MaxReplicaLag, "max-replica-lag-bytes", postgis.DefaultMaxReplicaLag, "replay lag past which a replica is skipped until it catches up")
	f.DurationVar(&cfg.DB.StatementTimeout, "db-statement-timeout", postgis.DefaultStatementTimeout, "PostgreSQL statement_timeout of the server's sessions (negative: none)")
	f.Int32Var(&cfg.DB.MaxConns, "db-max-conns", 0, "connection pool size (0: the larger of 4 and the CPU count)")
	f.Float64Var(&cfg.Server.RateLimit, "rate-limit", 0, "requests per second each client (bearer token, else address) may sustain; more get 429 (0: no limit)")
	f.IntVar(&cfg.Server.RateBurst, "rate-burst", 0, "requests a client may send at once within its rate (0: twice the rate)")
	f.StringSliceVar(&cfg.Server.CORSOrigins, "cors-origins", []string{"*"}, "origins whose pages may read the API (CORS), comma-separated; * for any, empty for no CORS headers")
	f.StringSliceVar(&cfg.Server.CORSWriteOrigins, "cors-write-origins", nil, "origins whose pages may write with a token (POST, PUT, PATCH, DELETE), comma-separated; none by default")
	f.StringVar(&cfg.Server.VendorDir, "vendor-dir", server.DefaultVendorDir, "MapLibre GL JS's dist folder, served to the viewer at / under /vendor/maplibre-gl/ (npm ci installs it); a binary from make build has its own copy, used unless this is set")
	f.StringVar(&cfg.DataDir, "data-dir", "", "serve this dataset directory from memory instead of the embedded demo")
	f.Int64Var(&cfg.MemoryLimitMB, "memory-limit-mb", defaultMemoryLimitMB, "soft limit of the process's resident memory in MB: the garbage collector works harder as the heap nears it (0: GOMEMLIMIT's, or none)")
	documentEnv(f)
	return cmd
}

// megabytes turns a cache size flag into the bytes its Config takes, where
// zero means the default: 0 MB (or less) keeps nothing.
func megabytes(mb int64) int64 {
	if mb <= 0 {
		return -1
	}
	return mb << 20
}

// serve opens the store, listens, and serves until ctx is cancelled.
func (a *app) serve(ctx context.Context, cfg serveConfig) error {
	log := a.logger()
	// The limit bounds the store's load too (GOGC 800 there: lightLoad),
	// and is set again once the store has read what it reads of the binary.
	setMemoryLimit(cfg.MemoryLimitMB)
	st, source, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	setMemoryLimit(cfg.MemoryLimitMB)
	defer st.Close()

	// Listening here rather than in server.Run lets the start-up time
	// cover everything up to the moment requests are accepted.
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Server.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := server.New(st, cfg.Server, log)
	if cfg.Server.Vendor == nil { // not the binary's own copy: the folder must be there
		vendor := cmp.Or(cfg.Server.VendorDir, server.DefaultVendorDir)
		if st, err := os.Stat(vendor); err != nil || !st.IsDir() {
			// Not fatal: the API works without the viewer's map.
			log.Warn("the viewer at / needs MapLibre GL JS: run `npm ci` in the repository, or set --vendor-dir (MAILLAGE_VENDOR_DIR)",
				"vendor_dir", vendor)
		}
	}
	log.Info("ready", "url", "http://"+ln.Addr().String()+"/ogc/collections/actors/items",
		"store", source, "startup", time.Since(a.started).Round(time.Millisecond), "rss_mb", residentMB())
	if source == "postgis" {
		// The embedded store computes its answers from memory in
		// milliseconds, and its resident size is kept small.
		srv.StartWarm(ctx)
	}
	return srv.Serve(ctx, ln)
}

// openStore opens the store cfg asks for and says which one it is.
func openStore(ctx context.Context, cfg serveConfig, log *slog.Logger) (data.Store, string, error) {
	switch {
	case cfg.DB.URL != "":
		db := cfg.DB
		db.KeepConns = true // a server's requests should not open connections
		st, err := postgis.Open(ctx, db)
		if err != nil {
			return nil, "", err
		}
		return st, "postgis", nil
	case cfg.DataDir != "":
		defer lightLoad()()
		t0 := time.Now()
		ds, err := dataset.Read(os.DirFS(cfg.DataDir))
		if err != nil {
			return nil, "", fmt.Errorf("read dataset %s: %w", cfg.DataDir, err)
		}
		log.Info("dataset read", "dir", cfg.DataDir, "took", time.Since(t0).Round(time.Millisecond))
		st, err := newMemoryStore(ds)
		if err != nil {
			return nil, "", fmt.Errorf("load dataset %s: %w", cfg.DataDir, err)
		}
		return st, "memory:" + cfg.DataDir, nil
	}
	defer lightLoad()()
	ds, err := demo.Load()
	if err != nil {
		return nil, "", fmt.Errorf("load the embedded demo: %w", err)
	}
	st, err := newMemoryStore(ds)
	if err != nil {
		return nil, "", fmt.Errorf("load the embedded demo: %w", err)
	}
	return st, "memory:demo", nil
}
