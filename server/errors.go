package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// ParamError is a query or path parameter the server cannot accept; the
// error handler answers it with 400 and names Param.
type ParamError struct {
	Param  string // the parameter's name, as the client spelled it
	Reason string // why it was refused, safe to show to the client
	// cause is a lower layer's error behind the refusal, for the log only
	// (Error leaves it out; the problem document shows Error).
	cause error
}

func (e *ParamError) Error() string {
	if e.Param == "" {
		return e.Reason
	}
	return fmt.Sprintf("parameter %q: %s", e.Param, e.Reason)
}

// Unwrap returns the lower layer's error, if any.
func (e *ParamError) Unwrap() error { return e.cause }

func paramErrorf(param, format string, args ...any) *ParamError {
	return &ParamError{Param: param, Reason: fmt.Sprintf(format, args...)}
}

// notFoundError is a missing resource with a message safe to show; it wraps
// data.ErrNotFound (or the store's error wrapping it) for the log.
type notFoundError struct {
	detail string
	err    error
	param  string // the path parameter naming what does not exist, if one does
}

func (e *notFoundError) Error() string { return e.detail + ": " + e.err.Error() }
func (e *notFoundError) Unwrap() error { return e.err }

func notFound(err error, format string, args ...any) error {
	if err == nil {
		err = data.ErrNotFound
	}
	return &notFoundError{detail: fmt.Sprintf(format, args...), err: err}
}

// notFoundParam is notFound for a resource a path parameter names (a tile
// row beyond the matrix): the problem names the parameter.
func notFoundParam(param, format string, args ...any) error {
	return &notFoundError{detail: fmt.Sprintf(format, args...), err: data.ErrNotFound, param: param}
}

// unavailableError is a dependency that cannot answer (the store, for
// /readyz): 503. detail says why to the client; empty, the database is
// not answering.
type unavailableError struct {
	err    error
	detail string
}

func (e *unavailableError) Error() string { return "unavailable: " + e.err.Error() }
func (e *unavailableError) Unwrap() error { return e.err }

// problem is an RFC 9457 problem details document. Parameter and RequestID
// are extension members: the bad parameter's name, and the id to quote when
// reporting a fault (also in the X-Request-ID header and the access log).
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	Parameter string `json:"parameter,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Errors names each bad field of a refused feature (writes).
	Errors []data.FieldProblem `json:"errors,omitempty"`
	// Rows lists the bad rows of a refused import, with their lines.
	Rows []data.RowError `json:"rows,omitempty"`
}

// statusClientClosed is what logs and metrics record for a request whose
// client went away before the answer was complete (nginx's convention); it
// is never sent.
const statusClientClosed = 499

// handleError is the one Echo HTTPErrorHandler. It maps err to a problem
// document and writes it, unless the response has already started (a stream
// that failed midway: the observe middleware aborts the connection) or the
// client has gone. Causes are logged once, by observe; nothing of err's text
// reaches the client except what our own error types say is safe.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed || clientGone(c) {
		return
	}
	p := s.problemFor(err, c)
	p.Instance = c.Request().URL.Path
	p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(p.Status)
		return
	}
	body, mErr := json.Marshal(p)
	if mErr != nil { // cannot happen with these field types
		body = []byte(`{"type":"` + problemInternal + `","title":"Internal Server Error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	// Set, not left to Blob: a stream that failed before its first flush
	// has already set its own Content-Type, and perhaps a Content-Crs that
	// says nothing of a problem.
	c.Response().Header().Set(echo.HeaderContentType, mediaProblem)
	c.Response().Header().Del(headerContentCrs)
	_ = c.Blob(p.Status, mediaProblem, body)
}

// invalidParameter is the 400 of a parameter the client got wrong.
func invalidParameter(pe *ParamError) problem {
	return problem{Type: problemInvalidParameter, Title: "Invalid parameter", Status: http.StatusBadRequest,
		Detail: pe.Error(), Parameter: pe.Param}
}

// filterParam names the query parameter behind a store's refusal. The data
// layer checks much of what the server passes on (a level, a zoom, a
// filter's values and properties) and names the property it refused, which
// is the parameter's own name, so handlers return its *data.FilterError as
// it is and this is the one place that turns it into a 400. The exception
// is "after", the store's name for the position a cursor carries: the
// client sent a cursor (the history's own after is checked by the server
// and never reaches a store unparsed). The Problem is written for the
// client (`="maybe" is not a boolean`), so the detail shows it.
func filterParam(fe *data.FilterError) *ParamError {
	param := fe.Property
	if param == "after" {
		param = paramCursor
	}
	return &ParamError{Param: param, Reason: strings.TrimLeft(fe.Problem, ":= "), cause: fe}
}

