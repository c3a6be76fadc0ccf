package cql2

import (
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// makeBBox builds a BBOX from 4 numbers (minx, miny, maxx, maxy) or 6
// (with heights, dropped), checking CRS84 ranges and min ≤ max (a box
// across the antimeridian is not supported).
func makeBBox(v []float64, pos int) (orb.Bound, error) {
	if len(v) != 4 && len(v) != 6 {
		return orb.Bound{}, errorf(pos, "a bbox has 4 numbers (minx, miny, maxx, maxy) or 6 with heights, not %d", len(v))
	}
	minX, minY, maxX, maxY := v[0], v[1], v[2], v[3]
	if len(v) == 6 {
		minX, minY, maxX, maxY = v[0], v[1], v[3], v[4]
	}
	for _, p := range []orb.Point{{minX, minY}, {maxX, maxY}} {
		if err := checkPoint(p, pos); err != nil {
			return orb.Bound{}, err
		}
	}
	if minX > maxX || minY > maxY {
		return orb.Bound{}, errorf(pos, "the bbox's minimum exceeds its maximum (boxes across the antimeridian are not supported)")
	}
	return orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}, nil
}

// checkPoint refuses a coordinate outside CRS84.
func checkPoint(p orb.Point, pos int) error {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
		return errorf(pos, "coordinate (%g %g) lies outside CRS84 (longitude -180..180, latitude -90..90)", p[0], p[1])
	}
	return nil
}

