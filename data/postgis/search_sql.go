package postgis

import (
	"strconv"
	"strings"

	"github.com/maillage/maillage/geo"
)

// searchPlan selects the territories matching q, of level unless it is "",
// best first (geo.CompareTerritoryHits), at most limit, with the columns
// scanSearchRow reads. The rank is geo.TerritoryQuery.Rank in SQL, on the
// folded names of migration 00011 (search_key, whose words are separated by
// one space): the key is a word prefix of " " || search_key, a prefix of
// search_key, or all of it; the code equals or begins with q.Code. Keys and
// codes hold only a-z, 0-9, space and A/B, so they need no LIKE escape. The
// inner query ranks and cuts on narrow columns; only the rows it keeps read
// their geometry, for the bounding box. q is not Empty.
func searchPlan(q geo.TerritoryQuery, level geo.Level, limit int) plan {
	var args argList
	var rank, prefix, match []string
	rankOf := func(r geo.SearchRank) string { return strconv.Itoa(int(r)) }
	if q.Code != "" {
		rank = append(rank, "WHEN t.code = "+args.add(q.Code)+"::text THEN "+rankOf(geo.SearchCodeEqual))
		codePrefix := "t.code LIKE " + args.add(q.Code+"%") + "::text"
		prefix = append(prefix, codePrefix)
		match = append(match, codePrefix)
	}
	if q.Key != "" {
		rank = append(rank, "WHEN t.search_key = "+args.add(q.Key)+"::text THEN "+rankOf(geo.SearchNameEqual))
		prefix = append(prefix, "t.search_key LIKE "+args.add(q.Key+"%")+"::text")
		match = append(match, "' ' || t.search_key LIKE "+args.add("% "+q.Key+"%")+"::text")
	}
	rank = append(rank, "WHEN "+strings.Join(prefix, " OR ")+" THEN "+rankOf(geo.SearchPrefix), "ELSE "+rankOf(geo.SearchWord))
	var depth strings.Builder
	depth.WriteString("CASE t.level")
	for i, l := range geo.Levels { // constants, widest first
		depth.WriteString(" WHEN '" + string(l) + "' THEN " + strconv.Itoa(i))
	}
	depth.WriteString(" END")
	where := "(" + strings.Join(match, " OR ") + ")"
	if level != "" {
		where = "t.level = " + args.add(string(level)) + "::text AND " + where
	}
	sql := `SELECT t.level, t.code, t.name, coalesce(t.region, ''), coalesce(t.departement, ''), t.population,
       ST_XMin(t.geom), ST_YMin(t.geom), ST_XMax(t.geom), ST_YMax(t.geom), m.rank
  FROM (SELECT t.level, t.code, t.population,
               CASE ` + strings.Join(rank, "\n                    ") + ` END AS rank,
               ` + depth.String() + ` AS depth
          FROM territories t
         WHERE ` + where + `
         ORDER BY rank, depth, t.population DESC, t.code
         LIMIT ` + args.add(limit) + `) m
  JOIN territories t ON t.level = m.level AND t.code = m.code
 ORDER BY m.rank, m.depth, m.population DESC, m.code`
	return plan{sql, args}
}
