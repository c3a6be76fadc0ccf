package geo

import (
	"slices"

	"github.com/paulmach/orb"
)

// InteriorPoint returns a point of g in EPSG:4326 that lies inside g: the
// point itself for a Point, and for a Polygon or MultiPolygon the point GEOS's
// InteriorPointArea picks, so that it equals PostGIS's ST_PointOnSurface on
// the same rings. That algorithm draws a horizontal scan line half-way between
// the two vertex latitudes nearest the middle of each polygon's envelope
// (so it never runs through a vertex), cuts it by every ring, and returns the
// middle of the widest inside section over all polygons. Both stores use it
// for an alliance's point and for an actor placed by its commune alone, so
// the answer must not depend on which store computed it.
//
// For other geometry types it returns the first vertex; for nil or empty
// geometries the zero point.
func InteriorPoint(g orb.Geometry) orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return g
	case orb.Polygon:
		p, _ := polygonInteriorPoint(g)
		return p
	case orb.MultiPolygon:
		best, bestWidth := orb.Point{}, -1.0
		for _, poly := range g {
			if len(poly) == 0 || len(poly[0]) == 0 {
				continue
			}
			if p, w := polygonInteriorPoint(poly); w > bestWidth {
				best, bestWidth = p, w
			}
		}
		return best
	case orb.MultiPoint:
		if len(g) > 0 {
			return g[0]
		}
	case orb.LineString:
		if len(g) > 0 {
			return g[0]
		}
	}
	return orb.Point{}
}

// polygonInteriorPoint returns GEOS's interior point of one polygon and the
// width of the section it is the middle of; a polygon with no area gives its
// first vertex and width 0.
func polygonInteriorPoint(poly orb.Polygon) (orb.Point, float64) {
	if len(poly) == 0 || len(poly[0]) == 0 {
		return orb.Point{}, 0
	}
	y := scanLineY(poly)
	var crossings []float64
	for _, ring := range poly {
		for i := 1; i < len(ring); i++ {
			p0, p1 := ring[i-1], ring[i]
			if (p0[1] > y && p1[1] > y) || (p0[1] < y && p1[1] < y) {
				continue
			}
			if !crossingCounted(p0, p1, y) {
				continue
			}
			crossings = append(crossings, crossingX(p0, p1, y))
		}
	}
	point, width := poly[0][0], 0.0
	slices.Sort(crossings)
	for i := 0; i+1 < len(crossings); i += 2 {
		if w := crossings[i+1] - crossings[i]; w > width {
			width = w
			point = orb.Point{(crossings[i] + crossings[i+1]) / 2, y}
		}
	}
	return point, width
}

// scanLineY is GEOS's ScanLineYOrdinateFinder: the mean of the highest vertex
// latitude at or below the envelope's centre and the lowest one above it.
func scanLineY(poly orb.Polygon) float64 {
	lo, hi := poly[0][0][1], poly[0][0][1]
	for _, p := range poly[0] {
		lo, hi = min(lo, p[1]), max(hi, p[1])
	}
	centre := (lo + hi) / 2
	for _, ring := range poly {
		for _, p := range ring {
			if p[1] <= centre {
				if p[1] > lo {
					lo = p[1]
				}
			} else if p[1] < hi {
				hi = p[1]
			}
		}
	}
	return (hi + lo) / 2
}

// crossingCounted skips horizontal edges and counts a vertex on the scan
// line once: a downward edge excludes its start, an upward edge its end.
func crossingCounted(p0, p1 orb.Point, y float64) bool {
	switch {
	case p0[1] == p1[1]:
		return false
	case p0[1] == y && p1[1] < y:
		return false
	case p1[1] == y && p0[1] < y:
		return false
	}
	return true
}

// crossingX is the longitude where the edge p0–p1 meets latitude y, computed
// as GEOS does so that both give the same bits.
func crossingX(p0, p1 orb.Point, y float64) float64 {
	if p0[0] == p1[0] {
		return p0[0]
	}
	m := (p1[1] - p0[1]) / (p1[0] - p0[0])
	return p0[0] + (y-p0[1])/m
}
