package geo

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// CRS is a coordinate reference system Maillage answers in (OGC API –
// Features Part 2). The zero value is CRS84, the storage CRS: both stores
// keep WGS 84 longitude/latitude in degrees (PostGIS SRID 4326, whose
// coordinates PostGIS orders lon/lat whatever EPSG says).
//
// Positions in CRS84 are [lon, lat]; in EPSG4326 they are [lat, lon], the
// axis order EPSG defines and OGC API – Features Part 2 requires for that
// URI; in the projected CRSs they are [easting, northing] in metres.
type CRS uint8

// The supported CRSs, CRS84 first.
const (
	// CRS84 is OGC's WGS 84 longitude, latitude in degrees.
	CRS84 CRS = iota
	// EPSG4326 is WGS 84 latitude, longitude in degrees.
	EPSG4326
	// EPSG3857 is WGS 84 / Pseudo-Mercator (web maps): the spherical
	// Mercator of a sphere of radius 6 378 137 m, in metres.
	EPSG3857
	// EPSG2154 is RGF93 / Lambert-93, the French national projection: a
	// Lambert conformal conic on GRS80, in metres (see LambertConic).
	EPSG2154
	numCRS // not a CRS: the count, for Valid
)

// ErrUnsupportedCRS is a CRS identifier ParseCRS does not know.
var ErrUnsupportedCRS = errors.New("geo: unsupported CRS")

// CRSs lists the supported CRSs, CRS84 first. It returns a fresh slice.
func CRSs() []CRS { return []CRS{CRS84, EPSG4326, EPSG3857, EPSG2154} }

// Valid reports whether c is one of CRSs.
func (c CRS) Valid() bool { return c < numCRS }

// URI is c's OGC identifier, as the crs and bbox-crs parameters, the
// Content-Crs header and the collections' crs lists spell it; "" for an
// invalid c.
func (c CRS) URI() string {
	switch c {
	case CRS84:
		return "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	case EPSG4326, EPSG3857, EPSG2154:
		return "http://www.opengis.net/def/crs/EPSG/0/" + c.code()
	}
	return ""
}

// String is c's short name: "CRS84", "EPSG:4326", "EPSG:3857",
// "EPSG:2154"; "CRS(n)" for an invalid c.
func (c CRS) String() string {
	switch c {
	case CRS84:
		return "CRS84"
	case EPSG4326, EPSG3857, EPSG2154:
		return "EPSG:" + c.code()
	}
	return "CRS(" + strconv.Itoa(int(c)) + ")"
}

// code is the EPSG code of an EPSG CRS.
func (c CRS) code() string {
	switch c {
	case EPSG4326:
		return "4326"
	case EPSG3857:
		return "3857"
	case EPSG2154:
		return "2154"
	}
	return ""
}

// SRID is the PostGIS spatial_ref_sys id of c: 4326 for both CRS84 and
// EPSG4326 (PostGIS stores lon/lat under 4326 and flips nothing), 3857,
// 2154; 0 for an invalid c.
func (c CRS) SRID() int {
	switch c {
	case CRS84, EPSG4326:
		return 4326
	case EPSG3857:
		return 3857
	case EPSG2154:
		return 2154
	}
	return 0
}

// LatLon reports a CRS whose first axis is the latitude (EPSG4326).
func (c CRS) LatLon() bool { return c == EPSG4326 }

// Projected reports a CRS in metres (EPSG3857, EPSG2154) rather than
// degrees.
func (c CRS) Projected() bool { return c == EPSG3857 || c == EPSG2154 }

// ParseCRS reads a CRS identifier: the OGC URI (also with https), an OGC
// URN ("urn:ogc:def:crs:EPSG::2154", "urn:ogc:def:crs:OGC:1.3:CRS84"), a
// safe CURIE ("[EPSG:2154]", "[OGC:CRS84]") or the short form
// ("EPSG:2154", "OGC:CRS84", "CRS84"). Surrounding spaces are ignored;
// anything else wraps ErrUnsupportedCRS. Whatever the form, EPSG 4326
// means EPSG4326, latitude first.
func ParseCRS(s string) (CRS, error) {
	id := strings.TrimSpace(s)
	if inner, ok := strings.CutPrefix(id, "["); ok {
		if inner, ok = strings.CutSuffix(inner, "]"); ok {
			id = inner
		}
	}
	if rest, ok := strings.CutPrefix(id, "https://"); ok {
		id = "http://" + rest
	}
	for _, c := range CRSs() {
		if id == c.URI() || id == c.String() {
			return c, nil
		}
	}
	switch id {
	case "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84":
		return CRS84, nil
	}
	if code, ok := strings.CutPrefix(id, "urn:ogc:def:crs:EPSG::"); ok {
		for _, c := range CRSs() {
			if c.code() != "" && c.code() == code {
				return c, nil
			}
		}
	}
	return CRS84, fmt.Errorf("%w: %q", ErrUnsupportedCRS, s)
}
