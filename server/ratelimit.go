package server

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// The per-client rate limit (Config.RateLimit, off by default) is a token
// bucket per client, Echo's memory store over golang.org/x/time/rate: a
// client holding a bearer token is that token (hashed, so the store never
// holds a credential), any other its address. Health probes and scrapes
// are never limited. Beyond its bucket a client gets 429 with Retry-After.

// rateLimitedError is a request over its client's rate: 429.
type rateLimitedError struct{ retryAfter time.Duration }

func (e *rateLimitedError) Error() string { return "rate limit exceeded" }

// rateLimit is the middleware, or a pass-through when no limit is set.
func (s *Server) rateLimit() echo.MiddlewareFunc {
	if s.cfg.RateLimit <= 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	burst := s.cfg.RateBurst
	if burst <= 0 {
		burst = max(1, int(2*s.cfg.RateLimit))
	}
	retry := time.Duration(float64(time.Second) / s.cfg.RateLimit)
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool {
			switch c.Path() {
			case pathHealthz, pathReadyz, pathMetrics:
				return true
			}
			return false
		},
		IdentifierExtractor: func(c echo.Context) (string, error) { return clientKey(c), nil },
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(s.cfg.RateLimit), Burst: burst, ExpiresIn: 3 * time.Minute}),
		DenyHandler: func(echo.Context, string, error) error { return &rateLimitedError{retryAfter: retry} },
	})
}

// clientKey names the client of c for its bucket.
func clientKey(c echo.Context) string {
	if token, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer "); ok && token != "" {
		sum := sha256.Sum256([]byte(token))
		return "token:" + hex.EncodeToString(sum[:16])
	}
	return "addr:" + c.RealIP()
}
