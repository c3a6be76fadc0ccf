package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestVoronoiCell(t *testing.T) {
	square := orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}}}
	withHole := orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{0.5, 0.5}, {0.5, 1.5}, {1.5, 1.5}, {1.5, 0.5}, {0.5, 0.5}}}}
	tests := []struct {
		name   string
		site   orb.Point
		others []orb.Point
		area   orb.MultiPolygon
		want   float64 // the cell's area
	}{
		{"alone: the whole area", orb.Point{1, 1}, nil, square, 16},
		{"two sites split it in halves", orb.Point{1, 2}, []orb.Point{{3, 2}}, square, 8},
		{"a corner among four", orb.Point{1, 1}, []orb.Point{{3, 1}, {1, 3}, {3, 3}}, square, 4},
		{"the site itself among others is ignored", orb.Point{1, 1}, []orb.Point{{1, 1}, {3, 1}}, square, 8},
		{"a hole stays a hole", orb.Point{1, 2}, []orb.Point{{3, 2}}, withHole, 7},
		{"a bisector outside the area keeps it all", orb.Point{1, 1}, []orb.Point{{20, 1}}, square, 16},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := VoronoiCell(tc.site, tc.others, tc.area)
			a := 0.0
			for _, p := range got {
				a += math.Abs(planar.Area(p[0]))
				for _, h := range p[1:] {
					a -= math.Abs(planar.Area(h))
				}
			}
			if math.Abs(a-tc.want) > 1e-9 {
				t.Fatalf("cell %v has area %v, want %v", got, a, tc.want)
			}
			if len(got) > 0 && !planar.MultiPolygonContains(got, tc.site) {
				t.Fatalf("cell %v does not contain its site %v", got, tc.site)
			}
		})
	}
}
