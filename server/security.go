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
		h["Content-Security-Policy"] = pagePolicyValue
		h["X-Content-Type-Options"] = noSniffValue
		return next(c)
	}
}

// Header values every answer carries, shared rather than allocated per
// answer: a one-element literal is capped at its length, so an Add to its
// key appends to a copy, never to it (and Set replaces it). The keys they
// are set under must be canonical.
var (
	pagePolicyValue = []string{pagePolicy}
	noSniffValue    = []string{"nosniff"}
	noCacheValue    = []string{"no-cache"}
)

// cors lets pages of other origins read the API, as public OGC APIs do:
// from any origin by default (Config.CORSOrigins), for the read methods,
// with the conditional-request headers and the headers a client needs to
// page and revalidate exposed. Writes (and their preflights) are allowed
// only from Config.CORSWriteOrigins, none by default: a page elsewhere
// cannot spend a token its user holds.
func (s *Server) cors() echo.MiddlewareFunc {
	pass := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	read, write := pass, pass
	exposed := []string{"ETag", echo.HeaderLastModified, "Link", headerContentCrs, echo.HeaderRetryAfter, echo.HeaderXRequestID, headerReadAfter}
	if len(s.cfg.CORSOrigins) > 0 {
		read = middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins: s.cfg.CORSOrigins,
			AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodOptions},
			AllowHeaders: []string{echo.HeaderAccept, echo.HeaderAcceptEncoding, "If-None-Match", echo.HeaderIfModifiedSince,
				echo.HeaderContentType, headerReadAfter},
			ExposeHeaders: exposed,
			MaxAge:        3600,
		})
	}
	if len(s.cfg.CORSWriteOrigins) > 0 {
		write = middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins: s.cfg.CORSWriteOrigins,
			AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
				http.MethodDelete, http.MethodOptions},
			AllowHeaders: []string{echo.HeaderAccept, echo.HeaderAcceptEncoding, "If-None-Match", echo.HeaderIfModifiedSince,
				echo.HeaderContentType, echo.HeaderAuthorization, "If-Match", headerReadAfter},
			ExposeHeaders: append(exposed, echo.HeaderLocation),
			MaxAge:        3600,
		})
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		r, w := read(next), write(next)
		return func(c echo.Context) error {
			m := c.Request().Method
			if m == http.MethodOptions {
				m = c.Request().Header.Get("Access-Control-Request-Method")
			}
			switch m {
			case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
				return w(c)
			}
			return r(c)
		}
	}
}
