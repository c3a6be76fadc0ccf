package postgis

import (
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// flowLevels are the levels flows aggregate at (data.FlowLevels, and
// communes for the partnerships touching a territory: data.CheckFlows), each
// naming the partnerships' columns holding its two ends (migration 00009).
var flowLevels = map[geo.Level]struct{ a, b string }{
	geo.LevelCommune:     {"p.a_commune", "p.b_commune"},
	geo.LevelEPCI:        {"p.a_epci", "p.b_epci"},
	geo.LevelDepartement: {"p.a_departement", "p.b_departement"},
	geo.LevelRegion:      {"p.a_region", "p.b_region"},
}

// flowsPlan counts the partnerships matching q by the territories of level
// holding their two actors (NULL for an actor abroad or a commune with no
// territory at that level) and their scale: one row (a, b, scale, n) per
// group, which geo.AggregateFlowGroups folds into flows and totals. The
// grouping stays in PostgreSQL, so at most one row per pair of territories
// and scale crosses the wire.
//
// A query the summary table answers (see flowCountsPlan), counting the
// partnerships of the summaries' day, reads it; any other groups the
// partnerships, whose ends are stored on each row, so the actors are
// joined only when a filter reads them (kind_a, kind_b). The level and q
// are checked by data.CheckFlows.
func flowsPlan(level geo.Level, q data.ItemsQuery, day summaryDay) (plan, error) {
	if err := data.CheckFlows(level, q); err != nil {
		return plan{}, err
	}
	ends := flowLevels[level]
	if p, ok := flowCountsPlan(level, q); ok && countedBySummaries(q.During, day) {
		return p, nil
	}
	src, _ := sourceOf(data.CollectionPartnerships)
	var args argList
	from, where, err := filteredFrom(src, q, &args)
	if err != nil {
		return plan{}, err
	}
	sql := "SELECT " + ends.a + ", " + ends.b + ", p.scale, count(*)\nFROM " + from + where +
		"\nGROUP BY 1, 2, 3"
	return plan{sql, args}, nil
}

// flowCountsPlan reads partnership_flow_counts (migration 00009) when q
// filters on nothing but scale and at most one of category and domain, the
// grains the table keeps: a few thousand rows at département level whatever
// the number of partnerships, where grouping 1.2 M rows took seconds. The
// table counts one day's partnerships; q.During is the caller's to compare
// (countedBySummaries).
func flowCountsPlan(level geo.Level, q data.ItemsQuery) (plan, bool) {
	if q.BBox != nil || q.Touches != nil || q.Filter != nil {
		return plan{}, false
	}
	var args argList
	conds := "level = " + args.add(string(level))
	grain := map[string]string{"category": "''", "domain": "''"}
	seen := map[string]bool{}
	for _, f := range q.Equals {
		switch f.Name {
		case "scale", "category", "domain":
		default:
			return plan{}, false
		}
		if seen[f.Name] { // two values for one property: let the rows say
			return plan{}, false
		}
		seen[f.Name] = true
		if f.Name == "scale" {
			conds += " AND scale = " + args.add(f.Value)
			continue
		}
		grain[f.Name] = args.add(f.Value)
	}
	if seen["category"] && seen["domain"] {
		return plan{}, false
	}
	sql := "SELECT nullif(a, ''), nullif(b, ''), scale, n FROM partnership_flow_counts\nWHERE " + conds +
		" AND category = " + grain["category"] + " AND domain = " + grain["domain"]
	return plan{sql, args}, true
}

// anchorsPlan gives the name and a point inside each territory of level
// among codes (ST_PointOnSurface, which geo.InteriorPoint ports).
func anchorsPlan(level geo.Level, codes []string) plan {
	var args argList
	sql := "SELECT code, name, ST_X(pt), ST_Y(pt) FROM (SELECT t.code, t.name, ST_PointOnSurface(t.geom) AS pt FROM territories t" +
		"\nWHERE t.level = " + args.add(string(level)) + " AND t.code = ANY(" + args.add(codes) + "::text[])) x"
	return plan{sql, args}
}
