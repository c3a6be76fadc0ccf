package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// The tile oracle projects with the slippy-map formulas of OpenStreetMap's
// wiki, written here apart from geo's metre-based projection: a tile is
// 4096 units, rows grow southwards, the buffer is 256 units.
const (
	tileUnits  = 4096.0
	tileBuffer = 256.0
)

// slippy returns p's grid coordinates in tile t, unrounded.
func slippy(t maptile.Tile, p orb.Point) orb.Point {
	n := math.Ldexp(tileUnits, int(t.Z))
	lat := p[1] * math.Pi / 180
	return orb.Point{
		(p[0]+180)/360*n - float64(t.X)*tileUnits,
		(1-math.Log(math.Tan(lat)+1/math.Cos(lat))/math.Pi)/2*n - float64(t.Y)*tileUnits,
	}
}

func inBuffer(p orb.Point) bool {
	return p[0] >= -tileBuffer && p[0] <= tileUnits+tileBuffer && p[1] >= -tileBuffer && p[1] <= tileUnits+tileBuffer
}

// clipSegment is Liang–Barsky's clip of a segment to the buffered tile.
func clipSegment(a, b orb.Point) (orb.Point, orb.Point, bool) {
	t0, t1 := 0.0, 1.0
	d := orb.Point{b[0] - a[0], b[1] - a[1]}
	for _, e := range [][2]float64{{-d[0], a[0] + tileBuffer}, {d[0], tileUnits + tileBuffer - a[0]},
		{-d[1], a[1] + tileBuffer}, {d[1], tileUnits + tileBuffer - a[1]}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return a, b, false
			}
			continue
		}
		r := q / p
		if p < 0 {
			t0 = max(t0, r)
		} else {
			t1 = min(t1, r)
		}
		if t0 > t1 {
			return a, b, false
		}
	}
	return orb.Point{a[0] + t0*d[0], a[1] + t0*d[1]}, orb.Point{a[0] + t1*d[0], a[1] + t1*d[1]}, true
}

// clipRing is Sutherland–Hodgman's clip of a ring to the buffered tile.
func clipRing(r orb.Ring) orb.Ring {
	lo, hi := -tileBuffer, tileUnits+tileBuffer
	edges := []struct {
		in  func(p orb.Point) bool
		cut func(a, b orb.Point) orb.Point
	}{
		{func(p orb.Point) bool { return p[0] >= lo }, func(a, b orb.Point) orb.Point { return atX(a, b, lo) }},
		{func(p orb.Point) bool { return p[0] <= hi }, func(a, b orb.Point) orb.Point { return atX(a, b, hi) }},
		{func(p orb.Point) bool { return p[1] >= lo }, func(a, b orb.Point) orb.Point { return atY(a, b, lo) }},
		{func(p orb.Point) bool { return p[1] <= hi }, func(a, b orb.Point) orb.Point { return atY(a, b, hi) }},
	}
	pts := []orb.Point(r[:len(r)-1])
	for _, e := range edges {
		var out []orb.Point
		for i, cur := range pts {
			prev := pts[(i+len(pts)-1)%len(pts)]
			switch {
			case e.in(cur) && !e.in(prev):
				out = append(out, e.cut(prev, cur), cur)
			case e.in(cur):
				out = append(out, cur)
			case e.in(prev):
				out = append(out, e.cut(prev, cur))
			}
		}
		pts = out
	}
	if len(pts) == 0 {
		return nil
	}
	return append(orb.Ring(pts), pts[0])
}

func atX(a, b orb.Point, x float64) orb.Point {
	return orb.Point{x, a[1] + (b[1]-a[1])*(x-a[0])/(b[0]-a[0])}
}

func atY(a, b orb.Point, y float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*(y-a[1])/(b[1]-a[1]), y}
}

// ringArea is the unsigned shoelace area and the perimeter of a ring.
func ringArea(r orb.Ring) (area, perimeter float64) {
	for i := 0; i+1 < len(r); i++ {
		area += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
		perimeter += math.Hypot(r[i+1][0]-r[i][0], r[i+1][1]-r[i][1])
	}
	return math.Abs(area) / 2, perimeter
}

// tileWant is one feature the oracle expects in a tile: its points (a
// point, a clipped segment's ends) or its area, with the tolerance on
// the area; optional when snapping may leave nothing of it.
type tileWant struct {
	points   []orb.Point
	area     float64
	areaTol  float64
	optional bool
	props    map[string]any
}

