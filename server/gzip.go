package server

import (
	"compress/gzip"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// gzipMiddleware compresses responses for clients that ask for gzip, at the
// fastest level, and only bodies of at least cfg.GzipMinBytes: on two cores
// the default level cost a third to a half of the throughput
// (PERFORMANCE.md), and tiny bodies only grow.
func (s *Server) gzipMiddleware() echo.MiddlewareFunc {
	return middleware.GzipWithConfig(middleware.GzipConfig{
		Level:     gzip.BestSpeed,
		MinLength: s.cfg.GzipMinBytes,
		// Echo's own test is a substring match, which would compress for
		// "gzip;q=0"; skip unless gzip is really accepted. Echo adds Vary
		// when it does not skip; we add it when we do.
		Skipper: func(c echo.Context) bool {
			if acceptsGzip(c.Request().Header.Values(echo.HeaderAcceptEncoding)) {
				return false
			}
			c.Response().Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
			return true
		},
	})
}

// acceptsGzip reports whether Accept-Encoding header values accept gzip
// (or "*") with a non-zero quality.
func acceptsGzip(values []string) bool {
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(item), ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "x-gzip" && coding != "*" {
				continue
			}
			if q, ok := quality(params); ok && q == 0 {
				continue
			}
			return true
		}
	}
	return false
}

// quality reads "q=0.5" among a coding's parameters.
func quality(params string) (float64, bool) {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return q, err == nil
		}
	}
	return 0, false
}
