package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
)

// Vector tiles (Mapbox Vector Tile 2.1) in the WebMercatorQuad tile matrix
// set of OGC 17-083r4, the grid of web maps: zoom z splits the Web
// Mercator square (EPSG:3857, ±πR on both axes) into 2^z × 2^z tiles,
// column x from the west, row y from the north.
//
// TileGeometry is what PostGIS's ST_AsMVTGeom(ST_Transform(g, 3857),
// ST_TileEnvelope(z, x, y), TileExtent, TileBuffer, true) does, so the
// embedded store's tiles match the database's within a pixel: project to
// Web Mercator, scale to the tile's integer grid, clip to the tile and its
// buffer, snap to the grid and drop what collapses; areas are simplified
// first (TileSimplifyDegrees), as the database does with ST_Simplify.
const (
	// TileExtent is the side of a tile's integer grid.
	TileExtent = 4096
	// TileBuffer is how far, in grid units, geometries are kept past a
	// tile's edges, so that lines and symbols crossing them join up.
	TileBuffer = 256
	// MaxTileZoom is the deepest zoom served: a tile then spans ~10 m, a
	// grid unit 2.4 mm, finer than any stored coordinate.
	MaxTileZoom = 22
	// TileSimplify is the Douglas–Peucker tolerance, in grid units (half a
	// pixel of a tile drawn 512 pixels wide, as MapLibre draws them), areas
	// are simplified by (TileSimplifyDegrees): a zoom-6 tile of eastern
	// France holds 14 000 communes, whose every vertex would weigh
	// megabytes.
	TileSimplify = 4.0
)

// mercatorRadius is the sphere of EPSG:3857 (WGS 84's semi-major axis).
const mercatorRadius = 6378137.0

// mercatorHalf is half the side of the Web Mercator square, πR.
const mercatorHalf = math.Pi * mercatorRadius

// MaxMercatorLat is the latitude of the Web Mercator square's edges.
var MaxMercatorLat = 2*math.Atan(math.Exp(math.Pi))*180/math.Pi - 90

// ValidTile reports whether t is a tile of WebMercatorQuad: z in
// 0..MaxTileZoom, x and y in 0..2^z-1.
func ValidTile(t maptile.Tile) bool {
	if t.Z > MaxTileZoom {
		return false
	}
	n := uint32(1) << t.Z
	return t.X < n && t.Y < n
}

// mercator projects lon/lat (degrees) to EPSG:3857 metres.
func mercator(p orb.Point) (x, y float64) {
	lat := math.Max(math.Min(p[1], 89.9999999), -89.9999999)
	return mercatorRadius * p[0] * math.Pi / 180,
		mercatorRadius * math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))
}

// inverseMercator is mercator's inverse.
func inverseMercator(x, y float64) orb.Point {
	return orb.Point{x / mercatorRadius * 180 / math.Pi,
		(2*math.Atan(math.Exp(y/mercatorRadius)) - math.Pi/2) * 180 / math.Pi}
}

// tileSide is a tile's side in metres at zoom z.
func tileSide(z maptile.Zoom) float64 { return 2 * mercatorHalf / math.Ldexp(1, int(z)) }

// TileBound returns the lon/lat box of t widened by buffer grid units on
// every side (0 for the tile itself; TileBuffer for what TileGeometry
// keeps), its latitudes within the Web Mercator square. It is the box to
// select a tile's candidates by, with the 4326 indexes.
func TileBound(t maptile.Tile, buffer float64) orb.Bound {
	side := tileSide(t.Z)
	pad := side * buffer / TileExtent
	minX := -mercatorHalf + float64(t.X)*side - pad
	maxY := mercatorHalf - float64(t.Y)*side + pad
	lo := inverseMercator(max(minX, -mercatorHalf), max(maxY-side-2*pad, -mercatorHalf))
	hi := inverseMercator(min(minX+side+2*pad, mercatorHalf), min(maxY, mercatorHalf))
	return orb.Bound{Min: lo, Max: hi}
}

// TileProjection maps lon/lat to the unrounded grid coordinates of a tile:
// x east from the tile's west edge, y south from its north edge, TileExtent
// units a tile.
type TileProjection struct {
	minX, maxY, scale float64
}

// NewTileProjection returns the projection of tile t.
func NewTileProjection(t maptile.Tile) TileProjection {
	side := tileSide(t.Z)
	return TileProjection{minX: -mercatorHalf + float64(t.X)*side, maxY: mercatorHalf - float64(t.Y)*side,
		scale: TileExtent / side}
}

// Point projects one lon/lat point.
func (p TileProjection) Point(q orb.Point) orb.Point {
	x, y := mercator(q)
	return orb.Point{(x - p.minX) * p.scale, (p.maxY - y) * p.scale}
}

// TileSimplifyDegrees is TileSimplify grid units of tile t in degrees of
// latitude at its centre (a grid unit spans fewer degrees of latitude than
// of longitude, by the cosine of the latitude): the tolerance areas are
// simplified by in longitude/latitude, before they are projected —
// projecting every vertex of a commune first cost most of a tile, and both
// stores simplify the same stored coordinates this way (PostGIS with
// ST_Simplify).
func TileSimplifyDegrees(t maptile.Tile) float64 {
	b := TileBound(t, 0)
	lat := (b.Min[1] + b.Max[1]) / 2 * math.Pi / 180
	return TileSimplify * 360 / math.Ldexp(TileExtent, int(t.Z)) * math.Cos(lat)
}

