package server

import (
	"bufio"
	"bytes"
	"encoding/json"

	"github.com/labstack/echo/v4"
)

// fcBufferSize is how much of a FeatureCollection is gathered before each
// write to the connection: large enough that a page of small features costs
// a few syscalls, small enough that the first bytes leave early.
const fcBufferSize = 32 << 10

// fcHead opens every FeatureCollection; the members known only at the end
// (counts, time stamp, links) follow the features.
const fcHead = `{"type":"FeatureCollection","features":[`

// fcTail holds the members written after the features. NumberMatched is
// left out when nil (see numberMatched).
type fcTail struct {
	NumberReturned int    `json:"numberReturned"`
	NumberMatched  *int64 `json:"numberMatched,omitempty"`
	TimeStamp      string `json:"timeStamp"`
	Links          []link `json:"links"`
}

// fcWriter streams a GeoJSON FeatureCollection as the store emits features,
// copying each feature's bytes as they are: nothing is decoded and encoded
// again. The status line goes out with the first flush of the buffer, so a
// failure before fcBufferSize bytes (every small page) still gets a proper
// problem document; only a later one has to cut the connection.
type fcWriter struct {
	res     *echo.Response
	buf     *bufio.Writer
	started bool
	n       int
}

func newFCWriter(res *echo.Response) *fcWriter {
	return &fcWriter{res: res}
}

func (w *fcWriter) start() error {
	w.started = true
	// No WriteHeader here: echo.Response.Write sends 200 with the first
	// bytes, so until the buffer first fills the response is uncommitted.
	w.res.Header().Set(echo.HeaderContentType, mediaGeoJSON)
	w.buf = bufio.NewWriterSize(w.res, fcBufferSize)
	_, err := w.buf.WriteString(fcHead)
	return err
}

// feature appends one Feature object; it is a data.EmitFunc.
func (w *fcWriter) feature(f []byte) error {
	if !w.started {
		if err := w.start(); err != nil {
			return err
		}
	}
	if w.n > 0 {
		if err := w.buf.WriteByte(','); err != nil {
			return err
		}
	}
	w.n++
	_, err := w.buf.Write(f)
	return err
}

// finish closes the features array, writes tail's members and flushes.
func (w *fcWriter) finish(tail fcTail) error {
	if !w.started {
		if err := w.start(); err != nil {
			return err
		}
	}
	var t bytes.Buffer
	enc := json.NewEncoder(&t)
	enc.SetEscapeHTML(false) // keep & in hrefs readable
	if err := enc.Encode(tail); err != nil {
		return err
	}
	// t is `{"numberReturned":…}\n`: continue the collection's object with
	// its members.
	if _, err := w.buf.WriteString("],"); err != nil {
		return err
	}
	if _, err := w.buf.Write(t.Bytes()[1:]); err != nil {
		return err
	}
	return w.buf.Flush()
}
