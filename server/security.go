package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// pagePolicy is the Content-Security-Policy of every answer. The viewer
// and the portrait page load scripts from our origin only, never inline;
// MapLibre GL JS starts its workers from blob: URLs and draws images from
// data: and blob: URLs; the portrait page's own styles are inline. An API
// answer read as a page gets the same fence.
const pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; worker-src 'self' blob:; child-src 'self' blob:; connect-src 'self'; " +
	"font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'"

// secureHeaders sets the headers every answer carries: the page policy, and
// nosniff so that a browser never runs as script or page what was served as
// data (a GeoJSON property holding markup, say).
func (s *Server) secureHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", pagePolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		return next(c)
	}
}

// cors lets pages of other origins read the API, as public OGC APIs do:
// from any origin by default (Config.CORSOrigins), for the read methods,
// with the conditional-request headers and the headers a client needs to
// page and revalidate exposed. Writes, when they come, will only be allowed
// from the origins configured for them.
func (s *Server) cors() echo.MiddlewareFunc {
	if len(s.cfg.CORSOrigins) == 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins: s.cfg.CORSOrigins,
		AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodOptions},
		AllowHeaders: []string{echo.HeaderAccept, echo.HeaderAcceptEncoding, "If-None-Match", echo.HeaderIfModifiedSince,
			echo.HeaderContentType},
		ExposeHeaders: []string{"ETag", echo.HeaderLastModified, "Link", headerContentCrs, echo.HeaderRetryAfter,
			echo.HeaderXRequestID},
		MaxAge: 3600,
	})
}
