package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/maillage/maillage/server"
)

// TestSecureHeaders checks the page policy and nosniff on pages, API
// answers and problems alike.
func TestSecureHeaders(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	for _, target := range []string{"/", "/portrait/69?level=departement", "/ogc/collections", "/ogc/collections/nope"} {
		rec := get(t, h, target)
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe-eval") ||
			strings.Contains(csp[strings.Index(csp, "script-src"):strings.Index(csp, "style-src")], "unsafe-inline") {
			t.Errorf("%s (%d): Content-Security-Policy %q lets other scripts run", target, rec.Code, csp)
		}
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s (%d): X-Content-Type-Options %q", target, rec.Code, got)
		}
	}
}

// TestCORS checks reads from other origins: open to any by default, to the
// configured ones otherwise, with preflights answered for the conditional
// headers the viewer and clients send.
func TestCORS(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	open := newHandler(t, st, server.Config{})
	closed := newHandler(t, st, server.Config{CORSOrigins: []string{"https://carto.example.org"}})
	none := newHandler(t, st, server.Config{CORSOrigins: []string{}})
	cases := []struct {
		name   string
		h      http.Handler
		origin string
		want   string // Access-Control-Allow-Origin
	}{
		{"any origin by default", open, "https://elsewhere.example.com", "*"},
		{"a configured origin", closed, "https://carto.example.org", "https://carto.example.org"},
		{"an origin not configured", closed, "https://elsewhere.example.com", ""},
		{"CORS off", none, "https://carto.example.org", ""},
	}
	for _, c := range cases {
		rec := get(t, c.h, "/ogc/collections/actors/items?limit=1", "Origin", c.origin)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: GET %d", c.name, rec.Code)
		}
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != c.want {
			t.Errorf("%s: GET Access-Control-Allow-Origin %q, want %q", c.name, got, c.want)
		}
		if c.want != "" && !strings.Contains(rec.Header().Get("Access-Control-Expose-Headers"), "Etag") &&
			!strings.Contains(rec.Header().Get("Access-Control-Expose-Headers"), "ETag") {
			t.Errorf("%s: ETag not exposed: %q", c.name, rec.Header().Get("Access-Control-Expose-Headers"))
		}

		req := httptest.NewRequest(http.MethodOptions, "/ogc/collections/actors/items", nil)
		req.Header.Set("Origin", c.origin)
		req.Header.Set("Access-Control-Request-Method", http.MethodGet)
		req.Header.Set("Access-Control-Request-Headers", "if-none-match")
		pre := httptest.NewRecorder()
		c.h.ServeHTTP(pre, req)
		allowed := pre.Header().Get("Access-Control-Allow-Origin")
		if allowed != c.want {
			t.Errorf("%s: preflight Access-Control-Allow-Origin %q, want %q (status %d)", c.name, allowed, c.want, pre.Code)
		}
		if c.want != "" && (pre.Code != http.StatusNoContent ||
			!strings.Contains(strings.ToLower(pre.Header().Get("Access-Control-Allow-Headers")), "if-none-match")) {
			t.Errorf("%s: preflight %d, Allow-Headers %q", c.name, pre.Code, pre.Header().Get("Access-Control-Allow-Headers"))
		}
	}
}
