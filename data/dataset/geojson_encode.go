package dataset

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// The Append functions write GeoJSON text by hand, with no reflection and no
// map, so that output is byte-for-byte deterministic and cheap. They are
// exported for data/memory, which renders its features with them so that
// files and API responses write numbers the same way.

// AppendGeometry appends g as a GeoJSON geometry object, coordinates rounded
// to 7 decimals (about 1 cm) by AppendCoordinate. A nil geometry is written
// as null; an orb.Ring or orb.Bound as a Polygon.
func AppendGeometry(dst []byte, g orb.Geometry) []byte {
	return AppendGeometryWith(dst, g, appendPoint)
}

// AppendPosition appends one position, [x,y], of a geometry being written.
type AppendPosition func(dst []byte, p orb.Point) []byte

// AppendGeometryWith appends g as AppendGeometry does, each position written
// by pos: the one GeoJSON geometry writer, shared by the stored CRS84 text
// and the memory store's reprojected output.
func AppendGeometryWith(dst []byte, g orb.Geometry, pos AppendPosition) []byte {
	points := func(dst []byte, ps []orb.Point) []byte {
		dst = append(dst, '[')
		for i, p := range ps {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = pos(dst, p)
		}
		return append(dst, ']')
	}
	polygon := func(dst []byte, p orb.Polygon) []byte {
		dst = append(dst, '[')
		for i, r := range p {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = points(dst, r)
		}
		return append(dst, ']')
	}
	switch g := g.(type) {
	case nil:
		return append(dst, "null"...)
	case orb.Point:
		dst = append(dst, `{"type":"Point","coordinates":`...)
		dst = pos(dst, g)
	case orb.MultiPoint:
		dst = append(dst, `{"type":"MultiPoint","coordinates":`...)
		dst = points(dst, g)
	case orb.LineString:
		dst = append(dst, `{"type":"LineString","coordinates":`...)
		dst = points(dst, g)
	case orb.MultiLineString:
		dst = append(dst, `{"type":"MultiLineString","coordinates":[`...)
		for i, ls := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = points(dst, ls)
		}
		dst = append(dst, ']')
	case orb.Ring:
		return AppendGeometryWith(dst, orb.Polygon{g}, pos)
	case orb.Bound:
		return AppendGeometryWith(dst, g.ToPolygon(), pos)
	case orb.Polygon:
		dst = append(dst, `{"type":"Polygon","coordinates":`...)
		dst = polygon(dst, g)
	case orb.MultiPolygon:
		dst = append(dst, `{"type":"MultiPolygon","coordinates":[`...)
		for i, p := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = polygon(dst, p)
		}
		dst = append(dst, ']')
	case orb.Collection:
		dst = append(dst, `{"type":"GeometryCollection","geometries":[`...)
		for i, c := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendGeometryWith(dst, c, pos)
		}
		dst = append(dst, ']')
	default:
		return append(dst, "null"...)
	}
	return append(dst, '}')
}

func appendPoint(dst []byte, p orb.Point) []byte {
	dst = append(dst, '[')
	dst = AppendCoordinate(dst, p[0])
	dst = append(dst, ',')
	dst = AppendCoordinate(dst, p[1])
	return append(dst, ']')
}

// AppendCoordinate appends a longitude or latitude with at most 7 decimals
// (about 1 cm), as AppendCoordinateDecimals does.
func AppendCoordinate(dst []byte, v float64) []byte { return AppendCoordinateDecimals(dst, v, 7) }

// AppendCoordinateDecimals appends v with at most decimals decimals,
// correctly rounded from its exact binary value, without trailing zeros and
// never as "-0" ("2.35", "45"), as PostGIS's ST_AsGeoJSON writes it. A
// non-finite value is written as null.
func AppendCoordinateDecimals(dst []byte, v float64, decimals int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(dst, "null"...)
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', decimals, 64)
	if decimals > 0 {
		for dst[len(dst)-1] == '0' {
			dst = dst[:len(dst)-1]
		}
		if dst[len(dst)-1] == '.' {
			dst = dst[:len(dst)-1]
		}
	}
	if string(dst[start:]) == "-0" {
		dst = append(dst[:start], '0')
	}
	return dst
}

// AppendNumber appends v as encoding/json would: the shortest decimal that
// reads back as v, in exponent form only below 1e-6 or from 1e21. A
// non-finite value is written as null.
func AppendNumber(dst []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(dst, "null"...)
	}
	abs := math.Abs(v)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		n := len(dst) - start
		if n >= 4 && dst[len(dst)-4] == 'e' && dst[len(dst)-3] == '-' && dst[len(dst)-2] == '0' {
			dst[len(dst)-2] = dst[len(dst)-1]
			dst = dst[:len(dst)-1]
		}
	}
	return dst
}

// AppendString appends s as a JSON string. Control characters, quotes and
// backslashes are escaped; invalid UTF-8 becomes U+FFFD; U+2028 and U+2029
// are escaped so the text is also valid JavaScript. HTML characters are kept.
func AppendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendStringOrNull appends s as a JSON string, or null when s is empty:
// Maillage writes absent optional values as null in files and responses.
func AppendStringOrNull(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, "null"...)
	}
	return AppendString(dst, s)
}

// AppendInt appends an integer.
func AppendInt(dst []byte, n int64) []byte { return strconv.AppendInt(dst, n, 10) }

// AppendIntOrNull appends an integer, or null for 0 (an unknown class or
// year).
func AppendIntOrNull(dst []byte, n int64) []byte {
	if n == 0 {
		return append(dst, "null"...)
	}
	return strconv.AppendInt(dst, n, 10)
}

// AppendBool appends true or false.
func AppendBool(dst []byte, b bool) []byte { return strconv.AppendBool(dst, b) }
