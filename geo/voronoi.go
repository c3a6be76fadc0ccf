package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// VoronoiCell returns the part of area nearer to site than to any of others
// (planar distance in the coordinates given): site's Voronoi cell among
// them, clipped to area. It is how a territory known by a point alone gets
// an approximate area — a commune whose contour is unknown, the others being
// its neighbours' points. Each bisector keeps one half-plane, and every ring
// of area is clipped by it in turn (Sutherland–Hodgman: exact for the convex
// half-plane, whatever the ring's shape); rings left with no area are
// dropped, and so is a polygon whose outer ring is. The result may be empty.
func VoronoiCell(site orb.Point, others []orb.Point, area orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, 0, len(area))
	for _, poly := range area {
		var kept orb.Polygon
		for i, ring := range poly {
			r := ring
			for _, o := range others {
				if o == site {
					continue
				}
				r = clipHalfPlane(r, site, o)
				if len(r) == 0 {
					break
				}
			}
			if len(r) < 4 || planar.Area(r) == 0 {
				if i == 0 {
					break
				}
				continue
			}
			kept = append(kept, r)
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out
}

// clipHalfPlane keeps the part of a closed ring nearer to a than to b.
func clipHalfPlane(ring orb.Ring, a, b orb.Point) orb.Ring {
	// p is kept when (p − m)·(b − a) ≤ 0, m the midpoint of a and b.
	m := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
	d := orb.Point{b[0] - a[0], b[1] - a[1]}
	side := func(p orb.Point) float64 { return (p[0]-m[0])*d[0] + (p[1]-m[1])*d[1] }
	pts := ring
	if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	var out orb.Ring
	for i, cur := range pts {
		prev := pts[(i+len(pts)-1)%len(pts)]
		sc, sp := side(cur), side(prev)
		if (sc <= 0) != (sp <= 0) {
			t := sp / (sp - sc)
			out = append(out, orb.Point{prev[0] + t*(cur[0]-prev[0]), prev[1] + t*(cur[1]-prev[1])})
		}
		if sc <= 0 {
			out = append(out, cur)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return append(out, out[0])
}
