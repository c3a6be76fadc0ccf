package geo

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

func TestTileBound(t *testing.T) {
	tests := []struct {
		name   string
		tile   maptile.Tile
		buffer float64
		want   orb.Bound
	}{
		{"world", maptile.New(0, 0, 0), 0, orb.Bound{Min: orb.Point{-180, -85.0511287798}, Max: orb.Point{180, 85.0511287798}}},
		{"north-east quarter", maptile.New(1, 0, 1), 0, orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{180, 85.0511287798}}},
		// A buffer of a whole tile reaches the next tile's far edge: at
		// zoom 2, tile (1, 1) is lon -90..0, lat 0..66.51; one tile more
		// on each side is lon -180..90, lat -66.51..85.05.
		{"buffered", maptile.New(1, 1, 2), TileExtent, orb.Bound{Min: orb.Point{-180, -66.5132604431}, Max: orb.Point{90, 85.0511287798}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := TileBound(tc.tile, tc.buffer)
			for i, v := range []float64{got.Min[0], got.Min[1], got.Max[0], got.Max[1]} {
				w := []float64{tc.want.Min[0], tc.want.Min[1], tc.want.Max[0], tc.want.Max[1]}[i]
				if math.Abs(v-w) > 1e-9 {
					t.Fatalf("TileBound = %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestTileGeometry(t *testing.T) {
	ne := maptile.New(1, 0, 1) // x 1, y 0: lon 0..180, lat 0..85
	tests := []struct {
		name string
		tile maptile.Tile
		in   orb.Geometry
		want orb.Geometry
	}{
		{"centre of the world", maptile.New(0, 0, 0), orb.Point{0, 0}, orb.Point{2048, 2048}},
		{"north-west corner", maptile.New(0, 0, 0), orb.Point{-180, 85.0511287798}, orb.Point{0, 0}},
		{"lon 90 on the equator", ne, orb.Point{90, 0}, orb.Point{2048, 4096}},
		{"in the buffer", ne, orb.Point{-5, 10}, orb.Point{-114, 3867}},
		{"beyond the buffer", ne, orb.Point{-30, 10}, nil},
		{"line clipped at the buffer", ne, orb.LineString{{-90, 0}, {90, 0}}, orb.LineString{{-256, 4096}, {2048, 4096}}},
		{"line outside", ne, orb.LineString{{-90, -30}, {-60, -30}}, nil},
		{"line shorter than a unit", ne, orb.LineString{{90, 0}, {90.0001, 0}}, nil},
		// Lon/lat rings run counter-clockwise; on the tile's grid (y down)
		// the exterior runs clockwise: positive area by MVT's formula.
		// Latitude 45° is row 4096·(1 − ln tan 67.5° / π) = 2946.9.
		{"polygon", ne, orb.Polygon{{{45, 0}, {90, 0}, {90, 45}, {45, 45}, {45, 0}}},
			orb.Polygon{{{1024, 4096}, {1024, 2947}, {2048, 2947}, {2048, 4096}, {1024, 4096}}}},
		{"polygon clipped", ne, orb.Polygon{{{-90, -45}, {90, -45}, {90, 45}, {-90, 45}, {-90, -45}}},
			orb.Polygon{{{-256, 4352}, {-256, 2947}, {2048, 2947}, {2048, 4352}, {-256, 4352}}}},
		{"polygon too small", ne, orb.Polygon{{{45, 1}, {45.001, 1}, {45.001, 1.001}, {45, 1}}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := TileGeometry(tc.tile, tc.in)
			if tc.want == nil {
				if got != nil {
					t.Fatalf("TileGeometry = %v, want nil", got)
				}
				return
			}
			if got == nil || !orb.Equal(normaliseRing(got), normaliseRing(tc.want)) {
				t.Fatalf("TileGeometry = %v, want %v", got, tc.want)
			}
			if p, ok := got.(orb.Polygon); ok && mvtArea(p[0]) <= 0 {
				t.Fatalf("exterior ring %v has area %v, want > 0", p[0], mvtArea(p[0]))
			}
		})
	}
}

// normaliseRing starts a polygon's exterior ring at its smallest point, so
// that rings equal up to their starting vertex compare equal.
func normaliseRing(g orb.Geometry) orb.Geometry {
	p, ok := g.(orb.Polygon)
	if !ok {
		return g
	}
	r := p[0][:len(p[0])-1]
	best := 0
	for i, q := range r {
		if q[0] < r[best][0] || (q[0] == r[best][0] && q[1] < r[best][1]) {
			best = i
		}
	}
	out := append(append(orb.Ring{}, r[best:]...), r[:best]...)
	return orb.Polygon{append(out, out[0])}
}

func TestEncodeTileLayer(t *testing.T) {
	id := func(n uint64) *geojson.Feature {
		f := geojson.NewFeature(orb.Point{float64(n), 10})
		f.ID = n
		f.Properties = geojson.Properties{"name": "a", "n": int64(n), "missing": nil}
		return f
	}
	empty, err := EncodeTileLayer("actors", []*geojson.Feature{{Geometry: nil}})
	if err != nil || empty != nil {
		t.Fatalf("no feature: %v, %v; want the empty tile", empty, err)
	}
	b, err := EncodeTileLayer("actors", []*geojson.Feature{id(1), id(2)})
	if err != nil {
		t.Fatal(err)
	}
	layers, err := mvt.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 1 || layers[0].Name != "actors" || layers[0].Extent != TileExtent || len(layers[0].Features) != 2 {
		t.Fatalf("layers %+v", layers)
	}
	f := layers[0].Features[1]
	if fmt.Sprint(f.ID) != "2" || f.Geometry != (orb.Point{2, 10}) || f.Properties["name"] != "a" {
		t.Fatalf("feature %+v", f)
	}
	if _, ok := f.Properties["missing"]; ok {
		t.Fatalf("a nil property was encoded: %v", f.Properties)
	}
}
