package server

import (
	"context"
	"errors"
	"time"
)

// StartWarm fills the analysis layer's per-level caches in the background
// (analysis.Analyst.Warm) and, until that ends, has /readyz answer 503:
// a load balancer (or a benchmark waiting for readiness) then sends traffic
// to a process whose first portraits and rankings answer at the speed of
// later ones, not one still reading every level's indicator values. Other
// requests are answered meanwhile; one that needs an entry being computed
// waits for that computation rather than starting its own. Warm's end,
// its duration, or why it stopped, is logged; a failure still ends the
// warming, the caches then filling on demand as without it. A server on
// PostGIS calls it once it listens.
func (s *Server) StartWarm(ctx context.Context) {
	s.warming.Store(true)
	go func() {
		defer s.warming.Store(false)
		t0 := time.Now()
		if err := s.analyst.Warm(ctx); err != nil {
			if ctx.Err() == nil {
				s.log.Warn("warming the analyses' caches stopped", "err", err)
			}
			return
		}
		s.log.Info("analyses' caches warm", "took", time.Since(t0).Round(time.Millisecond))
	}()
}

// errWarming is /readyz's cause while StartWarm runs.
var errWarming = errors.New("warming the analyses' caches")
