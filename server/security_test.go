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

// TestCORSWrites: a preflight for a write is granted only to the origins
// configured for writes, with Authorization and If-Match allowed; reads
// stay open to any origin.
func TestCORSWrites(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	def := newHandler(t, st, server.Config{})
	writers := newHandler(t, st, server.Config{CORSWriteOrigins: []string{"https://region.example.fr"}})
	for _, c := range []struct {
		name   string
		h      http.Handler
		origin string
		want   string
	}{
		{"no write origin by default", def, "https://region.example.fr", ""},
		{"a write origin", writers, "https://region.example.fr", "https://region.example.fr"},
		{"another origin", writers, "https://elsewhere.example.com", ""},
	} {
		req := httptest.NewRequest(http.MethodOptions, "/ogc/collections/actors/items/1", nil)
		req.Header.Set("Origin", c.origin)
		req.Header.Set("Access-Control-Request-Method", http.MethodPatch)
		req.Header.Set("Access-Control-Request-Headers", "authorization,if-match,content-type")
		pre := httptest.NewRecorder()
		c.h.ServeHTTP(pre, req)
		if got := pre.Header().Get("Access-Control-Allow-Origin"); got != c.want {
			t.Errorf("%s: preflight Access-Control-Allow-Origin %q, want %q", c.name, got, c.want)
		}
		allowed := strings.ToLower(pre.Header().Get("Access-Control-Allow-Headers") + pre.Header().Get("Access-Control-Allow-Methods"))
		if c.want != "" && !(strings.Contains(allowed, "authorization") && strings.Contains(allowed, "if-match") && strings.Contains(allowed, "patch")) {
			t.Errorf("%s: preflight allows %q", c.name, allowed)
		}
	}
	if rec := get(t, writers, "/ogc/collections/actors/items?limit=1", "Origin", "https://elsewhere.example.com"); rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("reads from any origin: %q", rec.Header().Get("Access-Control-Allow-Origin"))
	}
}

// TestRateLimit checks the per-client token bucket: off by default; when
// set, a client's burst passes and the next request gets 429 with
// Retry-After, while another address, another token and the health probe
// keep their own way.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	send := func(h http.Handler, target, addr, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.RemoteAddr = addr
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	const page = "/ogc/collections/actors/items?limit=1"
	unlimited := newHandler(t, st, server.Config{})
	for i := range 50 {
		if rec := send(unlimited, page, "192.0.2.7:1000", ""); rec.Code != http.StatusOK {
			t.Fatalf("no limit: request %d got %d", i, rec.Code)
		}
	}

	limited := newHandler(t, st, server.Config{RateLimit: 0.5, RateBurst: 3})
	for i := range 3 {
		if rec := send(limited, page, "192.0.2.7:1000", ""); rec.Code != http.StatusOK {
			t.Fatalf("within the burst: request %d got %d", i, rec.Code)
		}
	}
	rec := send(limited, page, "192.0.2.7:1001", "") // same address, another port
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "2" ||
		!strings.Contains(rec.Body.String(), "urn:maillage:problem:rate-limited") {
		t.Errorf("over the burst: %d, Retry-After %q: %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	for _, other := range []struct{ name, addr, token string }{
		{"another address", "198.51.100.4:1000", ""},
		{"a token from the same address", "192.0.2.7:1000", "jeton-1"},
	} {
		if rec := send(limited, page, other.addr, other.token); rec.Code != http.StatusOK {
			t.Errorf("%s: %d, want its own bucket", other.name, rec.Code)
		}
	}
	if rec := send(limited, "/healthz", "192.0.2.7:1000", ""); rec.Code != http.StatusOK {
		t.Errorf("/healthz of a limited client: %d", rec.Code)
	}
}
