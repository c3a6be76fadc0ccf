package data

import (
	"slices"
	"strconv"

	"github.com/maillage/maillage/geo/cql2"
)

// FoldEquals moves out of filter the conditions an equality parameter says
// as well, and returns them appended to equals with what is left of the
// filter (nil when nothing is). A condition moves when it is one of the
// filter's top-level AND terms, of the form property = literal (either
// way round), on a queryable of c with an equality parameter whose type is
// a string, a boolean or an integer, with a literal of that type (a
// non-empty string, TRUE or FALSE, a number written as an integer), and
// when equals does not already name that property. The features kept are
// the same: both forms keep the features whose property has that value,
// and neither keeps one where it is absent. What changes is the plan:
// the stores answer an equality from what they keep for it (the actor
// cells per kind, the flows per category, domain and scale), where a
// filter makes them read the rows: on national data, the first z5 actors
// tile with filter=kind = 'entreprise' took 0.64 s, 8.5 ms folded.
func (c Collection) FoldEquals(equals []PropertyFilter, filter cql2.Expr) ([]PropertyFilter, cql2.Expr) {
	if filter == nil {
		return equals, nil
	}
	terms := andTerms(filter, nil)
	var rest []cql2.Expr
	moved := false
	for _, t := range terms {
		f, ok := c.equality(t)
		if ok && !slices.ContainsFunc(equals, func(e PropertyFilter) bool { return e.Name == f.Name }) {
			equals = append(slices.Clip(equals), f)
			moved = true
			continue
		}
		rest = append(rest, t)
	}
	switch {
	case !moved:
		return equals, filter
	case len(rest) == 0:
		return equals, nil
	case len(rest) == 1:
		return equals, rest[0]
	}
	return equals, &cql2.And{Args: rest, At: filter.Pos()}
}

// andTerms appends the terms of e's top-level ANDs (nested ones
// flattened) to terms.
func andTerms(e cql2.Expr, terms []cql2.Expr) []cql2.Expr {
	and, ok := e.(*cql2.And)
	if !ok {
		return append(terms, e)
	}
	for _, a := range and.Args {
		terms = andTerms(a, terms)
	}
	return terms
}

// equality reads e as the equality parameter saying the same (see
// FoldEquals); ok is false when there is none.
func (c Collection) equality(e cql2.Expr) (f PropertyFilter, ok bool) {
	cmp, isCmp := e.(*cql2.Compare)
	if !isCmp || cmp.Op != cql2.OpEq {
		return PropertyFilter{}, false
	}
	prop, isProp := cmp.Left.(*cql2.Property)
	lit := cmp.Right
	if !isProp {
		if prop, isProp = cmp.Right.(*cql2.Property); !isProp {
			return PropertyFilter{}, false
		}
		lit = cmp.Left
	}
	if !slices.Contains(c.Queryables, prop.Name) || slices.Contains(c.Lists, prop.Name) {
		return PropertyFilter{}, false
	}
	p, found := c.Property(prop.Name)
	if !found {
		return PropertyFilter{}, false
	}
	value := ""
	switch l := lit.(type) {
	case *cql2.String:
		if p.Type != TypeString || l.Value == "" {
			return PropertyFilter{}, false
		}
		value = l.Value
	case *cql2.Bool:
		if p.Type != TypeBoolean {
			return PropertyFilter{}, false
		}
		value = strconv.FormatBool(l.Value)
	case *cql2.Number:
		if p.Type != TypeInteger || !l.Int {
			return PropertyFilter{}, false
		}
		value = strconv.FormatInt(l.Integer, 10)
	default:
		return PropertyFilter{}, false
	}
	return PropertyFilter{Name: prop.Name, Value: value}, true
}
