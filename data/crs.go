package data

import "github.com/maillage/maillage/geo"

// StorageCRS is the CRS both stores keep geometries in, and the one
// ItemsQuery.BBox and Extent are given in: WGS 84 longitude/latitude
// (PostGIS SRID 4326, lon/lat order).
const StorageCRS = geo.CRS84

// CoordinateDecimals is how many decimals both stores write coordinates
// with in crs, so that they round alike: 7 for degrees (1e-7° is at most
// 1.1 cm), 2 for metres (1 cm). Trailing zeros are dropped ("700000",
// "6862035.26").
//
// A bbox given in another CRS (bbox-crs) reaches the stores converted to
// CRS84 by the server, as the CRS84 envelope of the region it covers
// (geo.Projection.BoundToCRS84): the stores filter in their own CRS, on
// their spatial index, and cannot disagree on the conversion. For
// EPSG:4326 and EPSG:3857 that envelope is the region itself; for
// Lambert-93, whose grid is turned against the meridians by up to 5° over
// France, it is slightly larger, so features just outside a Lambert-93
// rectangle but inside its envelope also match.
func CoordinateDecimals(crs geo.CRS) int {
	if crs.Projected() {
		return 2
	}
	return 7
}
