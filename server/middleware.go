package server

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/labstack/echo/v4"
)

// requestID gives every request an id, echoed in the X-Request-ID response
// header, the access log and any problem document. A client's own id is
// kept when it is a short token, so ids can be followed across a proxy.
func (s *Server) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !validRequestID(id) {
			id = rand.Text()
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

// validRequestID accepts 1 to 128 characters from [A-Za-z0-9._:-], which
// covers UUIDs and the ids proxies generate and keeps logs clean.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '.', r == '_', r == ':', r == '-':
		default:
			return false
		}
	}
	return true
}

// deadline bounds the request by cfg.RequestTimeout through its context, so
// the store's query is cancelled when it fires (→ 504) as well as when the
// client hangs up. The original request is put back before returning, so
// the error handler can tell our deadline from the client leaving.
func (s *Server) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		timeout := s.cfg.RequestTimeout
		if c.Path() == pathImports {
			timeout = s.cfg.ImportTimeout
		}
		ctx, cancel := context.WithTimeout(req.Context(), timeout)
		// Deferred so that it also happens when a panic unwinds through.
		defer func() {
			c.SetRequest(req)
			cancel()
		}()
		c.SetRequest(req.WithContext(ctx))
		return next(c)
	}
}

// bodyLimit refuses bodies over cfg.MaxBodyBytes: at once when
// Content-Length says so, otherwise when the reader crosses the limit
// (http.MaxBytesError, mapped to 413).
func (s *Server) bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		limit := s.cfg.MaxBodyBytes
		if c.Path() == pathImports {
			limit = s.cfg.MaxImportBytes
		}
		if req.ContentLength > limit {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge, limit)
		}
		if req.Body != nil && req.Body != http.NoBody {
			req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
		}
		return next(c)
	}
}

// recoverPanic turns a handler's panic into an error (a 500, logged with its
// stack by observe). http.ErrAbortHandler is let through: it is how a
// stream that failed midway is cut off on purpose.
func (s *Server) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if r == http.ErrAbortHandler {
				panic(r)
			}
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}()
		return next(c)
	}
}
