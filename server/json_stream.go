package server

import (
	"bufio"

	"github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
	"github.com/labstack/echo/v4"
)

// streamJSON answers v as a JSON body of media type media, the very bytes
// encoding/json writes (go-json-experiment/json, the Go team's
// encoding/json/v2, with its v1 options: sorted map keys, HTML escaped,
// nil slices as null, the same floats), with a final newline when newline
// is set (as echo's c.JSON ends its bodies), but streamed: the encoder
// hands the response a few kilobytes at a time instead of building the
// whole document first. The answers sent this way are the large ones:
// every commune's gap ranking is 107 MB of JSON and the EPCI flows 60 MB
// on national data; built whole, each took up to twice its size while its
// buffer grew, and 64 clients looping on the ranking held the embedded
// server at its 1 024 MB memory bound (1 021 MB resident at peak, against
// 620 MB streamed: scripts/flood.sh).
//
// An encoding error after the first bytes leaves the body cut short: the
// error is logged as any, the status already sent, and nothing is kept by
// the response cache (the handler failed). These documents hold no value
// that fails to encode (no NaN: they carry nulls instead).
func streamJSON(c echo.Context, status int, media string, v any, newline bool) error {
	c.Response().Header().Set(echo.HeaderContentType, media)
	c.Response().WriteHeader(status)
	w := bufio.NewWriterSize(c.Response(), streamChunk)
	if err := json.MarshalWrite(w, v, jsonv1.DefaultOptionsV1()); err != nil {
		return err
	}
	if newline {
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
	return w.Flush()
}

// streamChunk is how much of a streamed answer goes to the response at
// once. The encoder writes a few kilobytes at a time, and net/http sends
// a write of its own 4 KB buffer's size as one system call: 26 000 of
// them for a ranking of every commune, 0.4 s more than writing it whole
// on this machine. In 256 KB chunks, the calls are a few hundred.
const streamChunk = 256 << 10
