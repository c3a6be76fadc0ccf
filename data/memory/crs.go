package memory

import (
	"bytes"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// Features are rendered once, in the storage CRS (CRS84), except the
// communes and EPCI, written when read (collection.render). In another CRS only
// the geometry member changes: it is rendered again from the stored orb
// geometry (not parsed back from the rounded text, which would round
// twice), projected by geo and written with data.CoordinateDecimals, and
// spliced between the feature's own id and properties bytes.

// texts returns the function giving feature i's GeoJSON text in crs. In
// CRS84 it is the stored text, for a collection that keeps them. In another
// CRS, or for a collection that renders its features, each call writes into
// one buffer the function owns, so a text is valid only until the next
// call: one function per request, used by one goroutine.
func (c *collection) texts(crs geo.CRS) func(i int32) []byte {
	write := dataset.AppendGeometry
	switch {
	case crs == data.StorageCRS && c.render == nil:
		return func(i int32) []byte { return c.feats[i].text }
	case crs != data.StorageCRS:
		proj := crs.Projection()
		decimals := data.CoordinateDecimals(crs)
		write = func(dst []byte, g orb.Geometry) []byte { return appendGeometryIn(dst, g, proj, decimals) }
	}
	var buf []byte
	if c.render != nil {
		return func(i int32) []byte {
			buf = c.render(buf[:0], i, func(dst []byte) []byte { return write(dst, c.geometry(i)) })
			return buf
		}
	}
	return func(i int32) []byte {
		f := &c.feats[i]
		start, end, ok := geometrySpan(f.text)
		if f.empty || !ok { // null or empty: the same in every CRS
			return f.text
		}
		buf = append(buf[:0], f.text[:start]...)
		buf = write(buf, c.geometry(i))
		buf = append(buf, f.text[end:]...)
		return buf
	}
}

// keptText is feature i's stored text or, for a collection that renders its
// features when read, the feature written into dst without its geometry
// (`"geometry":` runs straight into `,"properties":`): for what reads the
// properties or hashes the texts. A stored text is returned as it is, to
// be read only (its capacity ends with it, so an append copies it).
func (c *collection) keptText(dst []byte, i int32) []byte {
	if c.render == nil {
		return c.feats[i].text
	}
	return c.render(dst, i, func(dst []byte) []byte { return dst })
}

// geometry is feature i's stored geometry: a point keeps none beside its
// envelope, which is the point; an empty or null one is kept as it is.
func (c *collection) geometry(i int32) orb.Geometry {
	f := &c.feats[i]
	if f.geom != nil || f.empty {
		return f.geom
	}
	return f.bound.Min
}

// Markers around a feature's geometry in the rendered text (render.go): the
// id before it is an integer or a code, the geometry holds no string but
// its type names, so neither marker can occur earlier.
const (
	geometryKey   = `,"geometry":`
	propertiesKey = `,"properties":`
)

// geometrySpan finds the geometry object in a rendered feature: text[start:end].
func geometrySpan(text []byte) (start, end int, ok bool) {
	g := bytes.Index(text, []byte(geometryKey))
	if g < 0 {
		return 0, 0, false
	}
	start = g + len(geometryKey)
	p := bytes.Index(text[start:], []byte(propertiesKey))
	if p < 0 {
		return 0, 0, false
	}
	return start, start + p, true
}

// appendGeometryIn writes g (CRS84) as a GeoJSON geometry in proj's CRS,
// each coordinate with at most decimals decimals, through the writer
// dataset.AppendGeometry uses.
func appendGeometryIn(dst []byte, g orb.Geometry, proj geo.Projection, decimals int) []byte {
	return dataset.AppendGeometryWith(dst, g, func(dst []byte, p orb.Point) []byte {
		return appendPositionIn(dst, p, proj, decimals)
	})
}

// appendPositionIn writes the CRS84 position p projected, as [a,b].
func appendPositionIn(dst []byte, p orb.Point, proj geo.Projection, decimals int) []byte {
	q := proj.Forward(p)
	dst = append(dst, '[')
	dst = dataset.AppendCoordinateDecimals(dst, q[0], decimals)
	dst = append(dst, ',')
	dst = dataset.AppendCoordinateDecimals(dst, q[1], decimals)
	return append(dst, ']')
}
