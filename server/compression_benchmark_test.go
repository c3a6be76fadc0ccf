package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
)

// BenchmarkCompression writes one 1 000-actor page of the demo through
// the server's compression (gzhttp: gzip at BestSpeed, zstd) and, as the
// baseline in the same run, through Echo's gzip middleware at the same
// level as the server used before; "plain" is the page uncompressed. The
// bytes/op metric is the size on the wire.
func BenchmarkCompression(b *testing.B) {
	ds, err := demo.Load()
	if err != nil {
		b.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		b.Fatal(err)
	}
	s := New(st, Config{ResponseCacheBytes: -1}, nil)
	page := httptest.NewRecorder()
	s.Handler().ServeHTTP(page, httptest.NewRequest(http.MethodGet, "/ogc/collections/actors/items?limit=1000", nil))
	body := page.Body.Bytes()
	handler := func(c echo.Context) error { return c.Blob(http.StatusOK, mediaGeoJSON, body) }
	echoGzip := middleware.GzipWithConfig(middleware.GzipConfig{Level: gzip.BestSpeed, MinLength: DefaultGzipMinBytes})
	cases := []struct {
		name, accept string
		mw           echo.MiddlewareFunc
	}{
		{"plain", "", s.compress()},
		{"echo-gzip-baseline", "gzip", echoGzip},
		{"gzhttp-gzip", "gzip", s.compress()},
		{"gzhttp-zstd", "zstd", s.compress()},
	}
	for _, c := range cases {
		e := echo.New()
		e.Use(c.mw)
		e.GET("/", handler)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			var wire int
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/", nil)
				req.Header.Set("Accept-Encoding", c.accept)
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, req)
				wire = rec.Body.Len()
				_, _ = io.Copy(io.Discard, rec.Body)
			}
			b.ReportMetric(float64(wire), "wire-bytes")
		})
	}
}