// problemFor classifies err; the order matters, as a store error may wrap
// both a context error and something else.
func (s *Server) problemFor(err error, c echo.Context) problem {
	var (
		pe  *ParamError
		nf  *notFoundError
		ue  *unavailableError
		oe  *overloadedError
		rl  *rateLimitedError
		he  *echo.HTTPError
		mbe *http.MaxBytesError
		wr  *writeRefusal
		we  *data.WriteError
		fe  *data.FilterError
	)
	switch {
	case errors.As(err, &wr):
		s.metrics.writeRefused(wr.reason)
		if wr.status == http.StatusUnauthorized {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="maillage"`)
		}
		return problem{Type: wr.typ, Title: wr.title, Status: wr.status, Detail: wr.detail, Parameter: wr.param, Errors: wr.problems, Rows: wr.rows}
	case errors.As(err, &we):
		s.metrics.writeRefused("invalid")
		p := problem{Type: problemInvalidFeature, Title: "Invalid feature", Status: http.StatusBadRequest,
			Detail: we.Error(), Errors: we.Problems}
		if we.Unprocessable {
			p.Title, p.Status = "Unprocessable feature", http.StatusUnprocessableEntity
		}
		if len(we.Problems) == 1 {
			p.Parameter = we.Problems[0].Field
		}
		return p
	case errors.As(err, &pe):
		return invalidParameter(pe)
	case errors.As(err, &fe):
		return invalidParameter(filterParam(fe))
	case errors.Is(err, data.ErrInvalidFilter):
		// A store that refused without saying which parameter: still the
		// client's mistake, not a 500.
		return problem{Type: problemInvalidParameter, Title: "Invalid parameter", Status: http.StatusBadRequest,
			Detail: "a filter value was refused"}
	case errors.As(err, &rl):
		retryAfter(c, rl.retryAfter)
		return problem{Type: problemRateLimited, Title: "Too Many Requests", Status: http.StatusTooManyRequests,
			Detail: "this client sent more requests than its rate allows; retry later"}
	case errors.As(err, &oe):
		retryAfter(c, oe.retryAfter)
		return problem{Type: problemOverloaded, Title: "Service Unavailable", Status: http.StatusServiceUnavailable,
			Detail: oe.detail() + "; retry shortly"}
	case errors.As(err, &ue), errors.Is(err, data.ErrUnavailable):
		retryAfter(c, time.Second)
		detail := "the database is not answering"
		if ue != nil && ue.detail != "" {
			detail = ue.detail
		}
		return problem{Type: problemUnavailable, Title: "Service Unavailable", Status: http.StatusServiceUnavailable,
			Detail: detail + "; retry shortly"}
	case errors.Is(err, context.DeadlineExceeded):
		return problem{Type: problemTimeout, Title: "Gateway Timeout", Status: http.StatusGatewayTimeout,
			Detail: fmt.Sprintf("the request did not complete within %s", s.cfg.RequestTimeout)}
	case errors.As(err, &nf):
		return problem{Type: problemNotFound, Title: "Not Found", Status: http.StatusNotFound, Detail: nf.detail, Parameter: nf.param}
	case errors.Is(err, data.ErrNotFound):
		return problem{Type: problemNotFound, Title: "Not Found", Status: http.StatusNotFound,
			Detail: fmt.Sprintf("%s does not exist", c.Request().URL.Path)}
	case errors.As(err, &mbe):
		if c.Request().Method != http.MethodGet {
			s.metrics.writeRefused("too_large")
		}
		return problem{Type: problemHTTP, Title: http.StatusText(http.StatusRequestEntityTooLarge),
			Status: http.StatusRequestEntityTooLarge, Detail: fmt.Sprintf("the request body exceeds %d bytes", mbe.Limit)}
	case errors.As(err, &he):
		return s.httpProblem(he, c)
	}
	return problem{Type: problemInternal, Title: "Internal Server Error", Status: http.StatusInternalServerError,
		Detail: "an internal error occurred; quote the request_id when reporting it"}
}

// httpProblem turns Echo's own errors (no route, wrong method, body too
// large) into problems.
func (s *Server) httpProblem(he *echo.HTTPError, c echo.Context) problem {
	p := problem{Type: problemHTTP, Title: http.StatusText(he.Code), Status: he.Code}
	if p.Title == "" {
		p.Title = "Error"
	}
	p.Detail = p.Title
	switch he.Code {
	case http.StatusNotFound:
		p.Type = problemNotFound
		p.Detail = fmt.Sprintf("no resource at %s", c.Request().URL.Path)
	case http.StatusMethodNotAllowed:
		p.Detail = fmt.Sprintf("method %s is not allowed on %s", c.Request().Method, c.Request().URL.Path)
	case http.StatusRequestEntityTooLarge:
		limit := s.cfg.MaxBodyBytes
		if n, ok := he.Message.(int64); ok {
			limit = n
		}
		p.Detail = fmt.Sprintf("the request body exceeds %d bytes", limit)
		s.metrics.writeRefused("too_large")
	}
	if he.Code >= 500 {
		p.Type = problemInternal
	}
	return p
}

// clientGone reports whether the client of c has hung up (its request
// context is done). The deadline middleware restores the original request
// before returning, so our own deadline never counts as the client going.
func clientGone(c echo.Context) bool {
	return c.Request().Context().Err() != nil
}
