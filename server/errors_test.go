package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/server"
)

// TestBadRequests sends requests a client may get wrong: each must be a 4xx
// problem+json naming the parameter at fault, never a 5xx.
func TestBadRequests(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	const items = "/ogc/collections/actors/items"
	const partnerships = "/ogc/collections/partnerships/items"
	// A genuine cursor of another collection, and one of actors cut short.
	communesCursor := cursorOf(t, h, "/ogc/collections/communes/items?limit=1")
	actorsCursor := cursorOf(t, h, items+"?limit=1")
	cases := []struct {
		name   string
		target string
		status int
		param  string
	}{
		{"unknown parameter", items + "?foo=1", 400, "foo"},
		{"wrong case", items + "?Limit=10", 400, "Limit"},
		{"crs not served", items + "?crs=http://www.opengis.net/def/crs/EPSG/0/27572", 400, "crs"},
		{"crs empty", items + "?crs=", 400, "crs"},
		{"crs twice", items + "?crs=EPSG:2154&crs=EPSG:2154", 400, "crs"},
		{"crs of a feature not served", items + "/1?crs=EPSG:27572", 400, "crs"},
		{"bbox-crs not served", items + "?bbox=1,2,3,4&bbox-crs=EPSG:27572", 400, "bbox-crs"},
		{"bbox in EPSG:4326 beyond the pole (lat first)", items + "?bbox=45,2,95,3&bbox-crs=EPSG:4326", 400, "bbox"},
		{"bbox in EPSG:3857 beyond the world", items + "?bbox=-3e7,0,0,1e6&bbox-crs=EPSG:3857", 400, "bbox"},
		{"bbox in Lambert-93 reversed", items + "?bbox=700000,6700000,600000,6800000&bbox-crs=EPSG:2154", 400, "bbox"},
		{"f unknown", items + "?f=xml", 400, "f"},
		{"f empty", items + "?f=", 400, "f"},
		{"f upper case", "/ogc?f=HTML", 400, "f"},
		{"f twice", "/ogc/conformance?f=json&f=html", 400, "f"},
		{"landing with a parameter", "/ogc?limit=1", 400, "limit"},
		{"landing slash with a parameter", "/ogc/?x=1", 400, "x"},
		{"conformance with a parameter", "/ogc/conformance?bbox=1,2,3,4", 400, "bbox"},
		{"api with a parameter", "/ogc/api?version=3", 400, "version"},
		{"collections with a parameter", "/ogc/collections?limit=1", 400, "limit"},
		{"collection with a parameter", "/ogc/collections/actors?kind=association", 400, "kind"},
		{"cursor empty", items + "?cursor=", 400, "cursor"},
		{"cursor garbage", items + "?cursor=hello", 400, "cursor"},
		{"cursor not base64", items + "?cursor=%21%21%21%21", 400, "cursor"},
		{"cursor padded", items + "?cursor=" + actorsCursor + "%3D", 400, "cursor"},
		{"cursor truncated", items + "?cursor=" + actorsCursor[:len(actorsCursor)-2], 400, "cursor"},
		{"cursor tampered", items + "?cursor=" + tamper(actorsCursor), 400, "cursor"},
		{"cursor of another collection", items + "?cursor=" + communesCursor, 400, "cursor"},
		{"cursor too long", items + "?cursor=" + strings.Repeat("A", 400), 400, "cursor"},
		{"cursor twice", items + "?cursor=" + actorsCursor + "&cursor=" + actorsCursor, 400, "cursor"},
		{"datetime on a collection without dates", items + "?datetime=2020-01-01", 400, "datetime"},
		{"datetime empty", partnerships + "?datetime=", 400, "datetime"},
		{"datetime text", partnerships + "?datetime=yesterday", 400, "datetime"},
		{"datetime no offset", partnerships + "?datetime=2020-01-01T10:00:00", 400, "datetime"},
		{"datetime bad month", partnerships + "?datetime=2020-13-01", 400, "datetime"},
		{"datetime three sides", partnerships + "?datetime=2020-01-01/2020-02-01/2020-03-01", 400, "datetime"},
		{"datetime reversed", partnerships + "?datetime=2021-01-01/2020-01-01", 400, "datetime"},
		{"datetime bad end", partnerships + "?datetime=2020-01-01/soon", 400, "datetime"},
		{"filter empty", items + "?kind=", 400, "kind"},
		{"filter boolean", items + "?employer=maybe", 400, "employer"},
		{"filter integer", "/ogc/collections/communes/items?density_class=dense", 400, "density_class"},
		{"filter integer float", "/ogc/collections/communes/items?density_class=1.5", 400, "density_class"},
		{"filter integer on partnerships", partnerships + "?actor_a=x", 400, "actor_a"},
		{"filter control character", items + "?kind=a%00b", 400, "kind"},
		{"filter invalid UTF-8", items + "?kind=%ff", 400, "kind"},
		{"filter too long", items + "?kind=" + strings.Repeat("a", 300), 400, "kind"},
		{"filter twice", items + "?kind=a&kind=b", 400, "kind"},
		{"filter of another collection", items + "?category=mecenat", 400, "category"},
		{"property that is not queryable", items + "?siren=x", 400, "siren"},
		{"unknown collection description", "/ogc/collections/nowhere", 404, ""},
		{"unknown collection item", "/ogc/collections/nowhere/items/1", 404, ""},
		{"unknown territory", "/ogc/collections/departements/items/2A", 404, ""},
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

// cursorOf returns the cursor of the next link of a page.
func cursorOf(t *testing.T, h http.Handler, target string) string {
	t.Helper()
	fc := decodeFC(t, get(t, h, target).Body)
	u, err := url.Parse(fc.link("next"))
	if err != nil || u.Query().Get("cursor") == "" {
		t.Fatalf("%s: no cursor in next link %q", target, fc.link("next"))
	}
	return u.Query().Get("cursor")
}

// tamper changes one character in the middle of a token, keeping it
// base64url.
func tamper(tok string) string {
	b := []byte(tok)
	i := len(b) / 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// TestStoreInvalidFilterIs400 checks that a filter the store refuses
// (data.ErrInvalidFilter) is the client's 400 naming the parameter, not a
// 500, whichever way the store words it.
func TestStoreInvalidFilterIs400(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	cases := []struct {
		name, target, param string
		err                 error
	}{
		{"value", "/ogc/collections/actors/items?employer=true&kind=x", "employer",
			fmt.Errorf("items of actors: %w", &data.FilterError{Property: "employer", Problem: ` is not a boolean`})},
		{"property", "/ogc/collections/actors/items?kind=x&sector=y", "sector",
			&data.FilterError{Property: "sector", Problem: " is not a queryable of actors"}},
		{"unnamed", "/ogc/collections/actors/items?kind=x", "", data.ErrInvalidFilter},
		{"datetime", "/ogc/collections/partnerships/items?datetime=2020-01-01&category=x", "datetime",
			&data.FilterError{Property: "datetime", Problem: ": partnerships has no temporal property"}},
		{"cursor", "/ogc/collections/actors/items?kind=x&cursor=CURSOR", "cursor",
			&data.FilterError{Property: "after", Problem: ` is not an id of actors`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			refuse := storeFunc{Store: st, items: func(context.Context, string, data.ItemsQuery, data.EmitFunc) error { return tc.err }}
			h := newHandler(t, refuse, server.Config{})
			target := tc.target
			if strings.Contains(target, "CURSOR") {
				target = strings.Replace(target, "CURSOR", cursorOf(t, newHandler(t, st, server.Config{}), "/ogc/collections/actors/items?limit=1"), 1)
			}
			rec := get(t, h, target)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
			}
			if p := decodeProblem(t, rec); p.Parameter != tc.param {
				t.Errorf("parameter %q, want %q (detail %q)", p.Parameter, tc.param, p.Detail)
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
