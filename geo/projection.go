package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Projection converts positions between CRS84 (longitude, latitude in
// degrees, WGS 84) and one of the supported CRSs, in that CRS's axis order
// (see CRS). Make one with CRS.Projection, once per batch: it holds the
// projection's constants. A Projection is a value, safe for concurrent use;
// its zero value is CRS84's identity.
//
// Datum: every CRS here is taken to share WGS 84's datum. For EPSG:2154
// this reads WGS 84 positions as RGF93 ones, as PROJ (hence PostGIS's
// ST_Transform) does by default with its null transformation between the
// two (EPSG:1671); the datums really differ by less than a metre in
// metropolitan France. The ellipsoid is the one each CRS defines: GRS80 for
// EPSG:2154, a sphere of radius 6 378 137 m for EPSG:3857. So the results
// match ST_Transform to well under a millimetre (the tests measure it).
type Projection struct {
	crs     CRS
	lambert lambertConic // EPSG2154's constants
}

// Projection returns c's projection; an invalid c gives CRS84's.
func (c CRS) Projection() Projection {
	switch c {
	case EPSG2154:
		return Projection{crs: c, lambert: lambert93()}
	case EPSG4326, EPSG3857:
		return Projection{crs: c}
	}
	return Projection{}
}

// CRS is the CRS p converts to and from.
func (p Projection) CRS() CRS { return p.crs }

// Forward converts a CRS84 position (lon, lat in degrees) to p's CRS: [lat,
// lon] for EPSG:4326, [x, y] in metres for the projected CRSs. Like PROJ,
// it first brings the longitude within 180° of the central meridian. A
// position the projection cannot map gets meaningless coordinates:
// EPSG:2154's South Pole infinite or NaN ones, EPSG:3857's poles a
// northing of some 2.4e8 m (PROJ's is of the same order), where the
// world of web maps ends at ±85.0511°.
func (p Projection) Forward(lonLat orb.Point) orb.Point {
	const deg = math.Pi / 180
	lon, lat := lonLat[0], lonLat[1]
	switch p.crs {
	case EPSG4326:
		return orb.Point{lat, lon}
	case EPSG3857:
		x, y := webMercatorForward(wrapDegrees(lon), lat)
		return orb.Point{x, y}
	case EPSG2154:
		lambda := p.lambert.lambdaC + wrapRadians(lon*deg-p.lambert.lambdaC)
		x, y := p.lambert.forward(lambda, lat*deg)
		return orb.Point{x, y}
	}
	return lonLat
}

// Inverse converts a position of p's CRS, in its axis order, to CRS84 (lon,
// lat in degrees). Lambert-93 longitudes come back within [-180, 180];
// EPSG:3857 ones are not wrapped, so that an easting beyond the world's
// edge gives a longitude beyond ±180° a caller can refuse.
func (p Projection) Inverse(pt orb.Point) orb.Point {
	const deg = math.Pi / 180
	switch p.crs {
	case EPSG4326:
		return orb.Point{pt[1], pt[0]}
	case EPSG3857:
		lon, lat := webMercatorInverse(pt[0], pt[1])
		return orb.Point{lon, lat}
	case EPSG2154:
		lambda, phi := p.lambert.inverse(pt[0], pt[1])
		return orb.Point{wrapDegrees(lambda / deg), phi / deg}
	}
	return pt
}

// Geometry returns a copy of g (CRS84) with every position converted by
// Forward; g itself is left alone. nil gives nil, an empty geometry an empty
// one of the same type, and a type orb has but GeoJSON lacks (orb.Bound)
// its polygon.
func (p Projection) Geometry(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case nil:
		return nil
	case orb.Point:
		return p.Forward(g)
	case orb.MultiPoint:
		return orb.MultiPoint(p.points(g))
	case orb.LineString:
		return orb.LineString(p.points(g))
	case orb.Ring:
		return orb.Ring(p.points(g))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, ls := range g {
			out[i] = p.points(ls)
		}
		return out
	case orb.Polygon:
		return p.polygon(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, poly := range g {
			out[i] = p.polygon(poly)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, c := range g {
			out[i] = p.Geometry(c)
		}
		return out
	case orb.Bound:
		return p.polygon(g.ToPolygon())
	}
	return nil
}

func (p Projection) points(ps []orb.Point) []orb.Point {
	out := make([]orb.Point, len(ps))
	for i, pt := range ps {
		out[i] = p.Forward(pt)
	}
	return out
}

func (p Projection) polygon(poly orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(poly))
	for i, r := range poly {
		out[i] = p.points(r)
	}
	return out
}

// wrapDegrees brings a longitude (degrees) into [-180, 180].
func wrapDegrees(lon float64) float64 {
	if lon >= -180 && lon <= 180 {
		return lon
	}
	return lon - 360*math.Floor((lon+180)/360)
}

// wrapRadians brings an angle (radians) into [-π, π].
func wrapRadians(a float64) float64 {
	if a >= -math.Pi && a <= math.Pi {
		return a
	}
	return a - 2*math.Pi*math.Floor((a+math.Pi)/(2*math.Pi))
}
