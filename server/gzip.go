package server

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
)

// compress compresses answers for clients that accept it: zstd when the
// client prefers it or ranks it equal (faster to write and smaller), else
// gzip at the fastest level; only bodies of at least cfg.GzipMinBytes
// (tiny bodies only grow), never an answer that already has a
// Content-Encoding (a stored, gzipped tile), never already-compressed
// types. klauspost/compress's gzhttp does the negotiation, q-values
// included, and writes gzip twice as fast as Echo's middleware over the
// standard library at the same level, and zstd as fast with a quarter
// fewer bytes (BenchmarkCompression, a 1 000-actor page): on two cores,
// compression is a large share of a page's cost.
//
// It sits innermost, so problem documents, written by the error handler
// after the chain has returned, go out plain and whole: the compressing
// writer is gone by then.
func (s *Server) compress() echo.MiddlewareFunc {
	fast := s.compressWrapper(gzip.BestSpeed)
	// Vector tiles at level 6: klauspost's levels up to 5 judge
	// some tiles of varint-packed protobuf incompressible and send them
	// stored (a département tile of 26 630 bytes came out at 26 655),
	// where level 6 gives 19 947. Tiles are kept by the response cache
	// compressed, so the dearer level is paid once per tile and version.
	tiles := s.compressWrapper(6)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			wrap := fast
			if tileRoute(c.Path()) {
				wrap = tiles
			}
			res := c.Response()
			plain := res.Writer
			var err error
			wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				res.Writer = w
				err = next(c)
			})).ServeHTTP(plain, c.Request())
			res.Writer = plain
			return err
		}
	}
}

// compressWrapper is gzhttp's wrapper at a gzip level.
func (s *Server) compressWrapper(level int) func(http.Handler) http.HandlerFunc {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(s.cfg.GzipMinBytes),
		gzhttp.CompressionLevel(level),
		gzhttp.EnableZstd(true),
	)
	if err != nil { // cannot happen: the options above are valid
		panic(err)
	}
	return wrap
}

// tileRoute reports whether a route answers vector tiles.
func tileRoute(route string) bool {
	return route == pathOGC+routeColTile || route == pathOGC+routeTile
}
