package memory

import (
	"cmp"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
)

// instantBound is one bound of a temporal operand: an instant, or an open
// side (inf −1 before every instant, +1 after), as PostgreSQL's
// '-infinity' and 'infinity' compare.
type instantBound struct {
	t   time.Time
	inf int8
}

func compareBounds(a, b instantBound) int {
	if a.inf != b.inf || a.inf != 0 {
		return cmp.Compare(a.inf, b.inf)
	}
	return a.t.Compare(b.t)
}

// temporalOperand gives the start and end of an operand for a feature;
// ok is false for a null instant (the predicate is then UNKNOWN).
type temporalOperand func(i int32) (start, end instantBound, ok bool)

// compileTemporal evaluates a temporal predicate by cql2's Relation of its
// operator, the definition data/postgis renders as SQL.
func (c *collection) compileTemporal(e *cql2.Temporal) (predicate, error) {
	l, err := c.temporalOperand(e.Left)
	if err != nil {
		return nil, err
	}
	r, err := c.temporalOperand(e.Right)
	if err != nil {
		return nil, err
	}
	relation := e.Op.Relation()
	return func(i int32) tri {
		a1, a2, okA := l(i)
		b1, b2, okB := r(i)
		if !okA || !okB {
			return isUnknown
		}
		bounds := [4]instantBound{cql2.A1: a1, cql2.A2: a2, cql2.B1: b1, cql2.B2: b2}
		for _, and := range relation {
			holds := true
			for _, c := range and {
				n := compareBounds(bounds[c.L], bounds[c.R])
				switch c.Op {
				case cql2.OpEq:
					holds = holds && n == 0
				case cql2.OpLt:
					holds = holds && n < 0
				case cql2.OpLe:
					holds = holds && n <= 0
				case cql2.OpGt:
					holds = holds && n > 0
				case cql2.OpGe:
					holds = holds && n >= 0
				}
			}
			if holds {
				return isTrue
			}
		}
		return isFalse
	}, nil
}

// temporalOperand reads an instant (a literal or a date property, null
// making it unknown) or an interval (whose null or '..' bounds are open).
func (c *collection) temporalOperand(e cql2.Expr) (temporalOperand, error) {
	if iv, ok := e.(*cql2.Interval); ok {
		start, err := c.intervalBound(iv.Start, -1)
		if err != nil {
			return nil, err
		}
		end, err := c.intervalBound(iv.End, +1)
		if err != nil {
			return nil, err
		}
		return func(i int32) (instantBound, instantBound, bool) { return start(i), end(i), true }, nil
	}
	s, err := c.compileScalar(e)
	if err != nil {
		return nil, err
	}
	return func(i int32) (instantBound, instantBound, bool) {
		t, ok := s(i).(time.Time)
		if !ok {
			return instantBound{}, instantBound{}, false
		}
		b := instantBound{t: t.UTC()}
		return b, b, true
	}, nil
}

// intervalBound reads one bound of an interval, open (inf) when absent or
// null.
func (c *collection) intervalBound(e cql2.Expr, inf int8) (func(int32) instantBound, error) {
	if e == nil {
		return func(int32) instantBound { return instantBound{inf: inf} }, nil
	}
	s, err := c.compileScalar(e)
	if err != nil {
		return nil, &data.FilterError{Property: "filter", Problem: ": " + cql2.Text(e) + " is not an instant"}
	}
	return func(i int32) instantBound {
		if t, ok := s(i).(time.Time); ok {
			return instantBound{t: t.UTC()}
		}
		return instantBound{inf: inf}
	}, nil
}
