package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// SphereRadius is the radius, in metres, of the sphere link lengths are
// measured on: the WGS84 mean radius R1 = (2a + b) / 3, the one PostGIS
// uses for ST_Length(geography, false).
const SphereRadius = (2*6378137.0 + 6356752.314245179) / 3

// SphereDistance is the great-circle distance in metres between two
// lon/lat points (EPSG:4326, degrees) on the sphere of SphereRadius. It is
// the formula of PostGIS's sphere_distance (liblwgeom, a Vincenty special
// case of the haversine, exact at every distance including antipodes), so
// that both stores measure a link alike; on the WGS84 ellipsoid the length
// would differ by at most 0.5 %.
func SphereDistance(a, b orb.Point) float64 {
	latA, lonA := radians(a[1]), radians(a[0])
	latB, lonB := radians(b[1]), radians(b[0])
	dLon := lonB - lonA
	cosDLon := math.Cos(dLon)
	cosLatB, sinLatB := math.Cos(latB), math.Sin(latB)
	cosLatA, sinLatA := math.Cos(latA), math.Sin(latA)
	// The explicit float64 conversions forbid fused multiply-adds (Go may
	// fuse x*y+z on arm64), keeping the roundings liblwgeom makes.
	a1 := float64(cosLatB * math.Sin(dLon))
	a1 = float64(a1 * a1)
	a2 := float64(cosLatA*sinLatB) - float64(float64(sinLatA*cosLatB)*cosDLon)
	a2 = float64(a2 * a2)
	y := math.Sqrt(a1 + a2)
	x := float64(sinLatA*sinLatB) + float64(float64(cosLatA*cosLatB)*cosDLon)
	return SphereRadius * math.Atan2(y, x)
}

// radians is deg2rad as liblwgeom writes it: π·x/180, in that order.
func radians(deg float64) float64 { return float64(math.Pi*deg) / 180 }

// LinkLengthKm is the length in kilometres of the link between two actors'
// points (SphereDistance), rounded to the metre, i.e. to 3 decimals of a
// km. Metres are rounded half to even, as PostgreSQL's round(double
// precision) does, so that the SQL round(ST_Length(geom::geography, false))
// / 1000 gives the same number.
func LinkLengthKm(a, b orb.Point) float64 {
	return math.RoundToEven(SphereDistance(a, b)) / 1000
}
