package postgis

import (
	"strconv"
	"strings"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// plan is a statement ready to run: its SQL text and its arguments.
type plan struct {
	sql  string
	args []any
}

// argList numbers arguments as clauses add them.
type argList []any

// add appends v and returns its placeholder ($1, $2, …).
func (a *argList) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// featuresPlan selects one page of a collection as GeoJSON Feature text, one
// row per feature, in id order.
func featuresPlan(src source, q data.ItemsQuery) plan {
	var args argList
	limit := q.Limit
	if limit == 0 {
		limit = data.MaxLimit
	}
	sql := "SELECT " + featureJSON(src) + "\nFROM " + src.from +
		sqlWhere(src, q.BBox, &args) +
		"\nORDER BY " + src.id +
		"\nLIMIT " + args.add(limit) + " OFFSET " + args.add(q.Offset)
	return plan{sql, args}
}

// countPlan counts the features of a collection matching q's filters.
func countPlan(src source, q data.ItemsQuery) plan {
	var args argList
	// The joins only add columns (left joins on a key, inner joins on
	// foreign keys), so counting the main table gives the same number.
	sql := "SELECT count(*) FROM " + src.table + sqlWhere(src, q.BBox, &args)
	return plan{sql, args}
}

// itemPlan selects the feature with the given id. An integer collection
// takes the id parsed by the caller.
func itemPlan(src source, id any) plan {
	args := argList{}
	conds := levelConds(src, &args)
	conds = append(conds, src.id+" = "+args.add(id))
	sql := "SELECT " + featureJSON(src) + "\nFROM " + src.from +
		"\nWHERE " + strings.Join(conds, " AND ")
	return plan{sql, args}
}

// sqlWhere is the WHERE clause of a collection's query: its level, then the
// bbox filter.
func sqlWhere(src source, bbox *orb.Bound, args *argList) string {
	conds := levelConds(src, args)
	if bbox != nil {
		conds = append(conds, sqlBBoxFilter(src.geom, *bbox, args))
	}
	if len(conds) == 0 {
		return ""
	}
	return "\nWHERE " + strings.Join(conds, " AND ")
}

func levelConds(src source, args *argList) []string {
	if src.level == "" {
		return nil
	}
	return []string{"t.level = " + args.add(string(src.level))}
}

// sqlBBoxFilter keeps geometries intersecting b (lon/lat, EPSG:4326, edges
// included). The && test uses the GiST index on the stored column; the
// ST_Intersects test then drops lines and polygons whose box overlaps b but
// whose shape does not. The envelope is built in the column's SRID so no
// transform defeats the index.
func sqlBBoxFilter(geom string, b orb.Bound, args *argList) string {
	env := "ST_MakeEnvelope(" + args.add(b.Min[0]) + ", " + args.add(b.Min[1]) + ", " +
		args.add(b.Max[0]) + ", " + args.add(b.Max[1]) + ", 4326)"
	return geom + " && " + env + " AND ST_Intersects(" + geom + ", " + env + ")"
}

// featureJSON is the SQL expression producing a row's complete GeoJSON
// Feature as compact text, properties in catalogue order. It concatenates
// to_json of each value rather than calling json_build_object, whose text
// form pads every key with spaces, and rather than jsonb, which reorders
// keys. Coordinates have at most 7 decimals (about 1 cm).
func featureJSON(src source) string {
	var b strings.Builder
	b.WriteString(`'{"type":"Feature","id":' || `)
	if src.intID {
		b.WriteString(src.id + "::text")
	} else {
		b.WriteString("to_json(" + src.id + ")::text")
	}
	b.WriteString(` || ',"geometry":' || ST_AsGeoJSON(` + src.geom + `, 7) || ',"properties":{`)
	for i, p := range src.props {
		if i > 0 {
			b.WriteString(",")
		}
		// Names come from this package's constant tables; they are checked
		// to be plain snake_case in the tests, so they need no escaping.
		b.WriteString(`"` + p.name + `":' || coalesce(to_json(` + p.expr + `)::text, 'null') || '`)
	}
	b.WriteString(`}}'`)
	return b.String()
}
