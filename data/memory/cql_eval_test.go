package memory

import (
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
)

// triCollection is a collection of three features whose queryable "x"
// is true, false and null, for the truth tables.
func triCollection() *collection {
	c := newCollection(3, false)
	for i := range 3 {
		c.addID(int64(i+1), orb.Point{float64(i), 0}, func(b []byte) []byte { return append(b, "{}"...) })
	}
	values := map[string]valueFunc{"x": func(i int) string { return []string{"true", "false", ""}[i] }}
	c.index(3, values)
	c.meta = data.Collection{ID: "t", Queryables: []string{"x"}, Properties: []data.Property{{Name: "x", Type: data.TypeBoolean}}}
	return c
}

// TestThreeValuedLogic checks NOT, AND and OR against SQL's truth tables,
// with x TRUE, FALSE and NULL in turn.
func TestThreeValuedLogic(t *testing.T) {
	t.Parallel()
	c := triCollection()
	const T, F, U = isTrue, isFalse, isUnknown
	cases := []struct {
		filter string
		want   [3]tri // for x = TRUE, FALSE, NULL
	}{
		{"x = TRUE", [3]tri{T, F, U}},
		{"NOT x = TRUE", [3]tri{F, T, U}},
		{"x = TRUE AND FALSE", [3]tri{F, F, F}},
		{"x = TRUE AND TRUE", [3]tri{T, F, U}},
		{"x = TRUE OR TRUE", [3]tri{T, T, T}},
		{"x = TRUE OR FALSE", [3]tri{T, F, U}},
		{"x IS NULL", [3]tri{F, F, T}},
		{"NOT (x = TRUE OR x = FALSE)", [3]tri{F, F, U}},
		{"x IN (TRUE)", [3]tri{T, F, U}},
		{"x <> TRUE", [3]tri{F, T, U}},
		{"x > FALSE", [3]tri{T, F, U}},
	}
	for _, tc := range cases {
		e, err := cql2.Parse(tc.filter, cql2.LangText)
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.compileFilter(e)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if got := p(int32(i)); got != tc.want[i] {
				t.Errorf("%s with x #%d: got %d, want %d", tc.filter, i, got, tc.want[i])
			}
		}
	}
}

// TestGeomIntersects checks the exact predicate on the boundary cases
// ST_Intersects counts in: touching, containment both ways, holes.
func TestGeomIntersects(t *testing.T) {
	t.Parallel()
	square := orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}}
	holed := orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{3, 3}, {7, 3}, {7, 7}, {3, 7}, {3, 3}}}
	cases := []struct {
		name string
		a, b orb.Geometry
		want bool
	}{
		{"point in", orb.Point{1, 1}, square, true},
		{"point on an edge", orb.Point{4, 2}, square, true},
		{"point on a corner", orb.Point{4, 4}, square, true},
		{"point out", orb.Point{5, 1}, square, false},
		{"point in a hole", orb.Point{5, 5}, holed, false},
		{"point on a hole's ring", orb.Point{3, 5}, holed, true},
		{"point on a line", orb.Point{1, 1}, orb.LineString{{0, 0}, {2, 2}}, true},
		{"point off a line", orb.Point{1, 1.5}, orb.LineString{{0, 0}, {2, 2}}, false},
		{"crossing lines", orb.LineString{{0, 0}, {2, 2}}, orb.LineString{{0, 2}, {2, 0}}, true},
		{"touching lines", orb.LineString{{0, 0}, {1, 1}}, orb.LineString{{1, 1}, {2, 0}}, true},
		{"parallel lines", orb.LineString{{0, 0}, {2, 0}}, orb.LineString{{0, 1}, {2, 1}}, false},
		{"overlapping collinear lines", orb.LineString{{0, 0}, {2, 0}}, orb.LineString{{1, 0}, {3, 0}}, true},
		{"line inside a polygon", orb.LineString{{1, 1}, {2, 2}}, square, true},
		{"line crossing a polygon", orb.LineString{{-1, 2}, {5, 2}}, square, true},
		{"line in a hole", orb.LineString{{4, 4}, {6, 6}}, holed, false},
		{"polygon inside another", orb.Polygon{{{1, 1}, {2, 1}, {2, 2}, {1, 1}}}, square, true},
		{"polygon around another", square, orb.Polygon{{{1, 1}, {2, 1}, {2, 2}, {1, 1}}}, true},
		{"polygon in a hole", orb.Polygon{{{4, 4}, {6, 4}, {6, 6}, {4, 4}}}, holed, false},
		{"polygons sharing an edge", square, orb.Polygon{{{4, 0}, {8, 0}, {8, 4}, {4, 4}, {4, 0}}}, true},
		{"disjoint polygons, boxes overlapping", orb.Polygon{{{0, 0}, {4, 0}, {0, 4}, {0, 0}}},
			orb.Polygon{{{4, 4}, {4, 1}, {1, 4}, {4, 4}}}, false},
		{"multipoint, one in", orb.MultiPoint{{9, 9}, {1, 1}}, square, true},
		{"collection", orb.Collection{orb.Point{9, 9}, orb.LineString{{5, 5}, {3, 3}}}, square, true},
	}
	for _, c := range cases {
		if got := geomIntersects(c.a, c.b); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		if got := geomIntersects(c.b, c.a); got != c.want {
			t.Errorf("%s, swapped: got %v, want %v", c.name, got, c.want)
		}
	}
}

// TestSelectingProperties keeps the named members in their order.
func TestSelectingProperties(t *testing.T) {
	t.Parallel()
	text := func(int32) []byte {
		return []byte(`{"type":"Feature","id":1,"geometry":null,"properties":{"a":1,"b":"x,\"y\"","c":null,"d":{"e":1}}}`)
	}
	got := string(selectingProperties(text, []string{"d", "b"})(0))
	if want := `{"type":"Feature","id":1,"geometry":null,"properties":{"b":"x,\"y\"","d":{"e":1}}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
