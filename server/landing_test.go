package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/server"
)

// docLink is a link as tests read it.
type docLink struct {
	Href, Rel, Type, Title string
}

func findLink(links []docLink, rel, typ string) (docLink, bool) {
	for _, l := range links {
		if l.Rel == rel && (typ == "" || l.Type == typ) {
			return l, true
		}
	}
	return docLink{}, false
}

// assertAbsoluteHrefs walks a JSON document and fails on any "href" that
// is not an absolute URL on host: QGIS refuses relative ones.
func assertAbsoluteHrefs(t *testing.T, body []byte, host string) {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode: %v: %s", err, body)
	}
	n := 0
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "href" {
					n++
					s, _ := x.(string)
					if u, err := url.Parse(s); err != nil || !u.IsAbs() || u.Host != host {
						t.Errorf("href %q is not absolute on %s", s, host)
					}
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	if n == 0 {
		t.Errorf("no href in %s", body)
	}
}

// assertAbsoluteServers checks the server URLs of an OpenAPI document,
// the document's own and those of its path items.
func assertAbsoluteServers(t *testing.T, body []byte, host string) {
	t.Helper()
	type servers []struct{ URL string }
	var doc struct {
		Servers servers
		Paths   map[string]struct{ Servers servers }
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	all := doc.Servers
	for _, p := range doc.Paths {
		all = append(all, p.Servers...)
	}
	if len(doc.Servers) == 0 {
		t.Error("no servers")
	}
	for _, s := range all {
		if u, err := url.Parse(s.URL); err != nil || !u.IsAbs() || u.Host != host {
			t.Errorf("server URL %q is not absolute on %s", s.URL, host)
		}
	}
}

// TestEveryResourceJSONAndHTML asks every resource for each
// representation, by f and by Accept, and checks the media type, the
// absolute links, and that each HTML page links to its JSON alternate.
func TestEveryResourceJSONAndHTML(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	resources := []struct{ path, jsonType string }{
		{"/ogc", "application/json"},
		{"/ogc/", "application/json"},
		{"/ogc/conformance", "application/json"},
		{"/ogc/api", "application/vnd.oai.openapi+json;version=3.0"},
		{"/ogc/collections", "application/json"},
		{"/ogc/collections/actors", "application/json"},
		{"/ogc/collections/partnerships", "application/json"},
		{"/ogc/collections/communes/items", "application/geo+json"},
		{"/ogc/collections/partnerships/items?limit=2", "application/geo+json"},
		{"/ogc/collections/actors/items/1", "application/geo+json"},
		{"/ogc/collections/departements/items/01", "application/geo+json"},
	}
	with := func(path, param string) string {
		if strings.Contains(path, "?") {
			return path + "&" + param
		}
		return path + "?" + param
	}
	for _, r := range resources {
		cases := []struct {
			name, target, accept, wantType string
		}{
			{"default", r.path, "", r.jsonType},
			{"f=json", with(r.path, "f=json"), browser, r.jsonType},
			{"f=geojson", with(r.path, "f=geojson"), "", r.jsonType},
			{"Accept json", r.path, "application/json", r.jsonType},
			{"Accept geo+json, json (GDAL)", r.path, "application/geo+json, application/json", r.jsonType},
			{"Accept any", r.path, "*/*", r.jsonType},
			{"f=html", with(r.path, "f=html"), "application/json", "text/html; charset=UTF-8"},
			{"Accept browser", r.path, browser, "text/html; charset=UTF-8"},
		}
		for _, tc := range cases {
			t.Run(r.path+" "+tc.name, func(t *testing.T) {
				t.Parallel()
				rec := get(t, h, tc.target, "Accept", tc.accept)
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
				if ct := rec.Header().Get("Content-Type"); ct != tc.wantType {
					t.Errorf("Content-Type %q, want %q", ct, tc.wantType)
				}
				if !slices.Contains(rec.Header().Values("Vary"), "Accept") {
					t.Errorf("Vary %q lacks Accept", rec.Header().Values("Vary"))
				}
				if strings.Contains(r.path, "/items") {
					if got := rec.Header().Get("Content-Crs"); got != "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>" {
						t.Errorf("Content-Crs %q", got)
					}
				}
				if !strings.HasPrefix(tc.wantType, "text/html") {
					if r.path == "/ogc/api" { // its "href"s are schema members
						assertAbsoluteServers(t, rec.Body.Bytes(), "example.com")
						return
					}
					assertAbsoluteHrefs(t, rec.Body.Bytes(), "example.com")
					return
				}
				body := rec.Body.String()
				if !strings.HasPrefix(body, "<!doctype html>") || !strings.Contains(body, `<html lang="fr">`) {
					t.Errorf("not an HTML page in French: %.200s", body)
				}
				hrefs := regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(body, -1)
				jsonAlt := false
				for _, m := range hrefs {
					u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
					if err != nil || !u.IsAbs() || u.Host != "example.com" {
						t.Errorf("href %q is not absolute", m[1])
						continue
					}
					if u.Query().Get("f") == "json" {
						jsonAlt = true
					}
				}
				if !jsonAlt {
					t.Error("no link to the JSON alternate (f=json)")
				}
			})
		}
	}
}

// TestLandingForQGIS checks what QGIS needs of the landing page, without
// QGIS (qgis_test.go runs the real client): rel "data" written exactly so
// (beside the URI form), a service-desc whose target answers QGIS's own Accept with an
// OpenAPI document giving the limit's maximum and default, and absolute
// hrefs.
func TestLandingForQGIS(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	for _, path := range []string{"/ogc", "/ogc/"} {
		rec := get(t, h, path, "Accept", "application/json")
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("%s: status %d, Content-Type %q", path, rec.Code, rec.Header().Get("Content-Type"))
		}
		assertAbsoluteHrefs(t, rec.Body.Bytes(), "example.com")
		var doc struct {
			Title string
			Links []docLink
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Title == "" {
			t.Error("no title")
		}
		want := []docLink{
			{"http://example.com/ogc", "self", "application/json", ""},
			{"http://example.com/ogc?f=html", "alternate", "text/html", ""},
			{"http://example.com/ogc/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0", ""},
			{"http://example.com/ogc/api?f=html", "service-doc", "text/html", ""},
			{"http://example.com/ogc/conformance", "conformance", "application/json", ""},
			{"http://example.com/ogc/collections", "data", "application/json", ""},
			{"http://example.com/ogc/collections", "http://www.opengis.net/def/rel/ogc/1.0/data", "application/json", ""},
		}
		for _, w := range want {
			l, ok := findLink(doc.Links, w.Rel, "")
			if !ok || l.Href != w.Href || l.Type != w.Type {
				t.Errorf("%s: link %s = %+v, want href %s type %s", path, w.Rel, l, w.Href, w.Type)
			}
		}

		desc, _ := findLink(doc.Links, "service-desc", "")
		u, _ := url.Parse(desc.Href)
		api := get(t, h, u.RequestURI(), "Accept",
			"application/vnd.oai.openapi+json;version=3.0, application/openapi+json;version=3.0, application/json")
		if api.Code != http.StatusOK {
			t.Fatalf("service-desc %s: status %d", desc.Href, api.Code)
		}
		var oa struct {
			OpenAPI    string
			Components struct {
				Parameters map[string]struct {
					Schema map[string]json.RawMessage
				}
			}
		}
		if err := json.Unmarshal(api.Body.Bytes(), &oa); err != nil {
			t.Fatalf("service-desc is not JSON: %v", err)
		}
		limit := oa.Components.Parameters["limit"].Schema
		if !strings.HasPrefix(oa.OpenAPI, "3.0") || string(limit["maximum"]) != "10000" || string(limit["default"]) != "100" {
			t.Errorf("openapi %q, limit schema maximum %s default %s; want 3.0.x, 10000, 100 (integers)",
				oa.OpenAPI, limit["maximum"], limit["default"])
		}
	}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	rec := get(t, h, "/ogc/conformance")
	var doc struct{ ConformsTo []string }
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
		"http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
		"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
		"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
		"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
		"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
		"http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
		"http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
		"http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
		"http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
		"http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
		"http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
		"http://www.opengis.net/spec/cql2/1.0/conf/property-property",
		"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
		"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
		"http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
		"http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
		"http://www.opengis.net/spec/cql2/1.0/conf/arithmetic",
		"http://www.opengis.net/spec/cql2/1.0/conf/array-functions",
		"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
		"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
		"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
		"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
		"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
		"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/collections-selection",
		"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
		"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
	}
	if !slices.Equal(doc.ConformsTo, want) {
		t.Errorf("conformsTo %v, want %v", doc.ConformsTo, want)
	}
}
