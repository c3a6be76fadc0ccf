package memory

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
)

// tri is a CQL2 truth value: SQL's three-valued logic.
type tri int8

const (
	isFalse tri = iota
	isUnknown
	isTrue
)

func triOf(b bool) tri {
	if b {
		return isTrue
	}
	return isFalse
}

// predicate evaluates a filter on the feature at a position.
type predicate func(i int32) tri

// scalar gives an operand's value for the feature at a position: nil for
// null, else a string, int64, float64, bool or time.Time.
type scalar func(i int32) any

// compileFilter turns a filter, checked by data.Collection.CheckCQL, into
// a predicate over c's features with the semantics written on the cql2
// nodes, which PostgreSQL's evaluation of the same tree (data/postgis
// cql_sql.go) follows too.
func (c *collection) compileFilter(e cql2.Expr) (predicate, error) {
	switch e := e.(type) {
	case *cql2.And:
		args, err := c.compileAll(e.Args)
		if err != nil {
			return nil, err
		}
		return func(i int32) tri {
			out := isTrue
			for _, a := range args {
				switch a(i) {
				case isFalse:
					return isFalse
				case isUnknown:
					out = isUnknown
				}
			}
			return out
		}, nil
	case *cql2.Or:
		args, err := c.compileAll(e.Args)
		if err != nil {
			return nil, err
		}
		return func(i int32) tri {
			out := isFalse
			for _, a := range args {
				switch a(i) {
				case isTrue:
					return isTrue
				case isUnknown:
					out = isUnknown
				}
			}
			return out
		}, nil
	case *cql2.Not:
		arg, err := c.compileFilter(e.Arg)
		if err != nil {
			return nil, err
		}
		return func(i int32) tri { return isTrue - arg(i) }, nil
	case *cql2.Bool:
		v := triOf(e.Value)
		return func(int32) tri { return v }, nil
	case *cql2.Compare:
		l, r, err := c.compileTwo(e.Left, e.Right)
		if err != nil {
			return nil, err
		}
		op := e.Op
		return func(i int32) tri {
			a, b := l(i), r(i)
			if a == nil || b == nil {
				return isUnknown
			}
			n := compareValues(a, b)
			switch op {
			case cql2.OpEq:
				return triOf(n == 0)
			case cql2.OpNe:
				return triOf(n != 0)
			case cql2.OpLt:
				return triOf(n < 0)
			case cql2.OpLe:
				return triOf(n <= 0)
			case cql2.OpGt:
				return triOf(n > 0)
			}
			return triOf(n >= 0)
		}, nil
	case *cql2.Like:
		arg, err := c.compileScalar(e.Arg)
		if err != nil {
			return nil, err
		}
		if pattern, literal := cql2.FoldLiteral(e.Pattern); literal {
			return func(i int32) tri {
				s, ok := arg(i).(string)
				if !ok {
					return isUnknown
				}
				return triOf(cql2.LikeMatch(pattern, s))
			}, nil
		}
		// A pattern read from the feature (a property, folded or not).
		pat, err := c.compileScalar(e.Pattern)
		if err != nil {
			return nil, err
		}
		return func(i int32) tri {
			s, ok := arg(i).(string)
			p, okP := pat(i).(string)
			if !ok || !okP {
				return isUnknown
			}
			return triOf(cql2.LikeMatch(p, s))
		}, nil
	case *cql2.In:
		arg, err := c.compileScalar(e.Arg)
		if err != nil {
			return nil, err
		}
		list, err := c.compileScalars(e.List)
		if err != nil {
			return nil, err
		}
		return func(i int32) tri {
			a := arg(i)
			if a == nil {
				return isUnknown
			}
			out := isFalse
			for _, item := range list {
				b := item(i)
				if b == nil {
					out = isUnknown
				} else if compareValues(a, b) == 0 {
					return isTrue
				}
			}
			return out
		}, nil
	case *cql2.Between:
		ops, err := c.compileScalars([]cql2.Expr{e.Arg, e.Low, e.High})
		if err != nil {
			return nil, err
		}
		return func(i int32) tri {
			v, lo, hi := ops[0](i), ops[1](i), ops[2](i)
			// a BETWEEN l AND h is a >= l AND a <= h, with AND's logic.
			ge, le := isUnknown, isUnknown
			if v != nil && lo != nil {
				ge = triOf(compareValues(v, lo) >= 0)
			}
			if v != nil && hi != nil {
				le = triOf(compareValues(v, hi) <= 0)
			}
			return min(ge, le)
		}, nil
	case *cql2.IsNull:
		if isGeometryProperty(e.Arg) {
			return func(i int32) tri { return triOf(c.feats[i].empty) }, nil
		}
		arg, err := c.compileScalar(e.Arg)
		if err != nil {
			return nil, err
		}
		return func(i int32) tri { return triOf(arg(i) == nil) }, nil
	case *cql2.Temporal:
		return c.compileTemporal(e)
	case *cql2.ArrayPred:
		return c.compileArray(e)
	case *cql2.Spatial:
		if e.Op == cql2.SIntersects {
			return c.compileIntersects(e)
		}
		return c.compileRelate(e)
	}
	return nil, &data.FilterError{Property: "filter", Problem: ": " + cql2.Text(e) + " is not a predicate"}
}

