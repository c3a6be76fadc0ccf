// Package cql2 reads OGC Common Query Language filters (CQL2, OGC 21-065)
// into a typed syntax tree: cql2-text and cql2-json, Basic CQL2 (AND, OR,
// NOT, the six comparisons, IS [NOT] NULL, string, number and boolean
// literals, DATE and TIMESTAMP instants), the advanced comparisons LIKE,
// IN and BETWEEN, and the spatial predicates (S_INTERSECTS, S_CONTAINS,
// S_CROSSES, S_DISJOINT, S_EQUALS, S_OVERLAPS, S_TOUCHES, S_WITHIN) against
// a BBOX or a WKT / GeoJSON geometry in CRS84 (lon/lat degrees; heights are
// read and dropped), CASEI / ACCENTI of strings (fold.go), and the temporal
// predicates between instants and INTERVALs (temporal.go, whose Relation
// both stores evaluate), arithmetic (arith.go) and the array functions
// (array.go). A custom function, which CQL2 leaves to each server
// (avg(windSpeed)), is read (function.go) and refused by Check: every
// example filter the standard prints parses (TestStandardExamples, over
// its examples folder in testdata/standard), and one naming a property or
// a function Maillage lacks is refused by the type check, not the parser.
//
// Parse is the one entry point; Check then types a tree against a
// collection's queryables. Neither produces SQL: data/postgis translates
// the tree to SQL with bound arguments and data/memory evaluates it in Go,
// both by the semantics written on each node type, so the two stores give
// the same answer. Errors are *Error values carrying the byte offset of the
// fault in the filter text.
//
// The package is pure: no I/O, logging, config or context. It imports orb
// for geometries and nothing from the rest of Maillage.
package cql2
