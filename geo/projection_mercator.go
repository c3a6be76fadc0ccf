package geo

import "math"

// webMercatorRadius is the radius (metres) of the sphere EPSG:3857 projects
// from: WGS 84's semi-major axis, the latitude taken as if it were
// spherical (IOGP guidance note 7-2, method 1024 "Popular Visualisation
// Pseudo Mercator").
const webMercatorRadius = 6378137

// webMercatorMaxLat is the latitude (degrees) where EPSG:3857's northing
// reaches its easting's range, π·R: the square world of web maps stops
// there.
const webMercatorMaxLat = 85.05112877980659

// webMercatorForward projects longitude and latitude (degrees) to
// EPSG:3857 easting and northing (metres). The poles have no image: ±90°
// gives an infinite northing.
func webMercatorForward(lon, lat float64) (x, y float64) {
	const deg = math.Pi / 180
	return webMercatorRadius * lon * deg, webMercatorRadius * math.Log(math.Tan(math.Pi/4+lat*deg/2))
}

// webMercatorInverse is webMercatorForward's inverse: easting and northing
// (metres) to longitude and latitude (degrees). Any northing has a
// latitude strictly between the poles.
func webMercatorInverse(x, y float64) (lon, lat float64) {
	const deg = math.Pi / 180
	return x / webMercatorRadius / deg, math.Atan(math.Sinh(y/webMercatorRadius)) / deg
}
