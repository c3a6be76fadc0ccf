package memory

import (
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
)

// compileArray evaluates an array function by cql2.ArrayOp.Holds on the
// two operands read as sets: a list property's values (an empty list is
// the empty set), or an array literal's strings (cql2.Check allows no
// other items).
func (c *collection) compileArray(e *cql2.ArrayPred) (predicate, error) {
	left, err := c.compileSet(e.Left)
	if err != nil {
		return nil, err
	}
	right, err := c.compileSet(e.Right)
	if err != nil {
		return nil, err
	}
	return func(i int32) tri { return triOf(e.Op.Holds(left(i), right(i))) }, nil
}

// compileSet reads an array operand as a set for the feature at a position.
func (c *collection) compileSet(e cql2.Expr) (func(i int32) map[string]bool, error) {
	switch e := e.(type) {
	case *cql2.Array:
		set := map[string]bool{}
		for _, item := range e.Items {
			s, ok := item.(*cql2.String)
			if !ok {
				return nil, &data.FilterError{Property: "filter", Problem: ": " + cql2.Text(item) + " is not a string"}
			}
			set[s.Value] = true
		}
		return func(int32) map[string]bool { return set }, nil
	case *cql2.Property:
		list, ok := c.lists[e.Name]
		if !ok {
			return nil, &data.FilterError{Property: "filter", Problem: ": " + e.Name + " is not a list"}
		}
		return func(i int32) map[string]bool {
			set := map[string]bool{}
			for _, v := range list(int(i)) {
				set[v] = true
			}
			return set
		}, nil
	}
	return nil, &data.FilterError{Property: "filter", Problem: ": " + cql2.Text(e) + " is not an array"}
}
