package memory

import (
	"math"

	"github.com/maillage/maillage/geo/cql2"
)

// compileArith evaluates arithmetic as data/postgis's SQL does: integers
// stay integers for + - * % and div (% of the dividend's sign, div
// truncated toward zero); / and ^ give numbers; a null operand, or a
// division or remainder by zero, gives null.
func (c *collection) compileArith(e *cql2.Arith) (scalar, error) {
	var left scalar = func(int32) any { return int64(0) } // a negation: 0 - x
	if e.Left != nil {
		l, err := c.compileScalar(e.Left)
		if err != nil {
			return nil, err
		}
		left = l
	}
	right, err := c.compileScalar(e.Right)
	if err != nil {
		return nil, err
	}
	op := e.Op
	return func(i int32) any {
		a, b := left(i), right(i)
		if a == nil || b == nil {
			return nil
		}
		return arith(op, a, b)
	}, nil
}

// arith applies op to two numbers (int64 or float64).
func arith(op cql2.ArithOp, a, b any) any {
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	x, y := toFloat(a), toFloat(b)
	switch op {
	case cql2.Div:
		if y == 0 {
			return nil
		}
		return x / y
	case cql2.Pow:
		return math.Pow(x, y)
	}
	if aInt && bInt {
		switch op {
		case cql2.Add:
			return ai + bi
		case cql2.Sub:
			return ai - bi
		case cql2.Mul:
			return ai * bi
		case cql2.Mod:
			if bi == 0 {
				return nil
			}
			return ai % bi
		case cql2.IDiv:
			if bi == 0 {
				return nil
			}
			return ai / bi
		}
		return nil
	}
	switch op {
	case cql2.Add:
		return x + y
	case cql2.Sub:
		return x - y
	case cql2.Mul:
		return x * y
	case cql2.Mod:
		if y == 0 {
			return nil
		}
		return math.Mod(x, y)
	case cql2.IDiv:
		if y == 0 {
			return nil
		}
		return math.Trunc(x / y)
	}
	return nil
}

func toFloat(v any) float64 {
	switch v := v.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return math.NaN()
}
