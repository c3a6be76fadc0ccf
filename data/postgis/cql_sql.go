package postgis

import (
	"fmt"
	"strings"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb/encoding/wkb"
)

// cqlSQL translates a CQL2 filter, already typed by data.Collection.CheckCQL,
// into a SQL condition on one source. Every literal becomes a $n argument
// with an explicit cast, and every property goes through the source's
// whitelist (src.filters, the map the equality filters use) or is the
// geometry column: nothing of the request is ever written into the SQL
// text. The semantics are those written on each cql2 node, which SQL's own
// three-valued logic already follows; string ordering is made bytewise
// with COLLATE "C" so that it agrees with the embedded store.
type cqlSQL struct {
	src    source
	args   *argList
	joined bool // some property read a joined table
}

// sqlFilter is the condition of e on src, and whether it reads a joined
// table. A property outside the whitelist is a *data.FilterError naming
// "filter" (CheckCQL has normally refused it already).
func sqlFilter(src source, e cql2.Expr, args *argList) (string, bool, error) {
	t := &cqlSQL{src: src, args: args}
	cond, err := t.predicate(e)
	return cond, t.joined, err
}

func (t *cqlSQL) predicate(e cql2.Expr) (string, error) {
	switch e := e.(type) {
	case *cql2.And:
		return t.list(e.Args, " AND ")
	case *cql2.Or:
		return t.list(e.Args, " OR ")
	case *cql2.Not:
		arg, err := t.predicate(e.Arg)
		return "NOT (" + arg + ")", err
	case *cql2.Bool:
		if e.Value {
			return "true", nil
		}
		return "false", nil
	case *cql2.Compare:
		ordering := e.Op != cql2.OpEq && e.Op != cql2.OpNe
		l, err := t.scalar(e.Left, ordering)
		if err != nil {
			return "", err
		}
		r, err := t.scalar(e.Right, ordering)
		return l + " " + string(e.Op) + " " + r, err
	case *cql2.Like:
		arg, err := t.scalar(e.Arg, false)
		if err != nil {
			return "", err
		}
		pattern, err := t.scalar(e.Pattern, false)
		if err != nil {
			return "", err
		}
		// LIKE's default escape character is the backslash, as in CQL2.
		return arg + " LIKE " + pattern, nil
	case *cql2.In:
		arg, err := t.scalar(e.Arg, false)
		if err != nil {
			return "", err
		}
		items := make([]string, len(e.List))
		for i, v := range e.List {
			if items[i], err = t.scalar(v, false); err != nil {
				return "", err
			}
		}
		return arg + " IN (" + strings.Join(items, ", ") + ")", nil
	case *cql2.Between:
		var ops [3]string
		for i, op := range []cql2.Expr{e.Arg, e.Low, e.High} {
			s, err := t.scalar(op, false)
			if err != nil {
				return "", err
			}
			ops[i] = s
		}
		return ops[0] + " BETWEEN " + ops[1] + " AND " + ops[2], nil
	case *cql2.IsNull:
		if _, ok := e.Arg.(*cql2.Property); ok && t.isGeometry(e.Arg) {
			return t.src.geom + " IS NULL", nil
		}
		arg, err := t.scalar(e.Arg, false)
		return arg + " IS NULL", err
	case *cql2.Temporal:
		return t.temporal(e)
	case *cql2.ArrayPred:
		return t.array(e)
	case *cql2.Spatial:
		fn, ok := spatialFunctions[e.Op]
		if !ok {
			return "", &data.FilterError{Property: "filter", Problem: ": " + string(e.Op) + " is not a spatial function"}
		}
		l, err := t.geometry(e.Left)
		if err != nil {
			return "", err
		}
		r, err := t.geometry(e.Right)
		// The ST_ predicates but ST_Disjoint carry their own && test, so
		// the GiST index on the column serves them; literals are built in
		// the column's SRID.
		return fn + "(" + l + ", " + r + ")", err
	}
	return "", &data.FilterError{Property: "filter", Problem: fmt.Sprintf(": %T is not a predicate", e)}
}

