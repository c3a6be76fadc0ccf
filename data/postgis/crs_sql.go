package postgis

import (
	"strconv"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// sqlGeometryJSON is the SQL expression of the column geom (SRID 4326,
// lon/lat) as GeoJSON geometry text in crs, with
// data.CoordinateDecimals(crs) decimals:
//
//   - CRS84 writes the column as stored;
//   - EPSG:4326 swaps the axes with ST_FlipCoordinates (lat/lon, as EPSG
//     orders them), nothing else changing;
//   - EPSG:3857 and EPSG:2154 go through ST_Transform to the SRID, passed
//     as an argument like every request value, and ST_AsGeoJSON's options
//     0 keep out the "crs" member it would otherwise add for an SRID other
//     than 4326 (RFC 7946 has none; the server says the CRS in the
//     Content-Crs header).
//
// The transform is of the page's rows only, after the WHERE clause has used
// the index on the stored column.
func sqlGeometryJSON(geom string, crs geo.CRS, args *argList) string {
	decimals := strconv.Itoa(data.CoordinateDecimals(crs))
	switch {
	case crs == geo.EPSG4326:
		return "ST_AsGeoJSON(ST_FlipCoordinates(" + geom + "), " + decimals + ")"
	case crs.Projected():
		return "ST_AsGeoJSON(ST_Transform(" + geom + ", " + args.add(crs.SRID()) + "::integer), " + decimals + ", 0)"
	}
	return "ST_AsGeoJSON(" + geom + ", " + decimals + ")"
}
