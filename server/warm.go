package server

import (
	"context"
	"time"
)

// Warm fills the analysis layer's per-level caches before the first
// requests ask for them (analysis.Analyst.Warm), and logs how long it took
// or why it stopped. A server on PostGIS runs it in the background once it
// listens; requests are answered meanwhile, and one that needs an entry
// being computed waits for that computation rather than starting its own.
func (s *Server) Warm(ctx context.Context) {
	t0 := time.Now()
	if err := s.analyst.Warm(ctx); err != nil {
		if ctx.Err() == nil {
			s.log.Warn("warming the analyses' caches stopped", "err", err)
		}
		return
	}
	s.log.Info("analyses' caches warm", "took", time.Since(t0).Round(time.Millisecond))
}