// arith renders arithmetic as data/memory evaluates it: integers stay
// bigint for + - * % and div, / and ^ are double precision, a division or
// remainder by zero is NULL (NULLIF) rather than PostgreSQL's error.
func (t *cqlSQL) arith(e *cql2.Arith) (string, error) {
	r, err := t.scalar(e.Right, false)
	if err != nil {
		return "", err
	}
	if e.Left == nil {
		return "(-(" + r + "))", nil
	}
	l, err := t.scalar(e.Left, false)
	if err != nil {
		return "", err
	}
	whole := true // both operands integers
	q := t.src.meta.CQLQueryables()
	for _, op := range []cql2.Expr{e.Left, e.Right} {
		if ty, err := cql2.TypeOf(op, q); err != nil || ty != cql2.TypeInteger {
			whole = false
		}
	}
	const dbl = "::double precision"
	switch e.Op {
	case cql2.Add, cql2.Sub, cql2.Mul:
		return "((" + l + ") " + string(e.Op) + " (" + r + "))", nil
	case cql2.Div:
		return "((" + l + ")" + dbl + " / NULLIF((" + r + ")" + dbl + ", 0))", nil
	case cql2.Pow:
		return "power((" + l + ")" + dbl + ", (" + r + ")" + dbl + ")", nil
	case cql2.Mod, cql2.IDiv:
		fn, back := "mod", dbl
		if e.Op == cql2.IDiv {
			fn = "div"
		}
		if whole {
			back = "::bigint"
		}
		return "(" + fn + "((" + l + ")::numeric, NULLIF((" + r + ")::numeric, 0))" + back + ")", nil
	}
	return "", &data.FilterError{Property: "filter", Problem: ": " + string(e.Op) + " is not an arithmetic operator"}
}