// wantTile is what the oracle expects of a collection's tile: by feature
// id (territory code, as the "code" property says).
func wantTile(o *oracle, collection string, t maptile.Tile, props []data.Property, keep func(feature) bool) map[string]tileWant {
	out := map[string]tileWant{}
	for _, f := range o.features(collection) {
		if keep != nil && !keep(f) {
			continue
		}
		w := tileWant{props: map[string]any{}}
		for _, p := range props {
			if v := f.props[p.Name]; v != nil {
				w.props[p.Name] = v
			}
		}
		switch g := f.geom.(type) {
		case orb.Point:
			p := slippy(t, g)
			if !inBuffer(p) {
				continue
			}
			w.points = []orb.Point{p}
		case orb.LineString:
			// A line is in the tiles of its ends.
			if !inBuffer(slippy(t, g[0])) && !inBuffer(slippy(t, g[1])) {
				continue
			}
			a, b, ok := clipSegment(slippy(t, g[0]), slippy(t, g[1]))
			if !ok {
				continue
			}
			w.points = []orb.Point{a, b}
			w.optional = math.Hypot(b[0]-a[0], b[1]-a[1]) < 1.5
		case orb.MultiPolygon:
			for _, poly := range g {
				for i, r := range poly {
					pr := make(orb.Ring, len(r))
					for j, q := range r {
						pr[j] = slippy(t, q)
					}
					a, per := ringArea(clipRing(pr))
					if i > 0 {
						a = -a
					}
					w.area += a
					w.areaTol += per
				}
			}
			if w.area <= 0 {
				continue
			}
			w.optional = w.area < w.areaTol
		default:
			panic(fmt.Sprintf("no tile oracle for %T", g))
		}
		out[idString(f.id)] = w
	}
	return out
}

// decodedTile decodes a store's tile of one layer, by feature id.
func decodedTile(t *testing.T, collection string, b []byte) map[string]*decodedFeature {
	t.Helper()
	out := map[string]*decodedFeature{}
	if b == nil {
		return out
	}
	layers, err := mvt.Unmarshal(b)
	if err != nil {
		t.Fatalf("%s: tile does not decode: %v", collection, err)
	}
	if len(layers) != 1 || layers[0].Name != collection || layers[0].Extent != tileUnits || layers[0].Version != 2 {
		t.Fatalf("%s: layers %d, first %q extent %d version %d; want one layer %q, extent 4096, version 2",
			collection, len(layers), layers[0].Name, layers[0].Extent, layers[0].Version, collection)
	}
	for _, f := range layers[0].Features {
		id := fmt.Sprint(f.ID)
		if c, ok := f.Properties["code"]; ok && f.ID == nil {
			id = fmt.Sprint(c)
		}
		out[id] = &decodedFeature{geom: f.Geometry, props: map[string]any(f.Properties)}
	}
	return out
}

type decodedFeature struct {
	geom  orb.Geometry
	props map[string]any
}

// sameTileValue compares an MVT value with a JSON value of the oracle:
// integers may come back signed or unsigned.
func sameTileValue(got, want any) bool {
	num := func(v any) (float64, bool) {
		switch n := v.(type) {
		case int64:
			return float64(n), true
		case uint64:
			return float64(n), true
		case float64:
			return n, true
		case float32:
			return float64(n), true
		}
		return 0, false
	}
	if g, ok := num(got); ok {
		w, ok := num(want)
		return ok && math.Abs(g-w) <= 1e-9*max(1, math.Abs(w))
	}
	return got == want
}

