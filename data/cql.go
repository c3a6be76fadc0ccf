package data

import (
	"errors"
	"slices"

	"github.com/maillage/maillage/geo/cql2"
)

// GeometryQueryable is the name filters give a collection's geometry, as
// in S_INTERSECTS(geometry, …) and the /queryables schema.
const GeometryQueryable = "geometry"

// SortKey is one key of ItemsQuery.SortBy: a queryable, ascending unless
// Desc. Both stores order strings bytewise (COLLATE "C"), numbers by
// value, false before true, and put null values last in either direction;
// ties go to the next key and finally to the id, ascending.
type SortKey struct {
	Name string
	Desc bool
}

// CQLQueryables are the properties a filter on c may name, with their
// types: c's Queryables, its Lists (arrays) and its geometry.
func (c Collection) CQLQueryables() cql2.Queryables {
	q := cql2.Queryables{GeometryQueryable: cql2.TypeGeometry}
	for _, name := range c.Queryables {
		if p, ok := c.Property(name); ok {
			q[name] = cql2.Type(p.Type)
		}
	}
	for _, name := range c.Lists {
		q[name] = cql2.TypeArray
	}
	return q
}

// SelectedProperties returns the properties of c a query carries, in
// catalogue order: all of them when names is nil. An unknown name is a
// *FilterError naming "properties".
func (c Collection) SelectedProperties(names []string) ([]Property, error) {
	if names == nil {
		return c.Properties, nil
	}
	for _, n := range names {
		if _, ok := c.Property(n); !ok {
			return nil, &FilterError{"properties", ": " + n + " is not a property of " + c.ID}
		}
	}
	var out []Property
	for _, p := range c.Properties {
		if slices.Contains(names, p.Name) {
			out = append(out, p)
		}
	}
	return out, nil
}

// CheckCQL checks a query's filter, property selection and sort keys
// against c, for stores to call before running it: a filter that does not
// type (cql2.Check) is a *FilterError naming "filter", an unknown property
// one naming "properties", a sort key that is not a queryable one naming
// "sortby", and a cursor with SortBy one naming "after" (keyset cursors
// follow the id order only).
func (c Collection) CheckCQL(q ItemsQuery) error {
	if q.Filter != nil {
		if err := cql2.Check(q.Filter, c.CQLQueryables()); err != nil {
			var ce *cql2.Error
			if errors.As(err, &ce) {
				return &FilterError{"filter", ": " + ce.Error()}
			}
			return &FilterError{"filter", ": " + err.Error()}
		}
	}
	if _, err := c.SelectedProperties(q.Properties); err != nil {
		return err
	}
	for _, k := range q.SortBy {
		if !slices.Contains(c.Queryables, k.Name) {
			return &FilterError{"sortby", ": " + k.Name + " is not a queryable of " + c.ID}
		}
	}
	if len(q.SortBy) > 0 && q.After != "" {
		return &FilterError{"after", ": a keyset cursor follows the id order and cannot be combined with sortby"}
	}
	return nil
}
