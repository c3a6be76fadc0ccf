package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// TestBoundToCRS84 compares the bound of each rectangle with a brute force:
// 2 000 positions along every edge, sent back to CRS84. The bound must hold
// them all and be no larger than they are, up to the sampling's step.
func TestBoundToCRS84(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		crs  CRS
		b    orb.Bound
	}{
		{"EPSG:4326 over Lyon", EPSG4326, orb.Bound{Min: orb.Point{45.7, 4.8}, Max: orb.Point{45.8, 4.9}}},
		{"EPSG:3857 over Paris", EPSG3857, orb.Bound{Min: orb.Point{250000, 6240000}, Max: orb.Point{275000, 6260000}}},
		{"Lambert-93, all France", EPSG2154, orb.Bound{Min: orb.Point{100000, 6000000}, Max: orb.Point{1250000, 7150000}}},
		{"Lambert-93 west of the central meridian", EPSG2154, orb.Bound{Min: orb.Point{140000, 6830000}, Max: orb.Point{160000, 6840000}}},
		{"Lambert-93 across the central meridian", EPSG2154, orb.Bound{Min: orb.Point{600000, 6800000}, Max: orb.Point{800000, 6900000}}},
		{"Lambert-93, a point", EPSG2154, orb.Bound{Min: orb.Point{652469.02, 6862035.26}, Max: orb.Point{652469.02, 6862035.26}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := c.crs.Projection()
			got := p.BoundToCRS84(c.b)
			want := sampledBound(p, c.b, 2000)
			const slack = 1e-9 // degrees: rounding of the inverse
			if got.Min[0] > want.Min[0]+slack || got.Min[1] > want.Min[1]+slack ||
				got.Max[0] < want.Max[0]-slack || got.Max[1] < want.Max[1]-slack {
				t.Errorf("got %v, which misses sampled positions of %v", got, want)
			}
			// One step of 1/2000 of an edge moves at most ~1e-4° here.
			if d := maxGap(got, want); d > 1e-6 {
				t.Errorf("got %v, wider than the edges' %v by %.2g°", got, want, d)
			}
		})
	}
}

// TestBoundToCRS84BeyondTheApex: a Lambert-93 rectangle reaching the cone's
// apex crosses every meridian.
func TestBoundToCRS84BeyondTheApex(t *testing.T) {
	t.Parallel()
	got := EPSG2154.Projection().BoundToCRS84(orb.Bound{Min: orb.Point{0, 7000000}, Max: orb.Point{1400000, 13000000}})
	if got.Min[0] != -180 || got.Max[0] != 180 || got.Max[1] != 90 || got.Min[1] > 50 || got.Min[1] < 40 {
		t.Errorf("got %v, want every longitude, up to 90°N, from about 45°N", got)
	}
}

func TestBoundToCRS84Identity(t *testing.T) {
	t.Parallel()
	b := orb.Bound{Min: orb.Point{2, 46}, Max: orb.Point{3, 47}}
	if got := CRS84.Projection().BoundToCRS84(b); got != b {
		t.Errorf("CRS84: got %v, want %v", got, b)
	}
	if got := EPSG4326.Projection().BoundToCRS84(orb.Bound{Min: orb.Point{46, 2}, Max: orb.Point{47, 3}}); got != b {
		t.Errorf("EPSG:4326: got %v, want %v", got, b)
	}
}

// sampledBound is the CRS84 bound of n+1 positions along each edge of b.
func sampledBound(p Projection, b orb.Bound, n int) orb.Bound {
	out := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	edges := [][2]orb.Point{
		{b.Min, {b.Max[0], b.Min[1]}}, {{b.Max[0], b.Min[1]}, b.Max},
		{b.Max, {b.Min[0], b.Max[1]}}, {{b.Min[0], b.Max[1]}, b.Min},
	}
	for _, e := range edges {
		for i := 0; i <= n; i++ {
			f := float64(i) / float64(n)
			ll := p.Inverse(orb.Point{e[0][0] + f*(e[1][0]-e[0][0]), e[0][1] + f*(e[1][1]-e[0][1])})
			out = out.Extend(ll)
		}
	}
	return out
}

func maxGap(a, b orb.Bound) float64 {
	return max(math.Abs(a.Min[0]-b.Min[0]), math.Abs(a.Min[1]-b.Min[1]), math.Abs(a.Max[0]-b.Max[0]), math.Abs(a.Max[1]-b.Max[1]))
}
