package memory

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestIntersects(t *testing.T) {
	t.Parallel()
	r := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}
	square := func(x0, y0, x1, y1 float64) orb.Ring {
		return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	}
	cases := []struct {
		name string
		g    orb.Geometry
		want bool
	}{
		{"point inside", orb.Point{0.5, 0.5}, true},
		{"point on an edge", orb.Point{1, 0.5}, true},
		{"point on a corner", orb.Point{0, 0}, true},
		{"point outside", orb.Point{1.0000001, 0.5}, false},
		{"segment crossing, both ends out", orb.LineString{{-1, 0.5}, {2, 0.5}}, true},
		{"segment through a corner only", orb.LineString{{-1, 1}, {1, -1}}, true},
		{"segment ending on an edge", orb.LineString{{1, 0.5}, {3, 0.5}}, true},
		{"segment along an edge", orb.LineString{{-1, 0}, {2, 0}}, true},
		{"segment passing by a corner", orb.LineString{{-1, 0.9}, {0.9, -1}}, false},
		{"segment in the envelope, off the box", orb.LineString{{-1, 3}, {3, 1.5}}, false},
		{"diagonal missing the box", orb.LineString{{0.6, 2}, {2, 0.6}}, false},
		{"polygon containing the box", orb.Polygon{square(-1, -1, 2, 2)}, true},
		{"polygon inside the box", orb.Polygon{square(0.2, 0.2, 0.4, 0.4)}, true},
		{"polygon sharing an edge", orb.Polygon{square(1, 0, 2, 1)}, true},
		{"polygon touching a corner", orb.Polygon{square(1, 1, 2, 2)}, true},
		{"polygon beside the box", orb.Polygon{square(1.01, 0, 2, 1)}, false},
		{"box in a hole", orb.Polygon{square(-1, -1, 2, 2), square(-0.5, -0.5, 1.5, 1.5)}, false},
		{"box straddling a hole's edge", orb.Polygon{square(-1, -1, 2, 2), square(0.5, -0.5, 1.5, 1.5)}, true},
		// An L: the box sits in the notch, inside the envelope but outside.
		{"box in the notch of an L", orb.Polygon{{{-2, -2}, {3, -2}, {3, -1}, {-1, -1}, {-1, 3}, {-2, 3}, {-2, -2}}}, false},
		{"multipolygon, second part hits", orb.MultiPolygon{{square(5, 5, 6, 6)}, {square(0.5, 0.5, 3, 3)}}, true},
		{"multipolygon, no part hits", orb.MultiPolygon{{square(5, 5, 6, 6)}, {square(-3, -3, -2, -2)}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := c.g.Bound()
			if got := b.Intersects(r) && intersects(c.g, b, r); got != c.want {
				t.Errorf("intersects: got %v, want %v", got, c.want)
			}
		})
	}
}
