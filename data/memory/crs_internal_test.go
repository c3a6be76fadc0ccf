package memory

import (
	"math"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

func TestAppendCoordinate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		v        float64
		decimals int
		want     string
	}{
		{700000, 2, "700000"},
		{6862035.259420079, 2, "6862035.26"},
		{652469.0227091359, 2, "652469.02"},
		{0.5, 2, "0.5"},
		{-0.004, 2, "0"}, // never "-0", as PostGIS
		{-12.3, 2, "-12.3"},
		{2.35220001, 7, "2.3522"},
		{48.85660005, 7, "48.8566"}, // rounded from the binary value, 48.85660004999…
		{math.NaN(), 2, "null"},
		{math.Inf(-1), 7, "null"},
		{3, 0, "3"},
	}
	for _, c := range cases {
		if got := string(dataset.AppendCoordinateDecimals(nil, c.v, c.decimals)); got != c.want {
			t.Errorf("AppendCoordinateDecimals(%v, %d): got %s, want %s", c.v, c.decimals, got, c.want)
		}
	}
}

func TestGeometrySpan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		want string
		ok   bool
	}{
		{`{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[2,46]},"properties":{"a":1}}`, `{"type":"Point","coordinates":[2,46]}`, true},
		{`{"type":"Feature","id":"2A004","geometry":null,"properties":{}}`, `null`, true},
		{`{"type":"Feature","id":1,"properties":{}}`, "", false},
		{`{"type":"Feature","id":1,"geometry":null}`, "", false},
	}
	for _, c := range cases {
		start, end, ok := geometrySpan([]byte(c.text))
		if ok != c.ok || ok && c.text[start:end] != c.want {
			t.Errorf("geometrySpan(%s): got %d:%d %v, want %s %v", c.text, start, end, ok, c.want, c.ok)
		}
	}
}

// TestAppendGeometryIn writes each geometry type in Lambert-93 and
// EPSG:4326, and checks an unknown type is null.
func TestAppendGeometryIn(t *testing.T) {
	t.Parallel()
	l93, latLon := geo.EPSG2154.Projection(), geo.EPSG4326.Projection()
	origin := orb.Point{3, 46.5} // Lambert-93's origin: (700000, 6600000)
	cases := []struct {
		g    orb.Geometry
		proj geo.Projection
		want string
	}{
		{origin, l93, `{"type":"Point","coordinates":[700000,6600000]}`},
		{orb.MultiPoint{origin, {2.3522, 48.8566}}, l93, `{"type":"MultiPoint","coordinates":[[700000,6600000],[652469.02,6862035.26]]}`},
		{orb.LineString{{2.35, 48.85}, {4.83, 45.76}}, latLon, `{"type":"LineString","coordinates":[[48.85,2.35],[45.76,4.83]]}`},
		{orb.MultiLineString{{{1, 2}, {3, 4}}, {}}, latLon, `{"type":"MultiLineString","coordinates":[[[2,1],[4,3]],[]]}`},
		{orb.Polygon{{{1, 2}, {3, 2}, {3, 4}, {1, 2}}}, latLon, `{"type":"Polygon","coordinates":[[[2,1],[2,3],[4,3],[2,1]]]}`},
		{orb.MultiPolygon{{{{1, 2}, {3, 2}, {3, 4}, {1, 2}}}, {}}, latLon, `{"type":"MultiPolygon","coordinates":[[[[2,1],[2,3],[4,3],[2,1]]],[]]}`},
		{orb.Ring{{1, 2}, {3, 2}, {3, 4}, {1, 2}}, latLon, `{"type":"Polygon","coordinates":[[[2,1],[2,3],[4,3],[2,1]]]}`},
		{orb.Collection{origin}, l93, `{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[700000,6600000]}]}`},
		{nil, l93, `null`},
	}
	for _, c := range cases {
		if got := string(appendGeometryIn(nil, c.g, c.proj, data.CoordinateDecimals(c.proj.CRS()))); got != c.want {
			t.Errorf("%v in %s: got %s, want %s", c.g, c.proj.CRS(), got, c.want)
		}
	}
}
