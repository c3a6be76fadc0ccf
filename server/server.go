package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
)

// Server answers Maillage's HTTP API from a data.Store. It is safe for
// concurrent use; per-request state lives in each handler's locals.
type Server struct {
	store   data.Store
	analyst *analysis.Analyst
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	pages   pages
	extents extentCache
	echo    *echo.Echo
	build   string // the binary's id, in ETags (conditional.go)
	// responses keeps whole answers by ETag (response_cache.go).
	responses *responseCache
	// importing lets one POST /api/imports run at a time.
	importing importRunning
	// warming is true while StartWarm fills the analyses' caches
	// (warm.go): /readyz answers 503 meanwhile.
	warming atomic.Bool
	// admission bounds the heavy analyses at once (admission.go).
	admission *admission
	refusals  refusalLog
	// assets keeps the viewer's files' digests (asset_etag.go).
	assets assetTags
}

// Timeouts of the HTTP server itself, beside the per-request deadline.
const (
	// readHeaderTimeout stops clients that open a connection and never
	// finish their headers from holding it.
	readHeaderTimeout = 10 * time.Second
	// readTimeout bounds reading a whole request, body included, so a
	// client trickling a body cannot hold a connection and a goroutine
	// for ever (the body limit bounds its size, this its duration).
	readTimeout = time.Minute
	// writeGrace is how long past RequestTimeout a response may still be
	// written (the 504 problem, the end of a stream) before the connection
	// is cut; a write to a client that stopped reading would otherwise block
	// whatever the context says.
	writeGrace  = 5 * time.Second
	idleTimeout = 2 * time.Minute
)

// New builds a Server over store. cfg should have passed Validate; its zero
// fields take the package defaults. A nil log discards everything. New does
// not listen: use Handler, Run or Serve. The caller keeps ownership of store
// (the Server never closes it).
func New(store data.Store, cfg Config, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	s := &Server{store: store, cfg: cfg, log: log, pages: parsePages(), build: buildID(),
		analyst: analysis.New(store, cfg.Analysis), responses: newResponseCache(cfg.ResponseCacheBytes),
		admission: newAdmission(cfg)}
	s.metrics = newMetrics(map[string]func() analysis.CacheStats{
		"maillage_analysis_cache": s.analyst.CacheStats,
		"maillage_response_cache": s.responses.stats,
	})
	if pr, ok := store.(data.PoolReporter); ok {
		s.metrics.registry.MustRegister(poolCollectors(pr.PoolStats)...)
	}
	if br, ok := store.(data.BackendReporter); ok {
		s.metrics.registry.MustRegister(versionCollector(br.Backends))
		if len(br.Backends()) > 1 {
			s.metrics.registry.MustRegister(backendCollectors(br.Backends)...)
		}
	}
	s.echo = s.routes()
	return s
}

// Handler returns the server's whole HTTP handler, middleware included,
// for httptest or for mounting behind another server.
func (s *Server) Handler() http.Handler { return s.echo }

// Run listens on cfg.Addr and serves until ctx is cancelled, then shuts
// down gracefully (see Serve).
func (s *Server) Run(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve answers requests on ln until ctx is cancelled. It then stops
// accepting connections and waits up to cfg.ShutdownTimeout for requests in
// flight before closing the rest; it returns nil after a shutdown that
// finished in time. ln is closed on return.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      s.cfg.RequestTimeout + writeGrace,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String())

	select {
	case err := <-served:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", s.cfg.ShutdownTimeout)
	// The parent context is already cancelled; the grace period needs a
	// fresh one.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if sErr := <-served; !errors.Is(sErr, http.ErrServerClosed) && sErr != nil {
		return fmt.Errorf("server: %w", sErr)
	}
	if err != nil {
		_ = srv.Close()
		return fmt.Errorf("server: shutdown: %w", err)
	}
	s.log.Info("stopped")
	return nil
}
