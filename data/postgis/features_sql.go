package postgis

import (
	"github.com/jackc/pgx/v5"
	"strconv"
	"strings"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// plan is a statement ready to run: its SQL text and its arguments.
type plan struct {
	sql  string
	args []any
}

// custom is the plan's arguments for pgx, run so that PostgreSQL plans the
// statement for these values every time: as an unnamed statement whose
// description pgx caches (QueryExecModeCacheDescribe), one round trip.
// Pages, counts and aggregates need it: a generic plan, which a named
// prepared statement switches to after five runs, cannot see the bbox or
// the filter values, and took 28 ms against 4 ms for a 1 000-actor bbox
// page. Lookups by key run as cached prepared statements instead (their
// plan does not depend on the value), which spares ~0.7 ms of planning per
// lookup.
func (p plan) custom() []any {
	return append([]any{pgx.QueryExecModeCacheDescribe}, p.args...)
}

// argList numbers arguments as clauses add them.
type argList []any

// add appends v and returns its placeholder ($1, $2, …).
func (a *argList) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// featuresPlan selects one page of a collection as GeoJSON Feature text, one
// row per feature, in id order or by q.SortBy then id, with q.Properties
// only when set. A filter the collection's types refuse is a
// *data.FilterError (data.ErrInvalidFilter).
//
// The cursor is a condition on the id, the sort key, so PostgreSQL starts
// the page with a seek in the primary key (or in a (filter, id) index)
// instead of reading and dropping the rows of the pages before it, as
// OFFSET does.
func featuresPlan(src source, q data.ItemsQuery) (plan, error) {
	return featuresPlanArgs(src, q, nil)
}

// featuresPlanArgs is featuresPlan after the arguments args already holds
// (a statement that starts with its own, such as runPlan's).
func featuresPlanArgs(src source, q data.ItemsQuery, args argList) (plan, error) {
	limit := q.Limit
	if limit == 0 {
		limit = data.MaxLimit
	}
	where, whereJoined, err := sqlWhere(src, q, true, &args)
	if err != nil {
		return plan{}, err
	}
	order, orderJoined, err := sqlOrderBy(src, q.SortBy)
	if err != nil {
		return plan{}, err
	}
	json := featureJSON(selecting(src, q.Properties), sqlGeometryJSON(src.geom, q.CRS, &args))
	limitArg := args.add(limit)
	if q.Offset > 0 {
		// The rows an offset skips are found by their ids alone, then the
		// page's rows are rendered: PostgreSQL renders every row a LIMIT
		// reads, skipped ones included, and the millionth actor in id
		// order took 4.1 s to reach, against 65 ms this way (national
		// data). The outer ORDER BY puts the page's rows back in order.
		inner := src.table
		if whereJoined || orderJoined {
			inner = src.from
		}
		page := src.id + " IN (SELECT " + src.id + " FROM " + inner + where + "\n  ORDER BY " + order +
			"\n  LIMIT " + limitArg + " OFFSET " + args.add(q.Offset) + ")"
		if where == "" {
			where = "\nWHERE " + page
		} else {
			where += "\n  AND " + page
		}
	}
	sql := "SELECT " + json + "\nFROM " + src.from + where + "\nORDER BY " + order + "\nLIMIT " + limitArg
	return plan{sql, args}, nil
}

// countPlan counts the features of a collection matching q's filters, with
// neither the cursor nor the page.
func countPlan(src source, q data.ItemsQuery) (plan, error) {
	var args argList
	from, where, err := filteredFrom(src, q, &args)
	if err != nil {
		return plan{}, err
	}
	if q.CountCap > 0 {
		// Stop reading rows at the cap: the count of a capped sub-select
		// costs at most CountCap rows, not the whole table.
		return plan{"SELECT count(*) FROM (SELECT 1 FROM " + from + where + " LIMIT " + args.add(q.CountCap) + ") capped", args}, nil
	}
	return plan{"SELECT count(*) FROM " + from + where, args}, nil
}

// itemPlan selects the feature with the given id, its coordinates in crs.
// An integer collection takes the id parsed by the caller.
func itemPlan(src source, id any, crs geo.CRS) plan {
	args := argList{}
	conds := levelConds(src, &args)
	conds = append(conds, src.id+" = "+args.add(id))
	sql := "SELECT " + featureJSON(src, sqlGeometryJSON(src.geom, crs, &args)) + "\nFROM " + src.from +
		"\nWHERE " + strings.Join(conds, " AND ")
	return plan{sql, args}
}

// filteredFrom is the FROM and WHERE clauses of a query over the rows of
// src matching q's filters (no cursor): the main table alone unless a
// filter reads a joined one. The joins only add columns (left joins on a
// key, inner joins on foreign keys), so counting or grouping the main
// table gives the same rows.
func filteredFrom(src source, q data.ItemsQuery, args *argList) (from, where string, err error) {
	where, joined, err := sqlWhere(src, q, false, args)
	if err != nil {
		return "", "", err
	}
	if joined {
		return src.from, where, nil
	}
	return src.table, where, nil
}

// sqlWhere is the WHERE clause of a collection's query: its level, the
// bbox, the equality filters, the interval, the CQL2 filter and, with
// cursor, the keyset cursor. joined reports a condition on a joined table.
func sqlWhere(src source, q data.ItemsQuery, cursor bool, args *argList) (where string, joined bool, err error) {
	conds := levelConds(src, args)
	if q.BBox != nil {
		conds = append(conds, sqlBBoxFilter(src, *q.BBox, args))
	}
	var seek []string // the first seek filter's expression and value placeholder
	for _, f := range q.Equals {
		col, value, seeks, err := sqlEquals(src, f, args)
		if err != nil {
			return "", false, err
		}
		conds = append(conds, col.expr+" = "+value)
		joined = joined || col.joined
		if seeks && seek == nil {
			seek = []string{col.expr, value}
		}
	}
	if err := src.meta.CheckTouches(q.Touches); err != nil {
		return "", false, err
	}
	if q.Touches != nil {
		conds = append(conds, sqlTouches(*q.Touches, args))
	}
	if err := src.meta.CheckDuring(q.During); err != nil {
		return "", false, err
	}
	if q.During != nil {
		conds = append(conds, sqlDuring(src, *q.During, args))
	}
	if err := src.meta.CheckCQL(q); err != nil {
		return "", false, err
	}
	if q.Filter != nil {
		cond, filterJoined, err := sqlFilter(src, q.Filter, args)
		if err != nil {
			return "", false, err
		}
		conds = append(conds, cond)
		joined = joined || filterJoined
	}
	if cursor {
		after, err := src.meta.CursorValue(q.After)
		if err != nil {
			return "", false, err
		}
		if after != nil {
			conds = append(conds, sqlAfter(src, after, seek, args))
		}
	}
	if len(conds) == 0 {
		return "", joined, nil
	}
	return "\nWHERE " + strings.Join(conds, " AND "), joined, nil
}

// sqlEquals looks a queryable up in the source's whitelist and returns it
// with the placeholder of its value, parsed as the property's type. The
// cast names the argument's type so pgx need not guess it from the column
// (a smallint column would make an int64 beyond its range an encoding
// error, not "no match"), and a comparison across integer widths still uses
// the index. seeks says whether the filter's index holds the value's rows
// (filter.seeks), so that the cursor may be written as a seek in it.
func sqlEquals(src source, f data.PropertyFilter, args *argList) (col filter, value string, seeks bool, err error) {
	v, err := src.meta.FilterValue(f)
	if err != nil {
		return filter{}, "", false, err
	}
	col, ok := src.filters[f.Name]
	if !ok { // a queryable of the catalogue without a whitelisted expression
		return filter{}, "", false, &data.FilterError{Property: f.Name, Problem: " has no SQL expression in " + src.meta.ID}
	}
	if d, ok := v.(time.Time); ok { // a date, sent as text: a time.Time would go as a timestamp
		return col, args.add(d.Format(time.DateOnly)) + "::date", col.seeks(v), nil
	}
	return col, args.add(v) + sqlType(v), col.seeks(v), nil
}

// sqlType is the cast for a value of data.Collection.FilterValue or
// CursorValue.
func sqlType(v any) string {
	switch v.(type) {
	case bool:
		return "::boolean"
	case int64:
		return "::bigint"
	case float64:
		return "::double precision"
	}
	return "::text"
}

// sqlAfter keeps the ids after the cursor: numerically for integer ids,
// bytewise for codes (their column and index are COLLATE "C"; the explicit
// COLLATE says so here too, and matches the index).
//
// With a seek filter (expression and value placeholder, the filter's own
// condition being "expression = value"), the cursor is written as a row
// comparison on that filter's (expression, id) index key. It means the same
// thing, but it is an index condition of that index only: the planner,
// which assumes values spread evenly over ids, otherwise prices a walk of
// the primary key from the cursor, dropping rows of other values, as cheap
// as the seek, and takes it (9 234 rows read for a page of 38 associations
// on the demo, whose ids come in blocks by kind).
func sqlAfter(src source, after any, seek []string, args *argList) string {
	if !src.intID {
		return src.id + " > " + args.add(after) + `::text COLLATE "C"`
	}
	if seek != nil {
		return "(" + seek[0] + ", " + src.id + ") > (" + seek[1] + ", " + args.add(after) + "::bigint)"
	}
	return src.id + " > " + args.add(after) + "::bigint"
}

// partnershipsActive is the condition on partnerships p of being active
// during (sqlDuring); "true", every one, when during is nil.
func partnershipsActive(during *data.Interval, args *argList) string {
	if during == nil {
		return "true"
	}
	src, _ := sourceOf(data.CollectionPartnerships)
	return sqlDuring(src, *during, args)
}

// sqlDuring keeps the rows active at some instant of the interval
// (data.Interval.ActiveDuring): started by its last date, not ended before
// its first, compared as calendar dates (data.Interval.Dates) so that the
// session's time zone plays no part. An interval that ends before it
// starts keeps nothing.
func sqlDuring(src source, during data.Interval, args *argList) string {
	if !during.Start.IsZero() && !during.End.IsZero() && during.Start.After(during.End) {
		return "false"
	}
	first, last := during.Dates()
	var conds []string
	if !last.IsZero() {
		conds = append(conds, src.start+" <= "+args.add(last)+"::date")
	}
	if !first.IsZero() {
		if src.end != "" {
			conds = append(conds, "("+src.end+" IS NULL OR "+src.end+" >= "+args.add(first)+"::date)")
		} else {
			conds = append(conds, src.start+" >= "+args.add(first)+"::date")
		}
	}
	if len(conds) == 0 {
		return "true" // open on both sides
	}
	return strings.Join(conds, " AND ")
}

// sqlLevel is the WHERE clause of a territory level, empty for other
// collections.
func sqlLevel(src source, args *argList) string {
	if conds := levelConds(src, args); len(conds) > 0 {
		return "\nWHERE " + strings.Join(conds, " AND ")
	}
	return ""
}

func levelConds(src source, args *argList) []string {
	if src.level == "" {
		return nil
	}
	return []string{"t.level = " + args.add(string(src.level))}
}

// sqlBBoxFilter keeps src's geometries intersecting b (lon/lat, EPSG:4326,
// edges included). The && test uses the GiST index on the stored column; an
// exact test then drops lines and polygons whose box overlaps b but whose
// shape does not. The envelope is built in the column's SRID so no
// transform defeats the index.
//   - A point's box is the point, so on a column typed geometry(Point) && is
//     already exact and the exact test is left out: ST_Intersects cost 7 of
//     10 ms on a 1 000-actor page of the demo.
//   - For lines, the test is ST_DWithin(…, 0): a distance of zero is
//     an intersection, edges included, and PostGIS computes it on the
//     stored line, where ST_Intersects first copies every candidate into
//     GEOS. On national data the Lyon view's 118 517 candidates took 130 ms
//     against 265 ms to count, and 40 random boxes (413 769 lines matched)
//     gave the same rows with either test.
//   - Polygons (territories) keep ST_Intersects: a view meets a few hundred
//     of them, and ST_DWithin was not measured on contours.
func sqlBBoxFilter(src source, b orb.Bound, args *argList) string {
	geom := src.geom
	env := "ST_MakeEnvelope(" + args.add(b.Min[0]) + ", " + args.add(b.Min[1]) + ", " +
		args.add(b.Max[0]) + ", " + args.add(b.Max[1]) + ", 4326)"
	switch {
	case src.points:
		return geom + " && " + env
	case src.lines:
		// ST_DWithin brings its own && (PostGIS's support function adds
		// it to the index condition): a second one made the planner's
		// estimate small enough to walk the index row by row instead of
		// reading a bitmap, 224–260 ms against 130–142 ms.
		return "ST_DWithin(" + geom + ", " + env + ", 0)"
	}
	return geom + " && " + env + " AND ST_Intersects(" + geom + ", " + env + ")"
}

// featureJSON is the SQL expression producing a row's complete GeoJSON
// Feature as compact text, properties in catalogue order (propertiesJSON).
// geomJSON is the geometry's GeoJSON expression (sqlGeometryJSON).
func featureJSON(src source, geomJSON string) string {
	var b strings.Builder
	b.WriteString(`'{"type":"Feature","id":' || `)
	if src.intID {
		b.WriteString(src.id + "::text")
	} else {
		b.WriteString("to_json(" + src.id + ")::text")
	}
	b.WriteString(` || ',"geometry":' || ` + geomJSON + ` || ',"properties":' || ` + propertiesJSON(src.props) + ` || '}'`)
	return b.String()
}

// propertiesJSON is the SQL expression of a row's properties as one JSON
// object's compact text, keys in the order given, each value written as
// its prop's jsonForm says. The text is the same, byte for byte, as
// row_to_json of the properties would write
// (TestPropertiesJSONIsRowToJSON), at a lower cost: most values need no
// call to to_json. json_build_object would pad every key with a space
// and jsonb sort the keys.
func propertiesJSON(props []prop) string {
	if len(props) == 0 {
		return `'{}'`
	}
	var b strings.Builder
	for i, p := range props {
		// Names come from this package's constant tables: plain
		// identifiers, with nothing to escape in JSON or in SQL.
		if i == 0 {
			b.WriteString(`'{"` + p.name + `":' || `)
		} else {
			b.WriteString(` || ',"` + p.name + `":' || `)
		}
		switch p.json {
		case asLiteral:
			b.WriteString("coalesce((" + p.expr + ")::text, 'null')")
		case asCode:
			b.WriteString(`coalesce('"' || (` + p.expr + `) || '"', 'null')`)
		default:
			b.WriteString("coalesce(to_json(" + p.expr + ")::text, 'null')")
		}
	}
	b.WriteString(" || '}'")
	return b.String()
}