func (c *collection) compileAll(es []cql2.Expr) ([]predicate, error) {
	out := make([]predicate, len(es))
	for i, e := range es {
		p, err := c.compileFilter(e)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

func (c *collection) compileTwo(a, b cql2.Expr) (scalar, scalar, error) {
	l, err := c.compileScalar(a)
	if err != nil {
		return nil, nil, err
	}
	r, err := c.compileScalar(b)
	return l, r, err
}

func (c *collection) compileScalars(es []cql2.Expr) ([]scalar, error) {
	out := make([]scalar, len(es))
	for i, e := range es {
		s, err := c.compileScalar(e)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// compileScalar gives a property's value as the feature shows it (its
// valueFunc's text read as the property's type, "" being null) or a
// literal's.
func (c *collection) compileScalar(e cql2.Expr) (scalar, error) {
	var v any
	switch e := e.(type) {
	case *cql2.Property:
		return c.property(e.Name)
	case *cql2.Arith:
		return c.compileArith(e)
	case *cql2.Fold:
		arg, err := c.compileScalar(e.Arg)
		if err != nil {
			return nil, err
		}
		fold := e.Func.Folded
		return func(i int32) any {
			if s, ok := arg(i).(string); ok {
				return fold(s)
			}
			return nil
		}, nil
	case *cql2.String:
		v = e.Value
	case *cql2.Number:
		if e.Int {
			v = e.Integer
		} else {
			v = e.Value
		}
	case *cql2.Bool:
		v = e.Value
	case *cql2.Date:
		v = e.Value
	case *cql2.Timestamp:
		v = e.Value
	default:
		return nil, &data.FilterError{Property: "filter", Problem: ": " + cql2.Text(e) + " is not a scalar"}
	}
	return func(int32) any { return v }, nil
}

// property reads a queryable as its catalogue type.
func (c *collection) property(name string) (scalar, error) {
	value, ok := c.values[name]
	p, isProp := c.meta.Property(name)
	if !ok || !isProp {
		return nil, &data.FilterError{Property: "filter", Problem: ": " + name + " is not a queryable of " + c.meta.ID}
	}
	return typedValue(value, p.Type), nil
}

// typedValue reads a valueFunc's text as a property type; text that does
// not parse (a bug in queryables.go) reads as null.
func typedValue(value valueFunc, t data.PropertyType) scalar {
	return func(i int32) any {
		s := value(int(i))
		if s == "" {
			return nil
		}
		switch t {
		case data.TypeInteger:
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n
			}
			return nil
		case data.TypeNumber:
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				return f
			}
			return nil
		case data.TypeBoolean:
			return s == "true"
		case data.TypeDate:
			if d, err := time.Parse(time.DateOnly, s); err == nil {
				return d
			}
			return nil
		}
		return s
	}
}

// compareValues orders two non-null values of comparable types (Check
// saw to it): integers exactly, an integer and a float as float64 (as
// PostgreSQL compares bigint with double precision), strings bytewise,
// false before true, instants in time order.
func compareValues(a, b any) int {
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			return cmp.Compare(x, y)
		case float64:
			return cmp.Compare(float64(x), y)
		}
	case float64:
		switch y := b.(type) {
		case int64:
			return cmp.Compare(x, float64(y))
		case float64:
			return cmp.Compare(x, y)
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y)
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y)
		}
	}
	return 0 // incomparable types never reach here past Check
}

