package server_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/maillage/maillage/server"
)

// TestViewerFiles serves the page, the embedded files and a stand-in
// MapLibre folder, and refuses what lies outside them.
func TestViewerFiles(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	vendor := filepath.Join(root, "dist")
	for name, body := range map[string]string{
		"dist/maplibre-gl.mjs":     "export const version = 'test';",
		"dist/maplibre-gl.css":     ".maplibregl-map{}",
		"dist/sub/inner.mjs":       "export {};",
		"secret.mjs":               "export const secret = 1;",
		"dist/maplibre-gl.d.ts":    "declare const x: number;",
		"dist/maplibre-gl.mjs.map": "{}",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHandler(t, newStore(t), server.Config{VendorDir: vendor})

	for _, tc := range []struct {
		target, ctype, body string
	}{
		{"/", "text/html; charset=utf-8", `<html lang="fr">`},
		{"/?collection=departements", "text/html; charset=utf-8", `<html lang="fr">`},
		{"/static/index.html", "text/html; charset=utf-8", `<html lang="fr">`},
		{"/static/app.js", "text/javascript; charset=utf-8", "/vendor/maplibre-gl/maplibre-gl.mjs"},
		{"/static/app.css", "text/css; charset=utf-8", ".carte"},
		{"/vendor/maplibre-gl/maplibre-gl.mjs", "text/javascript; charset=utf-8", "version = 'test'"},
		{"/vendor/maplibre-gl/maplibre-gl.css", "text/css; charset=utf-8", ".maplibregl-map"},
		{"/vendor/maplibre-gl/sub/inner.mjs", "text/javascript; charset=utf-8", "export"},
	} {
		rec := get(t, h, tc.target)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != tc.ctype || !strings.Contains(rec.Body.String(), tc.body) {
			t.Errorf("GET %s: %d %q, want 200 %q with %q; body %.200s", tc.target, rec.Code, rec.Header().Get("Content-Type"), tc.ctype, tc.body, rec.Body)
		}
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", tc.target, got)
		}
	}

	// No listing, no way out of the folder, no file of a type the viewer
	// does not load, nothing unknown: a 404 problem each time.
	for _, target := range []string{
		"/vendor/maplibre-gl/",
		"/vendor/maplibre-gl/sub",
		"/vendor/maplibre-gl/sub/",
		"/vendor/maplibre-gl/../secret.mjs",
		"/vendor/maplibre-gl/sub/../../secret.mjs",
		"/vendor/maplibre-gl/%2e%2e/secret.mjs",
		"/vendor/maplibre-gl/..%2fsecret.mjs",
		"/vendor/maplibre-gl//etc/passwd",
		"/vendor/maplibre-gl/maplibre-gl.d.ts",
		"/vendor/maplibre-gl/nothing.mjs",
		"/static/",
		"/static/static.go",
		"/static/../go.mod",
		"/static/nothing.js",
		"/nothing",
		"/vendor/other/x.mjs",
	} {
		rec := get(t, h, target)
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404; body %.200s", target, rec.Code, rec.Body)
			continue
		}
		decodeProblem(t, rec)
		if strings.Contains(rec.Body.String(), "secret") && strings.Contains(rec.Body.String(), "= 1") {
			t.Errorf("GET %s leaks a file outside the folder", target)
		}
	}
}

// TestViewerFileETags: every file of the viewer, embedded or on disk,
// carries a strong ETag of its content and of the encodings the request
// accepts, which If-None-Match answers with 304 and no body; a file changed
// on disk gets a new one.
func TestViewerFileETags(t *testing.T) {
	t.Parallel()
	vendor := t.TempDir()
	module := filepath.Join(vendor, "maplibre-gl.mjs")
	if err := os.WriteFile(module, []byte("export const version = 'a';"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, newStore(t), server.Config{VendorDir: vendor})
	tags := map[string]string{}
	for _, target := range []string{"/", "/static/app.js", "/static/choropleth.js", "/static/app.css", "/vendor/maplibre-gl/maplibre-gl.mjs"} {
		for _, enc := range []string{"", "gzip", "zstd, gzip"} {
			rec := get(t, h, target, "Accept-Encoding", enc)
			tag := rec.Header().Get("ETag")
			if rec.Code != http.StatusOK || !strings.HasPrefix(tag, `"`) {
				t.Errorf("GET %s (Accept-Encoding %q): %d, ETag %q, want 200 and a strong tag", target, enc, rec.Code, tag)
				continue
			}
			if other, seen := tags[tag]; seen {
				t.Errorf("GET %s (Accept-Encoding %q) has the ETag of %s", target, enc, other)
			}
			tags[tag] = target + " " + enc
			again := get(t, h, target, "Accept-Encoding", enc, "If-None-Match", tag)
			if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != tag {
				t.Errorf("GET %s (Accept-Encoding %q) with If-None-Match %s: %d, ETag %q, %d bytes; want 304, the same tag, no body",
					target, enc, tag, again.Code, again.Header().Get("ETag"), again.Body.Len())
			}
		}
	}
	old := get(t, h, "/vendor/maplibre-gl/maplibre-gl.mjs").Header().Get("ETag")
	later := time.Now().Add(time.Minute)
	if err := os.WriteFile(module, []byte("export const version = 'b';"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(module, later, later); err != nil {
		t.Fatal(err)
	}
	rec := get(t, h, "/vendor/maplibre-gl/maplibre-gl.mjs", "If-None-Match", old)
	if rec.Code != http.StatusOK || rec.Header().Get("ETag") == old || !strings.Contains(rec.Body.String(), "'b'") {
		t.Errorf("after MapLibre changed on disk: %d, ETag %q (was %q), body %q; want 200, a new tag, the new file",
			rec.Code, rec.Header().Get("ETag"), old, rec.Body)
	}
}

// TestViewerWithoutMapLibre: with no MapLibre folder, /vendor answers 404
// problems (never a 500), the page still loads, and the log says to run
// npm ci.
func TestViewerWithoutMapLibre(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	h := server.New(newStore(t), server.Config{VendorDir: filepath.Join(t.TempDir(), "missing")},
		slog.New(slog.NewTextHandler(&logs, nil))).Handler()
	rec := get(t, h, "/vendor/maplibre-gl/maplibre-gl.mjs")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("GET /vendor/maplibre-gl/maplibre-gl.mjs without MapLibre: %d, want 404; body %s", rec.Code, rec.Body)
	}
	decodeProblem(t, rec)
	if !strings.Contains(logs.String(), "npm ci") {
		t.Errorf("the log does not say to run npm ci:\n%s", logs.String())
	}
	if rec := get(t, h, "/"); rec.Code != http.StatusOK {
		t.Errorf("GET / without MapLibre: %d, want 200", rec.Code)
	}
}

// TestViewerEmbeddedMapLibre serves MapLibre from the files given in
// Config.Vendor (a binary's own copy), whatever VendorDir says.
func TestViewerEmbeddedMapLibre(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{"maplibre-gl.mjs": {Data: []byte("export const version = '6';")}}
	h := newHandler(t, newStore(t), server.Config{Vendor: files, VendorDir: t.TempDir()})
	rec := get(t, h, "/vendor/maplibre-gl/maplibre-gl.mjs")
	if rec.Code != http.StatusOK || rec.Body.String() != "export const version = '6';" ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") {
		t.Errorf("embedded module: %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if rec := get(t, h, "/vendor/maplibre-gl/maplibre-gl.css"); rec.Code != http.StatusNotFound {
		t.Errorf("a file not embedded: %d, want 404", rec.Code)
	}
}
