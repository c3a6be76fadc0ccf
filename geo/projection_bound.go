package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// BoundToCRS84 returns the smallest CRS84 bound (lon/lat degrees) holding
// every position of the rectangle b, given in p's CRS and axis order: the
// box of CRS84 a bbox with bbox-crs covers. The rectangle's edges are
// straight in p's CRS, so in CRS84 they may curve; the result holds the
// curves, not only the corners.
//
// EPSG:4326 swaps the axes and EPSG:3857 maps each axis on its own, so
// their rectangles stay rectangles and the bound is exact. Lambert-93's
// straight lines curve: along a vertical edge both the longitude and the
// latitude change monotonically, and along a horizontal edge the longitude
// does while the latitude peaks where the edge crosses the central
// meridian (x = 700 000 m, where the edge is nearest the cone's apex). So
// the corners and those crossings give the exact bound, with no sampling.
// A rectangle reaching the apex's northing (12 655 612 m, beyond the North
// Pole's image) gets every longitude and latitudes up to 90°.
//
// The result may fall outside [-180, 180] × [-90, 90] (an EPSG:4326 box
// with out-of-range numbers, an EPSG:3857 easting beyond the world's
// edge) or be NaN: callers check it.
func (p Projection) BoundToCRS84(b orb.Bound) orb.Bound {
	switch p.crs {
	case EPSG4326, EPSG3857: // rectangles map to rectangles
		lo, hi := p.Inverse(b.Min), p.Inverse(b.Max)
		return orb.Bound{Min: lo, Max: hi}
	case EPSG2154:
		return p.lambertBound(b)
	}
	return b
}

// lambertBound is BoundToCRS84 for EPSG:2154.
func (p Projection) lambertBound(b orb.Bound) orb.Bound {
	corners := []orb.Point{b.Min, {b.Max[0], b.Min[1]}, b.Max, {b.Min[0], b.Max[1]}}
	out := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	add := func(pt orb.Point) {
		ll := p.Inverse(pt)
		out.Min = orb.Point{math.Min(out.Min[0], ll[0]), math.Min(out.Min[1], ll[1])}
		out.Max = orb.Point{math.Max(out.Max[0], ll[0]), math.Max(out.Max[1], ll[1])}
	}
	for _, c := range corners {
		add(c)
	}
	xs, ys := p.lambert.xs, p.lambert.ys
	if b.Max[1] >= ys {
		// Beyond the apex's parallel every meridian is crossed; the
		// farthest corner still gives the lowest latitude.
		out.Min[0], out.Max[0], out.Max[1] = -180, 180, 90
		return out
	}
	if b.Min[0] < xs && xs < b.Max[0] {
		add(orb.Point{xs, b.Min[1]})
		add(orb.Point{xs, b.Max[1]})
	}
	return out
}
