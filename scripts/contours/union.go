package main

import (
	"fmt"
	"math"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// union merges communes of 2018 that share their borders exactly with
// geo.Dissolve, and checks that nothing was lost or doubled: the union's area
// must be the sum of the parts'.
func union(parts []shape) (shape, error) {
	mps := make([]orb.MultiPolygon, len(parts))
	var want int64
	for i, s := range parts {
		mps[i] = toOrb(s)
		want += shapeArea2(s)
	}
	got, err := fromOrb(geo.Dissolve(mps))
	if err != nil {
		return nil, err
	}
	if a := shapeArea2(got); a != want {
		return nil, fmt.Errorf("the union's area is %d, the parts' %d: borders not shared exactly", a, want)
	}
	return got, nil
}

// shapeArea2 is twice the area of a shape, holes deducted (they wind
// clockwise).
func shapeArea2(s shape) int64 {
	var a int64
	for _, poly := range s {
		for _, r := range poly {
			a += area2(r)
		}
	}
	return a
}

func toOrb(s shape) orb.MultiPolygon {
	mp := make(orb.MultiPolygon, len(s))
	for i, poly := range s {
		mp[i] = make(orb.Polygon, len(poly))
		for j, r := range poly {
			ring := make(orb.Ring, len(r))
			for k, p := range r {
				ring[k] = orb.Point{float64(p.X) / scale, float64(p.Y) / scale}
			}
			mp[i][j] = ring
		}
	}
	return mp
}

func fromOrb(mp orb.MultiPolygon) (shape, error) {
	s := make(shape, len(mp))
	for i, poly := range mp {
		s[i] = make([][]pt, len(poly))
		for j, ring := range poly {
			r := make([]pt, len(ring))
			for k, p := range ring {
				r[k] = pt{int32(math.Round(p[0] * scale)), int32(math.Round(p[1] * scale))}
			}
			if a := area2(r); a == 0 || (a > 0) != (j == 0) {
				return nil, fmt.Errorf("geo.Dissolve gave a ring of area %d as ring %d of a polygon", a, j)
			}
			s[i][j] = r
		}
	}
	return s, nil
}