func isGeometryProperty(e cql2.Expr) bool {
	p, ok := e.(*cql2.Property)
	return ok && p.Name == data.GeometryQueryable
}

// compileIntersects evaluates S_INTERSECTS: a BBOX through the store's
// exact rectangle test, other geometries through geomIntersects; a
// feature without geometry gives UNKNOWN, as ST_Intersects of NULL does.
func (c *collection) compileIntersects(e *cql2.Spatial) (predicate, error) {
	l, err := readSpatialOperand(e.Left)
	if err != nil {
		return nil, err
	}
	r, err := readSpatialOperand(e.Right)
	if err != nil {
		return nil, err
	}
	if !l.feature && r.feature {
		l, r = r, l
	}
	switch {
	case l.feature && r.feature:
		return func(i int32) tri {
			if c.feats[i].empty {
				return isUnknown
			}
			return isTrue
		}, nil
	case l.feature && r.box != nil:
		box := *r.box
		return func(i int32) tri {
			if c.feats[i].empty {
				return isUnknown
			}
			return triOf(c.matches(i, box))
		}, nil
	case l.feature:
		g, gb := r.geom, r.geom.Bound()
		return func(i int32) tri {
			f := &c.feats[i]
			if f.empty {
				return isUnknown
			}
			if !f.bound.Intersects(gb) {
				return isFalse
			}
			return triOf(geomIntersects(c.featureGeometry(i), g))
		}, nil
	}
	// Two literals: the same answer for every feature.
	v := triOf(literalsIntersect(l.box, l.geom, r.box, r.geom))
	return func(int32) tri { return v }, nil
}

// spatialOperand is one side of a spatial predicate: the feature's
// geometry, a BBOX, or a geometry literal.
type spatialOperand struct {
	feature bool
	box     *orb.Bound
	geom    orb.Geometry
}

func readSpatialOperand(x cql2.Expr) (spatialOperand, error) {
	switch x := x.(type) {
	case *cql2.Property:
		if x.Name == data.GeometryQueryable {
			return spatialOperand{feature: true}, nil
		}
	case *cql2.BBox:
		b := x.Value
		return spatialOperand{box: &b}, nil
	case *cql2.Geometry:
		return spatialOperand{geom: x.Value}, nil
	}
	return spatialOperand{}, &data.FilterError{Property: "filter", Problem: ": " + cql2.Text(x) + " is not a geometry"}
}

// featureGeometry is feature i's geometry: a point keeps none beside its
// envelope, which is the point.
func (c *collection) featureGeometry(i int32) orb.Geometry {
	if g := c.feats[i].geom; g != nil {
		return g
	}
	return c.feats[i].bound.Min
}

// literalsIntersect compares two literal geometries, a box standing for
// its rectangle polygon.
func literalsIntersect(ab *orb.Bound, ag orb.Geometry, bb *orb.Bound, bg orb.Geometry) bool {
	if ab != nil {
		ag = ab.ToPolygon()
	}
	if bb != nil {
		bg = bb.ToPolygon()
	}
	return geomIntersects(ag, bg)
}

// filterBound is a rectangle every feature the filter keeps must meet: the
// envelope of a geometry literal that a top-level conjunct intersects the
// geometry with (the smallest, when several do). walk then searches the
// R-tree for it before evaluating the filter.
func filterBound(e cql2.Expr) (orb.Bound, bool) {
	switch e := e.(type) {
	case *cql2.And:
		var (
			best  orb.Bound
			found bool
		)
		for _, a := range e.Args {
			if b, ok := filterBound(a); ok && (!found || area(b) < area(best)) {
				best, found = b, true
			}
		}
		return best, found
	case *cql2.Spatial:
		// Every predicate but S_DISJOINT holds only where the two meet.
		if e.Op == cql2.SDisjoint {
			return orb.Bound{}, false
		}
		lit := e.Right
		if !isGeometryProperty(e.Left) {
			if !isGeometryProperty(e.Right) {
				return orb.Bound{}, false
			}
			lit = e.Left
		}
		switch x := lit.(type) {
		case *cql2.BBox:
			return x.Value, true
		case *cql2.Geometry:
			return x.Value.Bound(), true
		}
	}
	return orb.Bound{}, false
}

func area(b orb.Bound) float64 { return (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]) }
