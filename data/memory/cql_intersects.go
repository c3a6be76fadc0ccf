package memory

import (
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
)

// geomIntersects reports whether two geometries share a point, boundaries
// included, as PostGIS's ST_Intersects does in the plane: points on a line
// or a ring count, a line inside a polygon counts, a polygon inside
// another's hole does not. Like intersects (for rectangles) it uses exact
// float64 orientation signs rather than GEOS's robust predicates, so only
// configurations within about 1e-15° of touching can be judged apart.
func geomIntersects(a, b orb.Geometry) bool {
	if !a.Bound().Intersects(b.Bound()) {
		return false
	}
	var pa, pb parts
	pa.add(a)
	pb.add(b)
	for _, p := range pa.points {
		if pb.hasPoint(p) {
			return true
		}
	}
	for _, p := range pb.points {
		if pa.hasPoint(p) {
			return true
		}
	}
	for _, l := range pa.lines {
		if pb.hasLine(l) {
			return true
		}
	}
	for _, l := range pb.lines {
		if pa.hasLine(l) {
			return true
		}
	}
	for _, p := range pa.polygons {
		if pb.hasPolygon(p) {
			return true
		}
	}
	return false
}

// parts is a geometry taken apart into points, lines (rings of polygons
// not included) and polygons.
type parts struct {
	points   []orb.Point
	lines    []orb.LineString
	polygons []orb.Polygon
}

func (ps *parts) add(g orb.Geometry) {
	switch g := g.(type) {
	case orb.Point:
		ps.points = append(ps.points, g)
	case orb.MultiPoint:
		ps.points = append(ps.points, g...)
	case orb.LineString:
		ps.lines = append(ps.lines, g)
	case orb.MultiLineString:
		ps.lines = append(ps.lines, g...)
	case orb.Ring:
		ps.polygons = append(ps.polygons, orb.Polygon{g})
	case orb.Polygon:
		if len(g) > 0 && len(g[0]) > 0 {
			ps.polygons = append(ps.polygons, g)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			ps.add(p)
		}
	case orb.Collection:
		for _, m := range g {
			if m != nil {
				ps.add(m)
			}
		}
	case orb.Bound:
		ps.polygons = append(ps.polygons, g.ToPolygon())
	}
}

// hasPoint reports whether p lies on some part.
func (ps *parts) hasPoint(p orb.Point) bool {
	for _, q := range ps.points {
		if p == q {
			return true
		}
	}
	for _, l := range ps.lines {
		if onLine(l, p) {
			return true
		}
	}
	for _, poly := range ps.polygons {
		if inPolygon(poly, p) {
			return true
		}
	}
	return false
}

// hasLine reports whether line l meets a line or polygon part (points
// were checked by hasPoint).
func (ps *parts) hasLine(l orb.LineString) bool {
	for _, m := range ps.lines {
		if linesMeet(l, m) {
			return true
		}
	}
	for _, poly := range ps.polygons {
		for _, r := range poly {
			if linesMeet(l, orb.LineString(r)) {
				return true
			}
		}
		// No crossing of the boundary: l is wholly inside or outside.
		if len(l) > 0 && inPolygon(poly, l[0]) {
			return true
		}
	}
	return false
}

// hasPolygon reports whether polygon p meets a polygon part (points and
// lines were checked already): their boundaries meet, or one lies inside
// the other.
func (ps *parts) hasPolygon(p orb.Polygon) bool {
	for _, q := range ps.polygons {
		for _, rp := range p {
			for _, rq := range q {
				if linesMeet(orb.LineString(rp), orb.LineString(rq)) {
					return true
				}
			}
		}
		if inPolygon(q, p[0][0]) || inPolygon(p, q[0][0]) {
			return true
		}
	}
	return false
}

// onLine reports whether p lies on the line (a one-point line is that
// point).
func onLine(l orb.LineString, p orb.Point) bool {
	if len(l) == 1 {
		return l[0] == p
	}
	for i := 1; i < len(l); i++ {
		if cql2.SegmentsMeet(l[i-1], l[i], p, p) {
			return true
		}
	}
	return false
}

// linesMeet reports whether two lines share a point.
func linesMeet(a, b orb.LineString) bool {
	if len(a) == 1 {
		return onLine(b, a[0])
	}
	if len(b) == 1 {
		return onLine(a, b[0])
	}
	if !a.Bound().Intersects(b.Bound()) {
		return false
	}
	for i := 1; i < len(a); i++ {
		for j := 1; j < len(b); j++ {
			if cql2.SegmentsMeet(a[i-1], a[i], b[j-1], b[j]) {
				return true
			}
		}
	}
	return false
}

// inPolygon reports whether p lies in the polygon or on its boundary (a
// point in a hole is outside, one on the hole's ring inside).
func inPolygon(poly orb.Polygon, p orb.Point) bool {
	if len(poly) == 0 || !poly.Bound().Contains(p) {
		return false
	}
	for _, r := range poly {
		if onLine(orb.LineString(r), p) {
			return true
		}
	}
	return polygonContains(poly, p)
}
