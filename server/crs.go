package server

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// OGC API – Features Part 2 (Coordinate Reference Systems by Reference):
// the crs parameter picks the CRS of the coordinates served, bbox-crs the
// CRS of the bbox parameter's numbers, both among geo.CRSs() and spelt as
// URIs (geo.ParseCRS also reads the EPSG:n, URN and safe CURIE forms). The
// answer names its CRS in the Content-Crs header; collections list the
// CRSs with CRS84, the storage CRS, as storageCrs. Extents stay in CRS84,
// as Part 2 allows.
//
// A bbox in another CRS is turned here into the CRS84 envelope of the
// region it covers (geo.Projection.BoundToCRS84), so that both stores
// filter on their index in their own CRS, the same way; data/crs.go says
// what that means for Lambert-93.

// Part 2's query parameters and conformance class.
const (
	paramCRS     = "crs"
	paramBBoxCRS = "bbox-crs"
	confCRS      = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"
)

// crsURIs lists the URIs of every CRS the server answers in, CRS84 first:
// each collection's crs list and the enum of the parameters.
func crsURIs() []string {
	var uris []string
	for _, c := range geo.CRSs() {
		uris = append(uris, c.URI())
	}
	return uris
}

// parseCRS reads the value of the parameter name (crs or bbox-crs); a CRS
// the server does not serve is a 400 naming the parameter.
func parseCRS(name, v string) (geo.CRS, error) {
	c, err := geo.ParseCRS(v)
	if err != nil {
		return geo.CRS84, &ParamError{Param: name, cause: err,
			Reason: fmt.Sprintf("%q is not a CRS this server serves; give one of %s", clip(v), strings.Join(crsURIs(), ", "))}
	}
	return c, nil
}

// parseCRSParams reads crs and bbox-crs from a query string checkParams
// has accepted; each defaults to CRS84. A bbox-crs without a bbox is
// accepted and has no effect.
func parseCRSParams(q url.Values) (out, bbox geo.CRS, err error) {
	if v, ok := single(q, paramCRS); ok {
		if out, err = parseCRS(paramCRS, v); err != nil {
			return geo.CRS84, geo.CRS84, err
		}
	}
	if v, ok := single(q, paramBBoxCRS); ok {
		if bbox, err = parseCRS(paramBBoxCRS, v); err != nil {
			return geo.CRS84, geo.CRS84, err
		}
	}
	return out, bbox, nil
}

// parseBBoxIn reads a bbox whose numbers are in crs, in crs's axis order
// (lat,lon for EPSG:4326, metres for the projected CRSs), and returns the
// CRS84 envelope the stores filter on with the bound as given. Min must
// not exceed Max on either axis, and the envelope must lie within
// -180..180 and -90..90: a box beyond the world's edge is a 400 naming
// bbox. In CRS84 it is parseBBox.
func parseBBoxIn(s string, crs geo.CRS) (*orb.Bound, orb.Bound, error) {
	if crs == geo.CRS84 {
		b, err := parseBBox(s)
		if err != nil {
			return nil, orb.Bound{}, err
		}
		return b, *b, nil
	}
	given, err := bboxNumbers(s)
	if err != nil {
		return nil, orb.Bound{}, err
	}
	axes := [2]string{"x", "y"}
	if crs.LatLon() {
		axes = [2]string{"lat", "lon"}
	}
	for i, axis := range axes {
		if given.Min[i] > given.Max[i] {
			return nil, orb.Bound{}, paramErrorf(paramBBox, "min%s %g is greater than max%s %g (in %s, axes %s,%s)",
				axis, given.Min[i], axis, given.Max[i], crs, axes[0], axes[1])
		}
	}
	env := crs.Projection().BoundToCRS84(given)
	if !(env.Min[0] >= -180 && env.Max[0] <= 180 && env.Min[1] >= -90 && env.Max[1] <= 90) { // NaN fails too
		return nil, orb.Bound{}, paramErrorf(paramBBox,
			"in %s this box covers longitudes %g..%g and latitudes %g..%g: beyond -180..180, -90..90 (axes %s,%s)",
			crs, env.Min[0], env.Max[0], env.Min[1], env.Max[1], axes[0], axes[1])
	}
	return &env, given, nil
}

// itemParamNames lists the query parameters of /items/{featureId}: the
// list both parseItemParams and the OpenAPI document are built from.
func itemParamNames() []string { return []string{paramCRS, paramF} }

// parseItemParams validates the query string of /items/{featureId} and
// negotiates its format.
func parseItemParams(c echo.Context) (format, geo.CRS, error) {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return formatJSON, geo.CRS84, err
	}
	if err := checkParams(q, itemParamNames()...); err != nil {
		return formatJSON, geo.CRS84, err
	}
	crs := geo.CRS84
	if v, ok := single(q, paramCRS); ok {
		if crs, err = parseCRS(paramCRS, v); err != nil {
			return formatJSON, geo.CRS84, err
		}
	}
	f, err := negotiate(c, q)
	return f, crs, err
}

// setContentCRS names the CRS of a response's coordinates in its
// Content-Crs header: the URI in angle brackets.
func setContentCRS(c echo.Context, crs geo.CRS) {
	c.Response().Header().Set(headerContentCrs, "<"+crs.URI()+">")
}

// writeCRSParams writes, for a link to a page of items, p's bbox as the
// client gave it with its bbox-crs, and p's crs, each pair followed by
// '&'; CRS84, the default, is left out. URIs keep their ':' and '/'
// readable; numbers are the shortest decimal that reads back to the same
// float.
func writeCRSParams(b *strings.Builder, p itemsParams) {
	if p.BBox != nil {
		bb := *p.BBox
		if p.BBoxCRS != geo.CRS84 {
			bb = p.BBoxGiven
		}
		b.WriteString(paramBBox + "=")
		for i, v := range []float64{bb.Min[0], bb.Min[1], bb.Max[0], bb.Max[1]} {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
		}
		b.WriteByte('&')
		if p.BBoxCRS != geo.CRS84 {
			b.WriteString(paramBBoxCRS + "=" + queryEscape(p.BBoxCRS.URI()) + "&")
		}
	}
	if p.CRS != geo.CRS84 {
		b.WriteString(paramCRS + "=" + queryEscape(p.CRS.URI()) + "&")
	}
}

// withCRS adds crs to an href when it is not CRS84, for links to a
// feature in the CRS it was asked in.
func withCRS(href string, crs geo.CRS) string {
	if crs == geo.CRS84 {
		return href
	}
	sep := "?"
	if strings.Contains(href, "?") {
		sep = "&"
	}
	return href + sep + paramCRS + "=" + queryEscape(crs.URI())
}
