package cql2

// ArrayOp is one of CQL2's array functions; each compares its two
// operands as sets (no order, no repetition).
type ArrayOp string

// The array functions.
const (
	AEquals      ArrayOp = "A_EQUALS"
	AContains    ArrayOp = "A_CONTAINS"
	AContainedBy ArrayOp = "A_CONTAINEDBY"
	AOverlaps    ArrayOp = "A_OVERLAPS"
)

// ArrayOps lists the array functions.
var ArrayOps = []ArrayOp{AEquals, AContains, AContainedBy, AOverlaps}

// Array is an array literal, ('a', 'b') in text, ["a", "b"] in JSON: any
// values, arrays included; Check decides which a queryable can meet.
type Array struct {
	Items []Expr
	At    int
}

// ArrayPred is an array function of two arrays: A_CONTAINS(domains,
// ('sport', 'culture')).
type ArrayPred struct {
	Op          ArrayOp
	Left, Right Expr
	At          int
}

func (e *Array) Pos() int     { return e.At }
func (e *ArrayPred) Pos() int { return e.At }

// Holds reports whether the op holds between sets a and b of comparable
// keys: the one definition both stores are held to (the embedded store
// calls it; PostGIS's array operators are checked against it by the
// contract cases).
func (op ArrayOp) Holds(a, b map[string]bool) bool {
	sub := func(x, y map[string]bool) bool {
		for k := range x {
			if !y[k] {
				return false
			}
		}
		return true
	}
	switch op {
	case AEquals:
		return sub(a, b) && sub(b, a)
	case AContains:
		return sub(b, a)
	case AContainedBy:
		return sub(a, b)
	case AOverlaps:
		for k := range a {
			if b[k] {
				return true
			}
		}
	}
	return false
}

func (*Array) expr()     {}
func (*ArrayPred) expr() {}

// TypeArray is the type of a queryable holding a list of strings (an
// actor's domains); the array functions compare it with another array.
const TypeArray Type = "array"
