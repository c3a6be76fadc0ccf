package geo

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestInteriorPoint(t *testing.T) {
	t.Parallel()
	square := orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}}
	// A U shape whose centroid (2, 1.9…) falls in the notch.
	u := orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {3, 4}, {3, 1}, {1, 1}, {1, 4}, {0, 4}, {0, 0}}}
	holed := orb.Polygon{
		{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
		{{2, 2}, {8, 2}, {8, 8}, {2, 8}, {2, 2}},
	}
	cases := []struct {
		name string
		g    orb.Geometry
		want orb.Point
	}{
		{"point", orb.Point{2.35, 48.85}, orb.Point{2.35, 48.85}},
		{"square", square, orb.Point{2, 2}},
		// Vertex latitudes nearest the centre 2 are 1 (below) and 4 (above).
		{"U shape", u, orb.Point{0.5, 2.5}},
		// Vertices at 2 and 8 bracket the centre 5: the line y=5 crosses the
		// hole, and the left and right sections are both 2 wide; GEOS keeps
		// the first.
		{"holed square", holed, orb.Point{1, 5}},
		{"multipolygon keeps the widest", orb.MultiPolygon{square, {{{10, 10}, {20, 10}, {20, 12}, {10, 12}, {10, 10}}}}, orb.Point{15, 11}},
		{"degenerate polygon", orb.Polygon{{{1, 1}, {2, 1}, {3, 1}, {1, 1}}}, orb.Point{1, 1}},
		{"nil", nil, orb.Point{}},
		{"empty multipolygon", orb.MultiPolygon{}, orb.Point{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := InteriorPoint(c.g)
			if got != c.want {
				t.Fatalf("InteriorPoint: got %v, want %v", got, c.want)
			}
			if poly, ok := c.g.(orb.Polygon); ok && planar.Area(poly) != 0 && !planar.PolygonContains(poly, got) {
				t.Errorf("InteriorPoint %v is not inside the polygon", got)
			}
		})
	}
}

func ExampleInteriorPoint() {
	// A U-shaped commune: its centroid would fall in the notch.
	u := orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {3, 4}, {3, 1}, {1, 1}, {1, 4}, {0, 4}, {0, 0}}}
	fmt.Println(InteriorPoint(u))
	// Output: [0.5 2.5]
}
