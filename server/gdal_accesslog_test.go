package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// gdalRequest is one access-log line of the server.
type gdalRequest struct {
	method, uri string
	status      int
}

func (r gdalRequest) String() string { return fmt.Sprintf("%s %s → %d", r.method, r.uri, r.status) }

// path and query split the request's URI.
func (r gdalRequest) path() string {
	u, err := url.ParseRequestURI(r.uri)
	if err != nil {
		return r.uri
	}
	return u.Path
}

func (r gdalRequest) query() url.Values {
	u, err := url.ParseRequestURI(r.uri)
	if err != nil {
		return nil
	}
	return u.Query()
}

// gdalAccessLog is the slog.Handler given to server.New. It keeps the
// method, uri and status of every "request" record (the access-log line
// server.observe writes for each request), and passes warnings and errors
// on to the test's output until close.
type gdalAccessLog struct {
	state *gdalLogState // shared by the handlers WithAttrs and WithGroup derive
	attrs []slog.Attr   // from WithAttrs, read like the record's own
	text  slog.Handler
}

// gdalLogState is what every handler derived from one gdalAccessLog shares.
type gdalLogState struct {
	mu     sync.Mutex
	reqs   []gdalRequest
	noURI  int  // "request" records without a uri attribute
	closed bool // the test has ended: t.Output may not be written to
}

func newGDALAccessLog(t testing.TB) *gdalAccessLog {
	return &gdalAccessLog{
		state: &gdalLogState{},
		text:  slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}),
	}
}

func (h *gdalAccessLog) Enabled(context.Context, slog.Level) bool { return true }

func (h *gdalAccessLog) Handle(ctx context.Context, r slog.Record) error {
	st := h.state
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return nil
	}
	if r.Message == "request" {
		var req gdalRequest
		read := func(a slog.Attr) bool {
			switch a.Key {
			case "method":
				req.method = a.Value.String()
			case "uri":
				req.uri = a.Value.String()
			case "status":
				req.status = int(a.Value.Int64())
			}
			return true
		}
		for _, a := range h.attrs {
			read(a)
		}
		r.Attrs(read)
		if req.uri == "" {
			st.noURI++
		}
		st.reqs = append(st.reqs, req)
	}
	if !h.text.Enabled(ctx, r.Level) {
		return nil
	}
	return h.text.Handle(ctx, r)
}

func (h *gdalAccessLog) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &gdalAccessLog{state: h.state, attrs: append(slices.Clip(h.attrs), attrs...), text: h.text.WithAttrs(attrs)}
}

func (h *gdalAccessLog) WithGroup(name string) slog.Handler {
	return &gdalAccessLog{state: h.state, attrs: h.attrs, text: h.text.WithGroup(name)}
}

// close stops the writes to the test's output; requests stay readable.
func (h *gdalAccessLog) close() {
	h.state.mu.Lock()
	defer h.state.mu.Unlock()
	h.state.closed = true
}

// requests returns a copy of the requests logged so far.
func (h *gdalAccessLog) requests() []gdalRequest {
	h.state.mu.Lock()
	defer h.state.mu.Unlock()
	return slices.Clone(h.state.reqs)
}

// itemsRequests returns the requests for a collection's items.
func (h *gdalAccessLog) itemsRequests(collection string) []gdalRequest {
	var out []gdalRequest
	for _, r := range h.requests() {
		if r.path() == "/ogc/collections/"+collection+"/items" {
			out = append(out, r)
		}
	}
	return out
}

// String lists the requests, one a line, for failure messages.
func (h *gdalAccessLog) String() string {
	h.state.mu.Lock()
	reqs, noURI := slices.Clone(h.state.reqs), h.state.noURI
	h.state.mu.Unlock()
	if len(reqs) == 0 {
		return "(none)"
	}
	out := gdalRequestLines(reqs)
	if noURI > 0 {
		out += fmt.Sprintf("\n(%d request lines had no uri attribute: the harness reads method, uri and status from server.observe's log)", noURI)
	}
	return out
}

// gdalRequestLines lists requests one a line.
func gdalRequestLines(reqs []gdalRequest) string {
	lines := make([]string, len(reqs))
	for i, r := range reqs {
		lines[i] = r.String()
	}
	return strings.Join(lines, "\n")
}
