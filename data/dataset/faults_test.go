package dataset_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
)

// TestCorruptFilesAreBadRows reads damaged files as an import does
// (Decompress, then the kind's reader): a gzip stream cut short, damaged
// or with a wrong checksum is the file's fault, a bad row (the HTTP
// import's 422), whatever the format; a failure to read the body is not,
// and stays an error.
func TestCorruptFilesAreBadRows(t *testing.T) {
	t.Parallel()
	var csvBody strings.Builder
	csvBody.WriteString(actorHeader)
	for i := range 3000 {
		fmt.Fprintf(&csvBody, "%d,Atelier %d,entreprise,,,69123,,4.84,45.76,,5,,,commerce,local,\n", 1000+i, i)
	}
	var features []string
	for i := range 3000 {
		features = append(features, fmt.Sprintf(`{"type":"Feature","id":%d,"properties":{"name":"A%d","kind":"association","commune":"69123"},"geometry":{"type":"Point","coordinates":[4.84,45.76]}}`, 1000+i, i))
	}
	geoJSON := `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	edit := func(b []byte, fn func([]byte)) []byte {
		b = slices.Clone(b)
		fn(b)
		return b
	}
	csvGz, geoGz := gz(csvBody.String()), gz(geoJSON)
	readCSV := func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadActors(r, o); return err }
	readGeoJSON := func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadActorsGeoJSON(r, o); return err }
	cases := []struct {
		name   string
		body   io.Reader
		read   func(io.Reader, dataset.Options) error
		reason string // the one bad row's; "" when the error is no bad row
		line   int    // the bad row's line, 0 for any line past the header
	}{
		{"CSV, gzip cut short", bytes.NewReader(csvGz[:len(csvGz)/2]), readCSV, "unexpected EOF", 0},
		{"CSV, gzip without its trailer", bytes.NewReader(csvGz[:len(csvGz)-8]), readCSV, "unexpected EOF", 0},
		{"CSV, gzip checksum", bytes.NewReader(edit(csvGz, func(b []byte) { b[len(b)-8] ^= 0xff })), readCSV, "gzip: invalid checksum", 0},
		{"CSV, gzip damaged", bytes.NewReader(edit(csvGz, func(b []byte) { copy(b[10:], bytes.Repeat([]byte{0xff}, 16)) })), readCSV, "flate: corrupt input", 1},
		{"CSV, gzip header", bytes.NewReader([]byte{0x1f, 0x8b, 9, 0, 0, 0, 0, 0, 0, 0xff}), readCSV, "gzip: invalid header", 1},
		{"CSV, gzip header cut short", bytes.NewReader([]byte{0x1f, 0x8b}), readCSV, "unexpected EOF", 1},
		{"GeoJSON, gzip cut short", bytes.NewReader(geoGz[:len(geoGz)/2]), readGeoJSON, "unexpected EOF", 0},
		{"GeoJSON, gzip checksum", bytes.NewReader(edit(geoGz, func(b []byte) { b[len(b)-8] ^= 0xff })), readGeoJSON, "gzip: invalid checksum", 0},
		{"CSV, the body fails", io.MultiReader(strings.NewReader(actorHeader+"1,A,entreprise,,,69123,,,,,,,,,,\n"), iotest.ErrReader(errors.New("connection reset"))), readCSV, "", 0},
		{"GeoJSON, the body fails", io.MultiReader(strings.NewReader(geoJSON[:500]), iotest.ErrReader(errors.New("connection reset"))), readGeoJSON, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := c.read(dataset.Decompress(c.body), dataset.Options{Name: "f", Resolver: dataset.IndexOf(datasettest.Sample())})
			var ie *data.ImportError
			if c.reason == "" {
				if err == nil || errors.As(err, &ie) {
					t.Fatalf("got %v %#v, want an error that is no bad row", err, err)
				}
				return
			}
			if !errors.As(err, &ie) {
				t.Fatalf("got %v (%T), want a *data.ImportError", err, err)
			}
			if len(ie.Rows) != 1 {
				t.Fatalf("got %d bad rows, want 1: %v", len(ie.Rows), ie)
			}
			r := ie.Rows[0]
			if !strings.Contains(r.Reason, c.reason) || c.line > 0 && r.Line != c.line || c.line == 0 && r.Line < 2 {
				t.Errorf("got line %d %q, want line %d (0: past the header) with %q", r.Line, r.Reason, c.line, c.reason)
			}
		})
	}
}