// tileClipBox is the buffered grid a tile keeps.
var tileClipBox = orb.Bound{Min: orb.Point{-TileBuffer, -TileBuffer}, Max: orb.Point{TileExtent + TileBuffer, TileExtent + TileBuffer}}

// TileGeometry returns g (lon/lat) in the integer grid of tile t, clipped to
// the tile and its buffer, or nil when nothing of it is left: a point
// outside, a line shorter than a grid unit once snapped, a polygon of no
// area. Lines and polygons are clipped before they are snapped, as PostGIS
// does; snapping rounds half to even (C's rint). Polygon rings come out
// oriented as MVT 2.1 wants them: exterior rings clockwise on screen
// (positive area by the specification's formula, y pointing down), holes
// the other way.
func TileGeometry(t maptile.Tile, g orb.Geometry) orb.Geometry {
	if g == nil {
		return nil
	}
	proj := NewTileProjection(t)
	switch g := g.(type) {
	case orb.Point:
		p := proj.Point(g)
		if !tileClipBox.Contains(p) {
			return nil
		}
		return snap(p)
	case orb.MultiPoint:
		var out orb.MultiPoint
		for _, q := range g {
			if p := proj.Point(q); tileClipBox.Contains(p) {
				out = append(out, snap(p))
			}
		}
		return nonEmpty(out)
	case orb.LineString:
		return tileLines(proj, orb.MultiLineString{g})
	case orb.MultiLineString:
		return tileLines(proj, g)
	case orb.Polygon:
		return tilePolygons(proj, orb.MultiPolygon{g}, TileSimplifyDegrees(t))
	case orb.MultiPolygon:
		return tilePolygons(proj, g, TileSimplifyDegrees(t))
	}
	return nil
}

func snap(p orb.Point) orb.Point { return orb.Point{math.RoundToEven(p[0]), math.RoundToEven(p[1])} }

// nonEmpty turns an empty multi-geometry into nil, and one part into the
// part itself (what PostGIS's tiles hold for a single line or polygon).
func nonEmpty(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.MultiPoint:
		switch len(g) {
		case 0:
			return nil
		case 1:
			return g[0]
		}
	case orb.MultiLineString:
		switch len(g) {
		case 0:
			return nil
		case 1:
			return g[0]
		}
	case orb.MultiPolygon:
		switch len(g) {
		case 0:
			return nil
		case 1:
			return g[0]
		}
	}
	return g
}

// snapPath snaps the points of a path and drops those repeating the one
// before.
func snapPath(path []orb.Point) []orb.Point {
	out := make([]orb.Point, 0, len(path))
	for _, p := range path {
		p = snap(p)
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
}

func tileLines(proj TileProjection, mls orb.MultiLineString) orb.Geometry {
	projected := make(orb.MultiLineString, len(mls))
	for i, ls := range mls {
		projected[i] = make(orb.LineString, len(ls))
		for j, q := range ls {
			projected[i][j] = proj.Point(q)
		}
	}
	var out orb.MultiLineString
	for _, ls := range clip.MultiLineString(tileClipBox, projected) {
		if s := snapPath(ls); len(s) >= 2 {
			out = append(out, s)
		}
	}
	return nonEmpty(out)
}

func tilePolygons(proj TileProjection, mp orb.MultiPolygon, tol float64) orb.Geometry {
	var out orb.MultiPolygon
	for _, poly := range mp {
		projected := make(orb.Polygon, len(poly))
		for i, r := range poly {
			if len(r) > 4 {
				r = simplify.DouglasPeucker(tol).Ring(slices.Clone(r))
			}
			projected[i] = make(orb.Ring, len(r))
			for j, q := range r {
				projected[i][j] = proj.Point(q)
			}
		}
		clipped := clip.Polygon(tileClipBox, projected)
		var kept orb.Polygon
		for i, r := range clipped {
			s := orb.Ring(snapPath(r))
			if len(s) > 0 && s[0] != s[len(s)-1] {
				s = append(s, s[0])
			}
			a := mvtArea(s)
			if len(s) < 4 || a == 0 {
				if i == 0 {
					break // no exterior, no polygon
				}
				continue
			}
			if (i == 0) != (a > 0) {
				s.Reverse()
			}
			kept = append(kept, s)
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return nonEmpty(out)
}

// mvtArea is a ring's signed area by MVT 2.1's formula (shoelace in grid
// coordinates, y down): positive for an exterior ring.
func mvtArea(r orb.Ring) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s / 2
}

// EncodeTileLayer encodes one MVT 2.1 layer of a tile: features whose
// geometries are in the tile's grid (TileGeometry; nil ones are left out)
// and whose ids are integers or nil. Properties of nil value are left out,
// as PostGIS's ST_AsMVT leaves out NULLs. A layer with no feature is no
// layer at all: the empty tile, nil, as ST_AsMVT gives for no rows.
// Several layers of one tile are their encodings concatenated (a tile is a
// repeated field of layers).
func EncodeTileLayer(name string, features []*geojson.Feature) ([]byte, error) {
	kept := make([]*geojson.Feature, 0, len(features))
	for _, f := range features {
		if f.Geometry == nil {
			continue
		}
		for k, v := range f.Properties {
			if v == nil {
				delete(f.Properties, k)
			}
		}
		kept = append(kept, f)
	}
	if len(kept) == 0 {
		return nil, nil
	}
	return mvt.Marshal(mvt.Layers{{Name: name, Version: 2, Extent: TileExtent, Features: kept}})
}
