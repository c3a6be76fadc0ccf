package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/maillage/maillage/server"
)

// TestBadRequests sends requests a client may get wrong: each must be a 4xx
// problem+json naming the parameter at fault, never a 5xx.
func TestBadRequests(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	const items = "/ogc/collections/actors/items"
	cases := []struct {
		name   string
		target string
		status int
		param  string
	}{
		{"unknown parameter", items + "?foo=1", 400, "foo"},
		{"wrong case", items + "?Limit=10", 400, "Limit"},
		{"crs not supported yet", items + "?crs=EPSG:2154", 400, "crs"},
		{"f is not a parameter", items + "?f=json", 400, "f"},
		{"limit twice", items + "?limit=1&limit=2", 400, "limit"},
		{"limit empty", items + "?limit=", 400, "limit"},
		{"limit text", items + "?limit=ten", 400, "limit"},
		{"limit zero", items + "?limit=0", 400, "limit"},
		{"limit negative", items + "?limit=-5", 400, "limit"},
		{"limit huge negative", items + "?limit=-99999999999999999999", 400, "limit"},
		{"limit float", items + "?limit=1.5", 400, "limit"},
		{"offset negative", items + "?offset=-1", 400, "offset"},
		{"offset text", items + "?offset=x", 400, "offset"},
		{"offset huge", items + "?offset=99999999999999999999", 400, "offset"},
		{"bbox empty", items + "?bbox=", 400, "bbox"},
		{"bbox three numbers", items + "?bbox=1,2,3", 400, "bbox"},
		{"bbox five numbers", items + "?bbox=1,2,3,4,5", 400, "bbox"},
		{"bbox text", items + "?bbox=a,b,c,d", 400, "bbox"},
		{"bbox empty member", items + "?bbox=1,,3,4", 400, "bbox"},
		{"bbox NaN", items + "?bbox=NaN,45,5,46", 400, "bbox"},
		{"bbox Inf", items + "?bbox=-Inf,45,5,46", 400, "bbox"},
		{"bbox lon out of range", items + "?bbox=-181,45,5,46", 400, "bbox"},
		{"bbox lat out of range", items + "?bbox=4,-91,5,46", 400, "bbox"},
		{"bbox lat swapped with lon", items + "?bbox=45,4,46,200", 400, "bbox"},
		{"bbox min > max x", items + "?bbox=5,45,4,46", 400, "bbox"},
		{"bbox min > max y", items + "?bbox=4,46,5,45", 400, "bbox"},
		{"bbox twice", items + "?bbox=4,45,5,46&bbox=4,45,5,46", 400, "bbox"},
		{"bbox semicolons", items + "?bbox=4;45;5;46", 400, "bbox"},
		{"semicolon separator", items + "?limit=5;offset=2", 400, "limit"},
		{"bad escape", items + "?limit=%zz", 400, "limit"},
		{"bad escape in name", items + "?li%zzmit=5", 400, "li%zzmit"},
		{"item with a parameter", items + "/1?limit=1", 400, "limit"},
		{"healthz with a parameter", "/healthz?verbose=1", 400, "verbose"},
		{"unknown collection", "/ogc/collections/nowhere/items", 404, ""},
		{"unknown collection with bad params", "/ogc/collections/nowhere/items?limit=x", 404, ""},
		{"unknown feature", items + "/424242", 404, ""},
		{"non-integer id", items + "/1.5", 404, ""},
		{"unknown route", "/nowhere", 404, ""},
		{"collections list not served yet", "/ogc/collections/actors", 404, ""},
		{"trailing slash", items + "/", 404, ""},
		{"percent-encoded garbage", "/ogc/collections/%ff%fe/items", 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, tc.target)
			if rec.Code >= 500 {
				t.Fatalf("status %d (a server error) for a client mistake: %s", rec.Code, rec.Body)
			}
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			p := decodeProblem(t, rec)
			if p.Parameter != tc.param {
				t.Errorf("problem names parameter %q, want %q (detail %q)", p.Parameter, tc.param, p.Detail)
			}
			if tc.param != "" && !strings.Contains(p.Detail, tc.param) {
				t.Errorf("detail %q does not name %q", p.Detail, tc.param)
			}
			if p.RequestID == "" || p.RequestID != rec.Header().Get("X-Request-ID") {
				t.Errorf("problem request_id %q, header %q", p.RequestID, rec.Header().Get("X-Request-ID"))
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	req := httptest.NewRequest(http.MethodPost, "/ogc/collections/actors/items", strings.NewReader("{}"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("status %d, want 405", rec.Code)
	}
	decodeProblem(t, rec)
}

func TestBodyTooLarge(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{MaxBodyBytes: 10})
	req := httptest.NewRequest(http.MethodGet, "/healthz", strings.NewReader(strings.Repeat("x", 100)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", rec.Code)
	}
	decodeProblem(t, rec)
}
