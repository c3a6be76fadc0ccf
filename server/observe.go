package server

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// refusalLog sums up requests refused for overload in at most one log line
// a second.
type refusalLog struct {
	n    atomic.Int64
	last atomic.Int64 // unix nanoseconds of the last line
}

// note counts one refusal, and logs the count since the last line once a
// second has passed.
func (r *refusalLog) note(log *slog.Logger) {
	r.n.Add(1)
	now := time.Now().UnixNano()
	last := r.last.Load()
	if last == 0 {
		// The first refusal starts the first second.
		r.last.CompareAndSwap(0, now)
		return
	}
	if now-last < int64(time.Second) || !r.last.CompareAndSwap(last, now) {
		return
	}
	log.Warn("requests refused: overloaded or over their client's rate (503 or 429, with Retry-After)", "refused", r.n.Swap(0),
		"in", time.Duration(now-last).Round(time.Millisecond))
}

// routeUnmatched labels requests no route matched, so scanners probing
// random paths cannot multiply metric series.
const routeUnmatched = "unmatched"

// observe writes one structured access-log line and the Prometheus
// observations for every request. It is where errors are handled: it hands
// a handler's error to the HTTPErrorHandler, then logs the cause once with
// the request id (5xx at Error level). When a response failed after its
// first bytes were sent, it aborts the connection so that the client sees a
// broken transfer rather than a document that merely looks short.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		s.metrics.inFlight.Inc()
		defer s.metrics.inFlight.Dec()

		err := next(c)
		abort := false
		if err != nil {
			abort = c.Response().Committed && !clientGone(c)
			c.Error(err)
		}
		elapsed := time.Since(start)

		res := c.Response()
		status := res.Status
		if err != nil && clientGone(c) {
			status = statusClientClosed
		}
		// Echo sets Path to a registered pattern, or leaves it empty when
		// nothing matched: either way the label set is bounded.
		route := c.Path()
		if route == "" {
			route = routeUnmatched
		}
		code := strconv.Itoa(status)
		s.metrics.requests.WithLabelValues(c.Request().Method, route, code).Inc()
		s.metrics.duration.WithLabelValues(c.Request().Method, route, code).Observe(elapsed.Seconds())

		var oe *overloadedError
		var rl *rateLimitedError
		if errors.As(err, &oe) || errors.As(err, &rl) {
			// Refusals are counted above and summed up in the log at most
			// once a second: a line each would make a flood write the log
			// as fast as it refuses (30 000 lines a second), costing the
			// very requests the refusals protect.
			s.refusals.note(s.log)
			return nil
		}
		level := slog.LevelInfo
		switch {
		case status >= 500 || abort:
			level = slog.LevelError
		case route == pathHealthz || route == pathReadyz || route == pathMetrics:
			level = slog.LevelDebug // probes and scrapes would drown the log
		}
		req := c.Request()
		if !s.log.Enabled(req.Context(), level) && !abort {
			return nil // nothing to log: spare building the record
		}
		attrs := []slog.Attr{
			slog.String("request_id", res.Header().Get(echo.HeaderXRequestID)),
			slog.String("method", req.Method),
			slog.String("uri", req.RequestURI),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Int64("bytes", res.Size),
			slog.Duration("duration", elapsed),
			slog.String("remote", c.RealIP()),
		}
		if err != nil {
			attrs = append(attrs, slog.String("error", err.Error()))
			// A refused parameter may hide a lower layer's error that
			// its client-safe message leaves out.
			if pe := (*ParamError)(nil); errors.As(err, &pe) && pe.cause != nil {
				attrs = append(attrs, slog.String("cause", pe.cause.Error()))
			}
		}
		if abort {
			attrs = append(attrs, slog.Bool("aborted", true))
		}
		s.log.LogAttrs(req.Context(), level, "request", attrs...)

		if abort {
			panic(http.ErrAbortHandler)
		}
		return nil
	}
}
