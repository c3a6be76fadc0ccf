package memory

import (
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	sf "github.com/peterstace/simplefeatures/geom"
)

// The spatial predicates other than S_INTERSECTS (which has its own, faster
// path: compileIntersects) are decided by simplefeatures' DE-9IM relate,
// the same matrix PostGIS computes through GEOS: orb has no robust
// predicates for contains, within, crosses, overlaps, touches or equals.
// Geometries go to simplefeatures through WKB.

// relateFuncs are simplefeatures' predicates, by CQL2 operator.
var relateFuncs = map[cql2.SpatialOp]func(a, b sf.Geometry) (bool, error){
	cql2.SContains: sf.Contains, cql2.SCrosses: sf.Crosses, cql2.SDisjoint: sf.Disjoint,
	cql2.SEquals: sf.Equals, cql2.SOverlaps: sf.Overlaps, cql2.STouches: sf.Touches, cql2.SWithin: sf.Within,
}

// toSF converts an orb geometry (a bound as its rectangle) for
// simplefeatures.
func toSF(g orb.Geometry) (sf.Geometry, error) {
	if b, ok := g.(orb.Bound); ok {
		g = b.ToPolygon()
	}
	raw, err := wkb.Marshal(g)
	if err != nil {
		return sf.Geometry{}, err
	}
	return sf.UnmarshalWKB(raw, sf.NoValidate{})
}

// compileRelate evaluates a spatial predicate in the order of its operands
// (S_CONTAINS and S_WITHIN are not symmetric). A feature without geometry
// gives UNKNOWN, as the ST_ functions of NULL do; so does a geometry
// simplefeatures cannot relate (it reports an error).
func (c *collection) compileRelate(e *cql2.Spatial) (predicate, error) {
	relate, ok := relateFuncs[e.Op]
	if !ok {
		return nil, &data.FilterError{Property: "filter", Problem: ": " + string(e.Op) + " is not a spatial function"}
	}
	// operand is one side: the feature's geometry, or a literal converted
	// once.
	type operand struct {
		feature bool
		lit     sf.Geometry
		bound   orb.Bound
	}
	read := func(x cql2.Expr) (operand, error) {
		o, err := readSpatialOperand(x)
		switch {
		case err != nil || o.feature:
			return operand{feature: o.feature}, err
		case o.box != nil:
			g, err := toSF(*o.box)
			return operand{lit: g, bound: *o.box}, err
		}
		g, err := toSF(o.geom)
		return operand{lit: g, bound: o.geom.Bound()}, err
	}
	l, err := read(e.Left)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.Op, err)
	}
	r, err := read(e.Right)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.Op, err)
	}
	disjoint := e.Op == cql2.SDisjoint
	side := func(o operand, i int32) (sf.Geometry, bool) {
		if !o.feature {
			return o.lit, true
		}
		g, err := toSF(c.featureGeometry(i))
		return g, err == nil
	}
	eval := func(i int32) tri {
		if l.feature || r.feature {
			if c.feats[i].empty {
				return isUnknown
			}
		}
		// Rectangles apart: disjoint, and nothing else holds.
		lb, rb := l.bound, r.bound
		if l.feature {
			lb = c.feats[i].bound
		}
		if r.feature {
			rb = c.feats[i].bound
		}
		if !lb.Intersects(rb) {
			return triOf(disjoint)
		}
		a, okA := side(l, i)
		b, okB := side(r, i)
		if !okA || !okB {
			return isUnknown
		}
		v, err := relate(a, b)
		if err != nil {
			return isUnknown
		}
		return triOf(v)
	}
	if !l.feature && !r.feature {
		v := eval(0)
		return func(int32) tri { return v }, nil
	}
	return eval, nil
}