// temporal renders a temporal predicate as its cql2 Relation: comparisons
// of the operands' bounds as timestamptz, a date at midnight UTC, an open
// or null interval bound as -infinity or infinity (data/memory compares
// the same way). A null instant property leaves the comparisons NULL,
// the predicate UNKNOWN.
func (t *cqlSQL) temporal(e *cql2.Temporal) (string, error) {
	// Each bound is rendered when the relation first uses it: a bound left
	// unused would leave its arguments without a type.
	var bounds [4]string
	bound := func(b cql2.Bound) (string, error) {
		if bounds[b] != "" {
			return bounds[b], nil
		}
		op, open := e.Left, "-infinity"
		if b == cql2.B1 || b == cql2.B2 {
			op = e.Right
		}
		if b == cql2.A2 || b == cql2.B2 {
			open = "infinity"
		}
		var err error
		bounds[b], err = t.temporalBound(op, b == cql2.A1 || b == cql2.B1, open)
		return bounds[b], err
	}
	var ors []string
	for _, and := range e.Op.Relation() {
		var ands []string
		for _, c := range and {
			l, err := bound(c.L)
			if err != nil {
				return "", err
			}
			r, err := bound(c.R)
			if err != nil {
				return "", err
			}
			ands = append(ands, l+" "+string(c.Op)+" "+r)
		}
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return "(" + strings.Join(ors, " OR ") + ")", nil
}

// temporalBound is an operand's start (or end) as timestamptz SQL: an
// interval's bound, open (or null) being open, or the instant itself.
func (t *cqlSQL) temporalBound(e cql2.Expr, start bool, open string) (string, error) {
	if iv, ok := e.(*cql2.Interval); ok {
		if start {
			return t.instant(iv.Start, open)
		}
		return t.instant(iv.End, open)
	}
	return t.instant(e, "")
}

// instant is an instant as timestamptz SQL; open, when set, is what an
// absent or null bound stands for.
func (t *cqlSQL) instant(e cql2.Expr, open string) (string, error) {
	if e == nil {
		return "'" + open + "'::timestamptz", nil
	}
	var s string
	switch e := e.(type) {
	case *cql2.Timestamp:
		s = t.args.add(e.Value) + "::timestamptz"
	default:
		// A date (a literal, or a date column): midnight UTC.
		v, err := t.scalar(e, false)
		if err != nil {
			return "", err
		}
		s = "((" + v + ")::timestamp AT TIME ZONE 'UTC')"
	}
	if open != "" {
		s = "coalesce(" + s + ", '" + open + "'::timestamptz)"
	}
	return s, nil
}

// spatialFunctions are PostGIS's functions of the CQL2 spatial predicates
// (a fixed list: the operator reaches SQL only through it).
var spatialFunctions = map[cql2.SpatialOp]string{
	cql2.SIntersects: "ST_Intersects", cql2.SContains: "ST_Contains", cql2.SCrosses: "ST_Crosses",
	cql2.SDisjoint: "ST_Disjoint", cql2.SEquals: "ST_Equals", cql2.SOverlaps: "ST_Overlaps",
	cql2.STouches: "ST_Touches", cql2.SWithin: "ST_Within",
}

func (t *cqlSQL) list(args []cql2.Expr, sep string) (string, error) {
	parts := make([]string, len(args))
	for i, a := range args {
		p, err := t.predicate(a)
		if err != nil {
			return "", err
		}
		parts[i] = p
	}
	return "(" + strings.Join(parts, sep) + ")", nil
}

// scalar is the SQL of a property or literal; with ordering, strings get
// COLLATE "C" so that < and > compare bytes, as Go does.
func (t *cqlSQL) scalar(e cql2.Expr, ordering bool) (string, error) {
	var (
		s        string
		isString bool
	)
	switch e := e.(type) {
	case *cql2.Property:
		f, ok := t.src.filters[e.Name]
		p, isProp := t.src.meta.Property(e.Name)
		if !ok || !isProp {
			return "", &data.FilterError{Property: "filter", Problem: ": " + e.Name + " is not a queryable of " + t.src.meta.ID}
		}
		t.joined = t.joined || f.joined
		s, isString = "("+f.expr+")", p.Type == data.TypeString
	case *cql2.String:
		s, isString = t.args.add(e.Value)+"::text", true
	case *cql2.Arith:
		return t.arith(e)
	case *cql2.Fold:
		arg, err := t.scalar(e.Arg, false)
		if err != nil {
			return "", err
		}
		// cql2.FoldCase and cql2.FoldAccents in SQL: ICU's root lower
		// case; the NFD decomposition less U+0300–U+036F. COLLATE "C"
		// puts the result back in the bytewise order of the other strings.
		if e.Func == cql2.CaseI {
			s = `(lower((` + arg + `) COLLATE "und-x-icu") COLLATE "C")`
		} else {
			s = `(regexp_replace(normalize((` + arg + `), NFD), '[\u0300-\u036f]', '', 'g') COLLATE "C")`
		}
		isString = true
		ordering = false // collated already
	case *cql2.Number:
		if e.Int {
			s = t.args.add(e.Integer) + "::bigint"
		} else {
			s = t.args.add(e.Value) + "::double precision"
		}
	case *cql2.Bool:
		s = t.args.add(e.Value) + "::boolean"
	case *cql2.Date:
		// A date travels as text: pgx would send a time.Time as a
		// timestamp, which the session's time zone could shift.
		s = t.args.add(e.Value.Format(time.DateOnly)) + "::date"
	case *cql2.Timestamp:
		s = t.args.add(e.Value) + "::timestamptz"
	default:
		return "", &data.FilterError{Property: "filter", Problem: fmt.Sprintf(": %s is not a scalar", cql2.Text(e))}
	}
	if ordering && isString {
		s += ` COLLATE "C"`
	}
	return s, nil
}

func (t *cqlSQL) isGeometry(e cql2.Expr) bool {
	p, ok := e.(*cql2.Property)
	return ok && p.Name == data.GeometryQueryable
}

// geometry is the SQL of the geometry property or a geometry literal
// (WKB, SRID 4326).
func (t *cqlSQL) geometry(e cql2.Expr) (string, error) {
	switch e := e.(type) {
	case *cql2.Property:
		if e.Name == data.GeometryQueryable {
			return t.src.geom, nil
		}
	case *cql2.BBox:
		b := e.Value
		return "ST_MakeEnvelope(" + t.args.add(b.Min[0]) + ", " + t.args.add(b.Min[1]) + ", " +
			t.args.add(b.Max[0]) + ", " + t.args.add(b.Max[1]) + ", 4326)", nil
	case *cql2.Geometry:
		b, err := wkb.Marshal(e.Value)
		if err != nil {
			return "", &data.FilterError{Property: "filter", Problem: ": the geometry literal cannot be encoded: " + err.Error()}
		}
		return "ST_GeomFromWKB(" + t.args.add(b) + "::bytea, 4326)", nil
	}
	return "", &data.FilterError{Property: "filter", Problem: fmt.Sprintf(": %s is not a geometry", cql2.Text(e))}
}

// sqlOrderBy is the ORDER BY list of a page: the sort keys, each through
// the whitelist, strings bytewise, nulls last in both directions, then the
// id, which makes the order total.
func sqlOrderBy(src source, keys []data.SortKey) (string, bool, error) {
	var (
		parts  []string
		joined bool
	)
	for _, k := range keys {
		f, ok := src.filters[k.Name]
		p, isProp := src.meta.Property(k.Name)
		if !ok || !isProp {
			return "", false, &data.FilterError{Property: "sortby", Problem: ": " + k.Name + " is not a queryable of " + src.meta.ID}
		}
		joined = joined || f.joined
		expr := "(" + f.expr + ")"
		if p.Type == data.TypeString {
			expr += ` COLLATE "C"`
		}
		dir := " ASC"
		if k.Desc {
			dir = " DESC"
		}
		parts = append(parts, expr+dir+" NULLS LAST")
	}
	return strings.Join(append(parts, src.id), ", "), joined, nil
}

// selecting is src with only the properties a query asks for, in
// catalogue order; the whitelist of filters keeps them all.
func selecting(src source, names []string) source {
	if names == nil {
		return src
	}
	var props []prop
	for _, p := range src.props {
		for _, n := range names {
			if p.name == n {
				props = append(props, p)
				break
			}
		}
	}
	src.props = props
	return src
}

// arrayOperators render the array functions on text[] operands, as sets
// (PostgreSQL's containment and overlap ignore order and repetition), as
// cql2.ArrayOp.Holds defines them.
var arrayOperators = map[cql2.ArrayOp]string{
	cql2.AContains: "@>", cql2.AContainedBy: "<@", cql2.AOverlaps: "&&",
}

// array renders an array function; A_EQUALS is containment both ways.
func (t *cqlSQL) array(e *cql2.ArrayPred) (string, error) {
	l, err := t.arrayOperand(e.Left)
	if err != nil {
		return "", err
	}
	r, err := t.arrayOperand(e.Right)
	if err != nil {
		return "", err
	}
	if e.Op == cql2.AEquals {
		return "(" + l + " @> " + r + " AND " + l + " <@ " + r + ")", nil
	}
	op, ok := arrayOperators[e.Op]
	if !ok {
		return "", &data.FilterError{Property: "filter", Problem: ": " + string(e.Op) + " is not an array function"}
	}
	return "(" + l + " " + op + " " + r + ")", nil
}

// arrayOperand renders a list property's column or an array literal of
// strings (the items cql2.Check allows) as a text[] argument.
func (t *cqlSQL) arrayOperand(e cql2.Expr) (string, error) {
	switch e := e.(type) {
	case *cql2.Property:
		if col, ok := t.src.lists[e.Name]; ok {
			return col, nil
		}
		return "", &data.FilterError{Property: "filter", Problem: ": " + e.Name + " is not a list of " + t.src.meta.ID}
	case *cql2.Array:
		items := make([]string, len(e.Items))
		for i, item := range e.Items {
			s, ok := item.(*cql2.String)
			if !ok {
				return "", &data.FilterError{Property: "filter", Problem: ": " + cql2.Text(item) + " is not a string"}
			}
			items[i] = s.Value
		}
		return t.args.add(items) + "::text[]", nil
	}
	return "", &data.FilterError{Property: "filter", Problem: ": " + cql2.Text(e) + " is not an array"}
}