// wkt reads a WKT geometry starting at its keyword. A Z after the keyword,
// and a third number in any coordinate, are read and the heights dropped:
// filters compare in the plane.
func (p *parser) wkt() (orb.Geometry, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	start := p.tok.pos
	word := strings.ToUpper(p.tok.text)
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.keyword("M") || p.keyword("ZM") {
		return nil, errorf(p.tok.pos, "measured geometries are not supported, not %s %s (a Z, or heights, are)", word, strings.ToUpper(p.tok.text))
	}
	if p.keyword("Z") {
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	if p.keyword("EMPTY") {
		return nil, errorf(p.tok.pos, "empty geometries are not supported")
	}
	var (
		g   orb.Geometry
		err error
	)
	switch word {
	case "POINT":
		var pts []orb.Point
		if pts, err = p.points(false); err == nil {
			if len(pts) != 1 {
				return nil, errorf(start, "a POINT has one coordinate pair, not %d", len(pts))
			}
			g = pts[0]
		}
	case "LINESTRING":
		var pts []orb.Point
		if pts, err = p.points(false); err == nil {
			g, err = makeLine(pts, start)
		}
	case "POLYGON":
		g, err = p.polygon()
	case "MULTIPOINT":
		var pts []orb.Point
		if pts, err = p.points(true); err == nil {
			g = orb.MultiPoint(pts)
		}
	case "MULTILINESTRING":
		var ml orb.MultiLineString
		err = p.list(func() error {
			pts, err := p.points(false)
			if err != nil {
				return err
			}
			l, err := makeLine(pts, start)
			ml = append(ml, l)
			return err
		})
		g = ml
	case "MULTIPOLYGON":
		var mp orb.MultiPolygon
		err = p.list(func() error {
			poly, err := p.polygon()
			mp = append(mp, poly)
			return err
		})
		g = mp
	case "GEOMETRYCOLLECTION":
		var gc orb.Collection
		err = p.list(func() error {
			if p.tok.kind != tIdent {
				return errorf(p.tok.pos, "expected a WKT geometry, found %s", describe(p.tok))
			}
			switch strings.ToUpper(p.tok.text) {
			case "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION":
			default:
				return errorf(p.tok.pos, "expected a WKT geometry, found %s", describe(p.tok))
			}
			member, err := p.wkt()
			gc = append(gc, member)
			return err
		})
		g = gc
	}
	return g, err
}

// list reads "(" item {"," item} ")".
func (p *parser) list(item func() error) error {
	if err := p.expect(tLParen, "'('"); err != nil {
		return err
	}
	for {
		if err := item(); err != nil {
			return err
		}
		if p.tok.kind != tComma {
			break
		}
		if err := p.advance(); err != nil {
			return err
		}
	}
	return p.expect(tRParen, "',' or ')'")
}

// points reads "(" x y {"," x y} ")"; with eachParenthesized, each pair
// may also sit in its own parentheses, as MULTIPOINT allows.
func (p *parser) points(eachParenthesized bool) ([]orb.Point, error) {
	var pts []orb.Point
	err := p.list(func() error {
		paren := eachParenthesized && p.tok.kind == tLParen
		if paren {
			if err := p.advance(); err != nil {
				return err
			}
		}
		pt, err := p.point()
		if err != nil {
			return err
		}
		pts = append(pts, pt)
		if paren {
			return p.expect(tRParen, "')'")
		}
		return nil
	})
	return pts, err
}

// point reads "x y" or "x y z", the height dropped.
func (p *parser) point() (orb.Point, error) {
	pos := p.tok.pos
	var xy [2]float64
	for i := range xy {
		v, err := p.coordinate()
		if err != nil {
			return orb.Point{}, err
		}
		xy[i] = v
	}
	if p.coordinateFollows() {
		if _, err := p.coordinate(); err != nil {
			return orb.Point{}, err
		}
		if p.coordinateFollows() {
			return orb.Point{}, errorf(p.tok.pos, "a coordinate has two or three numbers (x y, or x y z), found a fourth")
		}
	}
	pt := orb.Point(xy)
	if err := checkPoint(pt, pos); err != nil {
		return orb.Point{}, err
	}
	p.vertices++
	if p.vertices > MaxVertices {
		return orb.Point{}, errorf(pos, "geometry literals have more than %d vertices in all", MaxVertices)
	}
	return pt, nil
}

// coordinateFollows reports whether the next token starts a number: a
// number, or the sign the lexer reads as an operator after a number
// ("1 -2").
func (p *parser) coordinateFollows() bool {
	return p.tok.kind == tNumber || (p.tok.kind == tArith && (p.tok.text == "-" || p.tok.text == "+"))
}

// coordinate reads one number of a coordinate, its sign apart or not.
func (p *parser) coordinate() (float64, error) {
	sign := 1.0
	if p.tok.kind == tArith && (p.tok.text == "-" || p.tok.text == "+") {
		if p.tok.text == "-" {
			sign = -1
		}
		if err := p.advance(); err != nil {
			return 0, err
		}
	}
	if p.tok.kind != tNumber {
		return 0, errorf(p.tok.pos, "expected a coordinate, found %s", describe(p.tok))
	}
	n, err := parseNumber(p.tok.text, p.tok.pos)
	if err != nil {
		return 0, err
	}
	return sign * n.Value, p.advance()
}

// polygon reads "(" ring {"," ring} ")".
func (p *parser) polygon() (orb.Polygon, error) {
	start := p.tok.pos
	var rings [][]orb.Point
	err := p.list(func() error {
		pts, err := p.points(false)
		rings = append(rings, pts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return makePolygon(rings, start)
}

// makeLine checks a line has two distinct points or more.
func makeLine(pts []orb.Point, pos int) (orb.LineString, error) {
	if len(dedup(pts)) < 2 {
		return nil, errorf(pos, "a line needs two distinct points or more")
	}
	return orb.LineString(pts), nil
}

// makePolygon checks each ring is closed, with four points or more: what
// the encodings require. Whether the rings are valid is Check's question
// (checkPolygons): a self-crossing polygon is written correctly, and the
// standard prints one.
func makePolygon(rings [][]orb.Point, pos int) (orb.Polygon, error) {
	poly := make(orb.Polygon, 0, len(rings))
	for i, ring := range rings {
		if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
			return nil, errorf(pos, "ring %d of a polygon must be closed (first point = last) and have 4 points or more", i+1)
		}
		poly = append(poly, orb.Ring(ring))
	}
	return poly, nil
}

// checkPolygons refuses a geometry holding a polygon none of the stores
// can relate: a ring with fewer than three distinct points, enclosing no
// area, or crossing or touching itself.
func checkPolygons(g orb.Geometry, pos int) error {
	switch g := g.(type) {
	case orb.Polygon:
		for i, ring := range g {
			d := dedup(ring)
			if len(d) >= 4 && selfCrossing(d) {
				return errorf(pos, "ring %d of a polygon crosses or touches itself", i+1)
			}
			if len(d) < 4 || ringArea(d) == 0 {
				return errorf(pos, "ring %d of a polygon encloses no area", i+1)
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			if err := checkPolygons(p, pos); err != nil {
				return err
			}
		}
	case orb.Collection:
		for _, m := range g {
			if err := checkPolygons(m, pos); err != nil {
				return err
			}
		}
	}
	return nil
}

// ringArea is twice the signed area of a closed ring (shoelace).
func ringArea(ring []orb.Point) float64 {
	a := 0.0
	for i := 1; i < len(ring); i++ {
		a += ring[i-1][0]*ring[i][1] - ring[i][0]*ring[i-1][1]
	}
	return a
}

// dedup drops consecutive repeated points.
func dedup(pts []orb.Point) []orb.Point {
	out := make([]orb.Point, 0, len(pts))
	for i, pt := range pts {
		if i == 0 || pt != pts[i-1] {
			out = append(out, pt)
		}
	}
	return out
}

// selfCrossing reports whether two non-adjacent edges of a closed ring
// (without repeated consecutive points) meet.
func selfCrossing(ring []orb.Point) bool {
	n := len(ring) - 1 // edges
	for i := 0; i < n; i++ {
		a, b := ring[i], ring[i+1]
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue // the first and last edges share the closing point
			}
			if SegmentsMeet(a, b, ring[j], ring[j+1]) {
				return true
			}
		}
	}
	return false
}

// SegmentsMeet reports whether the closed segments ab and cd share a
// point, with exact float64 orientation signs (no tolerance).
func SegmentsMeet(a, b, c, d orb.Point) bool {
	if math.Max(a[0], b[0]) < math.Min(c[0], d[0]) || math.Max(c[0], d[0]) < math.Min(a[0], b[0]) ||
		math.Max(a[1], b[1]) < math.Min(c[1], d[1]) || math.Max(c[1], d[1]) < math.Min(a[1], b[1]) {
		return false
	}
	o1, o2 := Orientation(a, b, c), Orientation(a, b, d)
	o3, o4 := Orientation(c, d, a), Orientation(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return (o1 == 0 && onSegment(a, b, c)) || (o2 == 0 && onSegment(a, b, d)) ||
		(o3 == 0 && onSegment(c, d, a)) || (o4 == 0 && onSegment(c, d, b))
}

// Orientation is the sign of the turn a → b → c: 1 counter-clockwise, -1
// clockwise, 0 collinear.
func Orientation(a, b, c orb.Point) int {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// onSegment reports whether p, collinear with ab, lies within its
// envelope.
func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}