// checkTile compares a decoded tile with the oracle's: the same features,
// each point within two grid units (an eighth of a 256-pixel tile's pixel:
// rounding, and PostGIS snaps a line before clipping it, which moves a
// clipped end by up to ~1.6 units), each polygon's area within its
// perimeter (snapping moves each edge at most half a unit), the same
// properties.
func checkTile(t *testing.T, name string, got map[string]*decodedFeature, want map[string]tileWant) {
	t.Helper()
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			if !w.optional {
				t.Errorf("%s: feature %s missing", name, id)
			}
			continue
		}
		var pts []orb.Point
		switch gg := g.geom.(type) {
		case orb.Point:
			pts = []orb.Point{gg}
		case orb.LineString:
			pts = gg
		case orb.Polygon, orb.MultiPolygon:
			area := 0.0
			polys, _ := gg.(orb.MultiPolygon)
			if p, ok := gg.(orb.Polygon); ok {
				polys = orb.MultiPolygon{p}
			}
			for _, p := range polys {
				for i, r := range p {
					a, _ := ringArea(r)
					if i > 0 {
						a = -a
					}
					area += a
				}
			}
			if math.Abs(area-w.area) > w.areaTol+1 {
				t.Errorf("%s: feature %s area %.1f, want %.1f ± %.1f", name, id, area, w.area, w.areaTol)
			}
		default:
			t.Errorf("%s: feature %s has a %T", name, id, g.geom)
		}
		if w.points != nil {
			if len(pts) != len(w.points) {
				t.Errorf("%s: feature %s geometry %v, want about %v", name, id, g.geom, w.points)
			}
			for i := range min(len(pts), len(w.points)) {
				if math.Abs(pts[i][0]-w.points[i][0]) > 2 || math.Abs(pts[i][1]-w.points[i][1]) > 2 {
					t.Errorf("%s: feature %s geometry %v, want about %v", name, id, g.geom, w.points)
					break
				}
			}
		}
		keys := func(m map[string]any) []string {
			var k []string
			for n := range m {
				k = append(k, n)
			}
			slices.Sort(k)
			return k
		}
		if !slices.Equal(keys(g.props), keys(w.props)) {
			t.Errorf("%s: feature %s properties %v, want %v", name, id, g.props, w.props)
			continue
		}
		for k, v := range w.props {
			if !sameTileValue(g.props[k], v) {
				t.Errorf("%s: feature %s property %s = %#v, want %#v", name, id, k, g.props[k], v)
			}
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("%s: unexpected feature %s", name, id)
		}
	}
}

// fixtureTiles lists, for several zooms, the tiles holding a vertex of a
// feature of the fixture and their eight neighbours (whose buffers reach
// it): mainland, Corsica and La Réunion.
func fixtureTiles(o *oracle) []maptile.Tile {
	seen := map[maptile.Tile]bool{}
	var out []maptile.Tile
	add := func(p orb.Point) {
		for _, z := range []maptile.Zoom{0, 3, 6, 9, 12, 15} {
			c := maptile.At(p, z)
			n := int64(1) << z
			for dx := int64(-1); dx <= 1; dx++ {
				for dy := int64(-1); dy <= 1; dy++ {
					x, y := int64(c.X)+dx, int64(c.Y)+dy
					if x < 0 || y < 0 || x >= n || y >= n {
						continue
					}
					tile := maptile.New(uint32(x), uint32(y), z)
					if !seen[tile] {
						seen[tile] = true
						out = append(out, tile)
					}
				}
			}
		}
	}
	for _, c := range collections() {
		for _, f := range o.features(c) {
			switch g := f.geom.(type) {
			case orb.Point:
				add(g)
			case orb.LineString:
				add(g[0])
			case orb.MultiPolygon:
				add(g[0][0][0])
			}
		}
	}
	slices.SortFunc(out, func(a, b maptile.Tile) int {
		return int(a.Z)*1e12 + int(a.X)*1e6 + int(a.Y) - (int(b.Z)*1e12 + int(b.X)*1e6 + int(b.Y))
	})
	return out
}

func testTiles(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	tiles := fixtureTiles(o)
	for _, id := range collections() {
		col, _ := data.LookupCollection(id)
		props, err := col.TileProperties(nil)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		nonEmpty := 0
		for _, tile := range tiles {
			name := fmt.Sprintf("%s %d/%d/%d", id, tile.Z, tile.Y, tile.X)
			b, err := s.Tile(ctx, id, tile, data.ItemsQuery{}, 0)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			got := decodedTile(t, id, b)
			if len(got) > 0 {
				nonEmpty++
			}
			checkTile(t, name, got, wantTile(o, id, tile, props, nil))
		}
		if nonEmpty < 10 {
			t.Errorf("%s: only %d non-empty tiles of %d: the grid tests nothing", id, nonEmpty, len(tiles))
		}
	}
}

