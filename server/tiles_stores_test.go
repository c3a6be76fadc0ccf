package server_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/planar"
)

// TestTilesAgreeOnDemo asks both stores for the same tiles of the demo —
// real commune contours and their unions, simplified per zoom by
// ST_Simplify on one side and orb's Douglas–Peucker on the other — and
// compares what they draw: the same features, each area within its
// perimeter's snapping (half a unit an edge) plus what simplifying twice
// may move, points within two units. Mainland, Corsica and overseas.
func TestTilesAgreeOnDemo(t *testing.T) {
	t.Parallel()
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	pg := startGDALPostGIS(t, ds)
	embedded := gdalEmbeddedStore(t, ds)
	postgis := pg.wait(t).store
	ctx := context.Background()
	places := []orb.Point{{4.8357, 45.764}, {2.3522, 48.8566}, {9.15, 41.6}, {55.45, -20.88}, {-61.55, 16.2}}
	cases := []struct {
		collection string
		zooms      []maptile.Zoom
	}{
		{data.CollectionRegions, []maptile.Zoom{3, 6}},
		{data.CollectionDepartements, []maptile.Zoom{5, 8}},
		{data.CollectionEPCIs, []maptile.Zoom{6, 9}},
		{data.CollectionCommunes, []maptile.Zoom{7, 10, 13}},
		{data.CollectionActors, []maptile.Zoom{13}},
	}
	compared := 0
	for _, c := range cases {
		for _, z := range c.zooms {
			for _, at := range places {
				tile := maptile.At(at, z)
				name := fmt.Sprintf("%s %d/%d/%d", c.collection, tile.Z, tile.Y, tile.X)
				a, err := embedded.Tile(ctx, c.collection, tile, data.ItemsQuery{}, 0)
				if err != nil {
					t.Fatalf("%s embedded: %v", name, err)
				}
				b, err := postgis.Tile(ctx, c.collection, tile, data.ItemsQuery{}, 0)
				if err != nil {
					t.Fatalf("%s postgis: %v", name, err)
				}
				compared += compareTiles(t, name, a, b)
			}
		}
	}
	if compared < 500 {
		t.Errorf("only %d features compared: the grid tests little", compared)
	}
	t.Logf("%d features compared", compared)
}

// tileFeatures decodes a one-layer tile by feature key (id, or code).
func tileFeatures(t *testing.T, b []byte) map[string]orb.Geometry {
	t.Helper()
	out := map[string]orb.Geometry{}
	if len(b) == 0 {
		return out
	}
	layers, err := mvt.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range layers[0].Features {
		key := fmt.Sprint(f.ID)
		if code, ok := f.Properties["code"]; ok {
			key = fmt.Sprint(code)
		}
		out[key] = f.Geometry
	}
	return out
}

// areaPerimeter sums the areas (holes less) and perimeters of a polygonal
// geometry in grid units.
func areaPerimeter(g orb.Geometry) (area, perimeter float64) {
	var polys orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		polys = g
	}
	for _, p := range polys {
		for i, r := range p {
			a := math.Abs(planar.Area(r))
			if i > 0 {
				a = -a
			}
			area += a
			perimeter += planar.Length(r)
		}
	}
	return area, perimeter
}

// compareTiles compares two stores' tiles and returns how many features
// both hold. A feature one store keeps and the other drops must be tiny
// (under a few grid units of area: snapping decides it).
func compareTiles(t *testing.T, name string, a, b []byte) int {
	t.Helper()
	fa, fb := tileFeatures(t, a), tileFeatures(t, b)
	both := 0
	for k, ga := range fa {
		gb, ok := fb[k]
		if !ok {
			if area, _ := areaPerimeter(ga); area > 16 {
				t.Errorf("%s: %s only in the embedded store's tile (area %.0f)", name, k, area)
			}
			continue
		}
		both++
		if pa, ok := ga.(orb.Point); ok {
			pb, _ := gb.(orb.Point)
			if math.Abs(pa[0]-pb[0]) > 2 || math.Abs(pa[1]-pb[1]) > 2 {
				t.Errorf("%s: %s at %v and %v", name, k, pa, pb)
			}
			continue
		}
		aa, pa := areaPerimeter(ga)
		ab, pb := areaPerimeter(gb)
		if tol := 2*math.Max(pa, pb) + 16; math.Abs(aa-ab) > tol {
			t.Errorf("%s: %s has area %.0f and %.0f (tolerance %.0f)", name, k, aa, ab, tol)
		}
	}
	for k, gb := range fb {
		if _, ok := fa[k]; !ok {
			if area, _ := areaPerimeter(gb); area > 16 {
				t.Errorf("%s: %s only in PostGIS's tile (area %.0f)", name, k, area)
			}
		}
	}
	return both
}
