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
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(s.cfg.GzipMinBytes),
		gzhttp.CompressionLevel(gzip.BestSpeed),
		gzhttp.EnableZstd(true),
	)
	if err != nil { // cannot happen: the options above are valid
		panic(err)
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
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