// testTileFilters checks that a tile applies the items filters and the
// property selection, and refuses what items refuse.
func testTileFilters(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	lyon := maptile.At(orb.Point{4.8357, 45.764}, 9)
	cases := []struct {
		name       string
		collection string
		q          data.ItemsQuery
		props      []string
		keep       func(feature) bool
	}{
		{"actors of one kind", data.CollectionActors, data.ItemsQuery{Equals: eq("kind", "association")}, nil,
			func(f feature) bool { return f.props["kind"] == "association" }},
		{"actors, two properties", data.CollectionActors, data.ItemsQuery{Properties: []string{"employees", "siren"}},
			[]string{"siren", "employees"}, nil},
		{"local partnerships", data.CollectionPartnerships, data.ItemsQuery{Equals: eq("scale", "local")}, nil,
			func(f feature) bool { return f.props["scale"] == "local" }},
		{"communes by filter", data.CollectionCommunes, data.ItemsQuery{Filter: parseCQL(t, data.CollectionCommunes, "density_class = 1", cql2.LangText)}, nil,
			func(f feature) bool { return f.props["density_class"] == int64(1) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			col, _ := data.LookupCollection(tc.collection)
			props, err := col.TileProperties(tc.props)
			if err != nil {
				t.Fatal(err)
			}
			b, err := s.Tile(ctx, tc.collection, lyon, tc.q, 0)
			if err != nil {
				t.Fatal(err)
			}
			want := wantTile(o, tc.collection, lyon, props, tc.keep)
			if len(want) == 0 {
				t.Fatal("the oracle expects nothing: the case tests nothing")
			}
			checkTile(t, tc.name, decodedTile(t, tc.collection, b), want)
		})
	}

	empty, err := s.Tile(ctx, data.CollectionActors, maptile.At(orb.Point{-140, -40}, 6), data.ItemsQuery{}, 0)
	if err != nil || empty != nil {
		t.Errorf("a tile of the Pacific: %d bytes, %v; want the empty tile (nil)", len(empty), err)
	}

	refused := []struct {
		name, collection, property string
		tile                       maptile.Tile
		q                          data.ItemsQuery
	}{
		{"zoom too deep", data.CollectionActors, "z", maptile.New(0, 0, 23), data.ItemsQuery{}},
		{"column beyond the matrix", data.CollectionActors, "x", maptile.New(8, 0, 3), data.ItemsQuery{}},
		{"row beyond the matrix", data.CollectionActors, "y", maptile.New(0, 2, 1), data.ItemsQuery{}},
		{"an unknown property", data.CollectionActors, "properties", lyon, data.ItemsQuery{Properties: []string{"nope"}}},
		{"a bad filter value", data.CollectionActors, "employer", lyon, data.ItemsQuery{Equals: eq("employer", "maybe")}},
	}
	for _, tc := range refused {
		_, err := s.Tile(ctx, tc.collection, tc.tile, tc.q, 0)
		var fe *data.FilterError
		if !errors.As(err, &fe) || fe.Property != tc.property {
			t.Errorf("%s: error %v, want a *data.FilterError naming %q", tc.name, err, tc.property)
		}
	}
	if _, err := s.Tile(ctx, "nope", lyon, data.ItemsQuery{}, 0); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("unknown collection: %v, want ErrNotFound", err)
	}
}

// testTileBudget checks that a store refuses a tile over its budget, and
// serves one at its budget whole.
func testTileBudget(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	lyon := maptile.At(orb.Point{4.8357, 45.764}, 9)
	for _, id := range []string{data.CollectionActors, data.CollectionPartnerships, data.CollectionAlliances} {
		col, _ := data.LookupCollection(id)
		props, _ := col.TileProperties(nil)
		want := wantTile(o, id, lyon, props, nil)
		if len(want) < 2 {
			t.Fatalf("%s: the oracle expects %d features in the tile: the case tests nothing", id, len(want))
		}
		if _, err := s.Tile(ctx, id, lyon, data.ItemsQuery{}, len(want)-1); !errors.Is(err, data.ErrTileBudget) {
			t.Errorf("%s: %d features, budget %d: %v, want ErrTileBudget", id, len(want), len(want)-1, err)
		}
		b, err := s.Tile(ctx, id, lyon, data.ItemsQuery{}, len(want))
		if err != nil {
			t.Errorf("%s: %d features, budget %d: %v", id, len(want), len(want), err)
			continue
		}
		checkTile(t, id+" at its budget", decodedTile(t, id, b), want)
	}
}
