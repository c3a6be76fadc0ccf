package memory

import "github.com/paulmach/orb"

// intersects reports whether g meets the closed rectangle r, as PostGIS's
// ST_Intersects(g, ST_MakeEnvelope(r)) does: touching counts, so a point on
// the rectangle's edge, a line grazing a corner or a polygon sharing an edge
// all intersect. b is g's envelope, already known to meet r.
//
// The tests use float64 orientation signs, not GEOS's robust predicates, so
// a line passing within about 1e-15° of a corner may be judged differently;
// no 7-decimal coordinate is that close.
func intersects(g orb.Geometry, b, r orb.Bound) bool {
	if r.Min[0] <= b.Min[0] && b.Max[0] <= r.Max[0] && r.Min[1] <= b.Min[1] && b.Max[1] <= r.Max[1] {
		return true // g lies inside r
	}
	switch g := g.(type) {
	case orb.Point:
		return r.Contains(g)
	case orb.MultiPoint:
		for _, p := range g {
			if r.Contains(p) {
				return true
			}
		}
		return false
	case orb.LineString:
		return lineIntersects(g, r)
	case orb.MultiLineString:
		for _, ls := range g {
			if lineIntersects(ls, r) {
				return true
			}
		}
		return false
	case orb.Polygon:
		return polygonIntersects(g, r)
	case orb.MultiPolygon:
		for _, p := range g {
			if polygonIntersects(p, r) {
				return true
			}
		}
		return false
	case orb.Collection:
		for _, c := range g {
			if c != nil && intersects(c, c.Bound(), r) {
				return true
			}
		}
		return false
	}
	return true // other types: the envelope test already passed
}

func lineIntersects(ls orb.LineString, r orb.Bound) bool {
	if len(ls) == 1 {
		return r.Contains(ls[0])
	}
	for i := 1; i < len(ls); i++ {
		if segmentIntersects(ls[i-1], ls[i], r) {
			return true
		}
	}
	return false
}

// polygonIntersects: either some ring crosses or touches r, or no ring does
// and r lies wholly inside the polygon or wholly outside it, which one
// corner of r decides.
func polygonIntersects(p orb.Polygon, r orb.Bound) bool {
	if len(p) == 0 || len(p[0]) == 0 {
		return false
	}
	for _, ring := range p {
		if lineIntersects(orb.LineString(ring), r) {
			return true
		}
	}
	return polygonContains(p, r.Min)
}

// segmentIntersects is the separating-axis test of a segment against a
// closed rectangle: their envelopes must overlap and the segment's line must
// not leave all four corners strictly on one side.
func segmentIntersects(a, b orb.Point, r orb.Bound) bool {
	if max(a[0], b[0]) < r.Min[0] || min(a[0], b[0]) > r.Max[0] ||
		max(a[1], b[1]) < r.Min[1] || min(a[1], b[1]) > r.Max[1] {
		return false
	}
	if r.Contains(a) || r.Contains(b) {
		return true
	}
	dx, dy := b[0]-a[0], b[1]-a[1]
	side := func(x, y float64) int {
		c := dx*(y-a[1]) - dy*(x-a[0])
		switch {
		case c > 0:
			return 1
		case c < 0:
			return -1
		}
		return 0
	}
	s1 := side(r.Min[0], r.Min[1])
	s2 := side(r.Max[0], r.Min[1])
	s3 := side(r.Max[0], r.Max[1])
	s4 := side(r.Min[0], r.Max[1])
	return !(s1 == s2 && s2 == s3 && s3 == s4 && s1 != 0)
}

// polygonContains is the even-odd ray test over every ring, so a point in a
// hole is outside. Points on a ring never reach it: polygonIntersects has
// already found the touching ring.
func polygonContains(p orb.Polygon, pt orb.Point) bool {
	in := false
	for _, ring := range p {
		for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
			a, b := ring[i], ring[j]
			if (a[1] > pt[1]) != (b[1] > pt[1]) &&
				pt[0] < (b[0]-a[0])*(pt[1]-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
	}
	return in
}
