package postgis

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/paulmach/orb"
)

// The fields of COPY's binary format that a load writes, each its length
// (-1 for NULL) then its value as the type's send function writes it.
// copyEncoder writes a row's values through them, and binaryRows writes
// its rows with them directly.

func appendNull(buf []byte) []byte {
	return binary.BigEndian.AppendUint32(buf, math.MaxUint32)
}

func appendInt8(buf []byte, v int64) []byte {
	buf = binary.BigEndian.AppendUint32(buf, 8)
	return binary.BigEndian.AppendUint64(buf, uint64(v))
}

func appendInt4(buf []byte, v int32) []byte {
	buf = binary.BigEndian.AppendUint32(buf, 4)
	return binary.BigEndian.AppendUint32(buf, uint32(v))
}

func appendBool(buf []byte, v bool) []byte {
	buf = binary.BigEndian.AppendUint32(buf, 1)
	if v {
		return append(buf, 1)
	}
	return append(buf, 0)
}

func appendFloat8(buf []byte, v float64) []byte {
	buf = binary.BigEndian.AppendUint32(buf, 8)
	return binary.BigEndian.AppendUint64(buf, math.Float64bits(v))
}

// appendBytes appends b as it is: a bytea, or a value already in its
// type's binary form (a geometry's EWKB).
func appendBytes(buf, b []byte) []byte {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(b)))
	return append(buf, b...)
}

func appendText(buf []byte, s string) []byte {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(s)))
	return append(buf, s...)
}

// appendOptionalText is appendText, or NULL for "" (optionalText).
func appendOptionalText(buf []byte, s string) []byte {
	if s == "" {
		return appendNull(buf)
	}
	return appendText(buf, s)
}

// appendDate appends the calendar day of t where it is, as pgx's date
// codec does.
func appendDate(buf []byte, t time.Time) []byte {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix()
	buf = binary.BigEndian.AppendUint32(buf, 4)
	return binary.BigEndian.AppendUint32(buf, uint32(int32((day-dateEpoch)/86400)))
}

// appendOptionalDate is appendDate, or NULL for the zero time (a
// partnership still running).
func appendOptionalDate(buf []byte, t time.Time) []byte {
	if t.IsZero() {
		return appendNull(buf)
	}
	return appendDate(buf, t)
}

// appendTextArray appends a one-dimensional text[] (none for an empty
// one) as array_send writes it.
func appendTextArray[S ~string](buf []byte, xs []S) []byte {
	at := len(buf)
	buf = binary.BigEndian.AppendUint32(buf, 0) // length, set below
	dims := uint32(1)
	if len(xs) == 0 {
		dims = 0
	}
	buf = binary.BigEndian.AppendUint32(buf, dims)
	buf = binary.BigEndian.AppendUint32(buf, 0) // no NULL element
	buf = binary.BigEndian.AppendUint32(buf, pgtype.TextOID)
	if dims == 1 {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(xs)))
		buf = binary.BigEndian.AppendUint32(buf, 1) // lower bound
	}
	for _, x := range xs {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(x)))
		buf = append(buf, x...)
	}
	binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	return buf
}

// EWKB geometry types with the SRID flag (PostGIS's extended WKB).
const (
	ewkbPointSRID      = 0x20000001
	ewkbLineStringSRID = 0x20000002
)

// appendPoint appends p as a geometry(Point, 4326) field (pointEWKB).
func appendPoint(buf []byte, p orb.Point) []byte {
	buf = binary.BigEndian.AppendUint32(buf, 1+4+4+16)
	return pointEWKB(buf, p)
}

// pointEWKB appends p in little-endian EWKB with SRID 4326, the bytes
// ewkb.Marshal(p, 4326) gives, without its allocations and reflection:
// 1.85 M actors' points took 1 s of a national load through it.
func pointEWKB(buf []byte, p orb.Point) []byte {
	buf = appendEWKBHeader(buf, ewkbPointSRID)
	return appendEWKBPoint(buf, p)
}

// appendLine appends the line from a to b as a geometry(LineString, 4326)
// in little-endian EWKB, the bytes ewkb.Marshal gives.
func appendLine(buf []byte, a, b orb.Point) []byte {
	buf = binary.BigEndian.AppendUint32(buf, 1+4+4+4+32)
	buf = appendEWKBHeader(buf, ewkbLineStringSRID)
	buf = binary.LittleEndian.AppendUint32(buf, 2)
	return appendEWKBPoint(appendEWKBPoint(buf, a), b)
}

func appendEWKBHeader(buf []byte, kind uint32) []byte {
	buf = append(buf, 1) // little-endian
	buf = binary.LittleEndian.AppendUint32(buf, kind)
	return binary.LittleEndian.AppendUint32(buf, 4326)
}

func appendEWKBPoint(buf []byte, p orb.Point) []byte {
	buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(p[0]))
	return binary.LittleEndian.AppendUint64(buf, math.Float64bits(p[1]))
}
