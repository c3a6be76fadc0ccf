package geo

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

func TestDissolve(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		parts     []orb.MultiPolygon
		wantPolys int
		wantHoles int
		wantArea  float64
	}{
		{"two squares sharing a side", []orb.MultiPolygon{square(0, 0, 1, 1), square(1, 0, 2, 1)}, 1, 0, 2},
		{"disjoint squares stay apart", []orb.MultiPolygon{square(0, 0, 1, 1), square(3, 0, 4, 1)}, 2, 0, 2},
		{"ring of four around an enclave leaves a hole", ringAroundEnclave(), 1, 1, 8},
		{"nothing", nil, 0, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := Dissolve(c.parts)
			if len(got) != c.wantPolys {
				t.Fatalf("polygons: got %d, want %d (%v)", len(got), c.wantPolys, got)
			}
			holes := 0
			for _, p := range got {
				holes += len(p) - 1
			}
			if holes != c.wantHoles {
				t.Errorf("holes: got %d, want %d", holes, c.wantHoles)
			}
			if a := planar.Area(got); abs(abs(a)-c.wantArea) > 1e-9 {
				t.Errorf("area: got %v, want %v", a, c.wantArea)
			}
		})
	}
}

// ringAroundEnclave is a 3×3 block minus its centre, cut into four pieces
// whose shared sides have the same vertices.
func ringAroundEnclave() []orb.MultiPolygon {
	return []orb.MultiPolygon{
		{{{{0, 0}, {3, 0}, {3, 1}, {2, 1}, {1, 1}, {0, 1}, {0, 0}}}},
		{{{{0, 2}, {1, 2}, {2, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 2}}}},
		{{{{0, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 1}}}},
		{{{{2, 1}, {3, 1}, {3, 2}, {2, 2}, {2, 1}}}},
	}
}
