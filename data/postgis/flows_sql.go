package postgis

import (
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// flowColumns are the columns of a commune row naming its territory at each
// level flows aggregate at (data.FlowLevels).
var flowColumns = map[geo.Level]string{
	geo.LevelEPCI:        "epci",
	geo.LevelDepartement: "departement",
	geo.LevelRegion:      "region",
}

// flowsPlan counts the partnerships matching q by the territories of level
// holding their two actors (NULL for an actor abroad or a commune with no
// territory at that level) and their scale: one row (a, b, scale, n) per
// group, which geo.AggregateFlowGroups folds into flows and totals. The
// GROUP BY stays in PostgreSQL, so at most one row per pair of territories
// and scale crosses the wire.
//
// Each actor's territory is looked up once, in the place CTE, and both ends
// probe it: joining actors then communes for each end built four hash
// tables, twice as long on the demo (105 ms against 50). The actors of
// the source's FROM are joined only when a filter reads them (kind_a,
// kind_b). The level must have passed data.CheckFlowLevel.
func flowsPlan(level geo.Level, q data.ItemsQuery) (plan, error) {
	src, _ := sourceOf(data.CollectionPartnerships)
	col, ok := flowColumns[level]
	if !ok {
		return plan{}, data.CheckFlowLevel(level)
	}
	var args argList
	where, joined, err := sqlWhere(src, q, false, &args)
	if err != nil {
		return plan{}, err
	}
	from := src.table
	if joined {
		from = src.from
	}
	sql := "WITH place AS MATERIALIZED (SELECT a.id, c." + col + " AS code FROM actors a" +
		"\n  JOIN territories c ON c.level = 'commune' AND c.code = a.commune)" +
		"\nSELECT xa.code AS a, xb.code AS b, p.scale, count(*)\nFROM " + from +
		"\nLEFT JOIN place xa ON xa.id = p.actor_a LEFT JOIN place xb ON xb.id = p.actor_b" + where +
		"\nGROUP BY 1, 2, 3"
	return plan{sql, args}, nil
}

// anchorsPlan gives the name and a point inside each territory of level
// among codes (ST_PointOnSurface, which geo.InteriorPoint ports).
func anchorsPlan(level geo.Level, codes []string) plan {
	var args argList
	sql := "SELECT code, name, ST_X(pt), ST_Y(pt) FROM (SELECT t.code, t.name, ST_PointOnSurface(t.geom) AS pt FROM territories t" +
		"\nWHERE t.level = " + args.add(string(level)) + " AND t.code = ANY(" + args.add(codes) + "::text[])) x"
	return plan{sql, args}
}
