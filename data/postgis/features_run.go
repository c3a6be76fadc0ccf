package postgis

import (
	"strings"

	"github.com/maillage/maillage/data"
)

// A page of lines in a bbox, in id order. The GiST index of the lines finds
// them by their boxes, and a long line's box covers half of France: 153 000
// of 1.2 M partnerships have a box meeting central Paris, 95 000 of them
// cross it. Through the index, the page's 1 000 first ids cost finding and
// sorting all 95 000 (0.3–0.8 s), and PostGIS's estimate (a few hundred
// rows) keeps the planner from walking the ids in order instead. Where the
// box is dense, the walk is what pays: the first 1 000 of 95 000 matches
// lie within the first ~13 000 ids.
//
// So a line page is read in two steps: first the run of the next runLength
// ids after the cursor, tested one by one (a materialized run has no index
// for the planner to prefer); if the run holds the whole page, that is the
// page, exact, since it starts at the cursor. Otherwise what it found
// begins the page and the rest is read the ordinary way, after the run's
// last id. A sparse box pays the run (a few milliseconds) on top of its
// ordinary query.

// runLength is how many ids a line page tests in order before turning to
// the index: 20 per feature asked for (a density of 5 %), at least 2 000,
// at most 50 000.
func runLength(limit int) int {
	return min(max(20*limit, 2000), 50000)
}

// usesRun reports whether a page of src for q is read in two steps: lines
// (a collection with integer ids whose geometries are not points:
// partnerships), a bbox, id order, no offset. Territories, whose areas are
// small and keyed by codes, keep the index.
func usesRun(src source, q data.ItemsQuery) bool {
	return src.intID && !src.points && src.geom != "" && q.BBox != nil && len(q.SortBy) == 0 && q.Offset == 0
}

// runEndPlan selects the last id of the run after q's cursor (none when
// the table ends first). A cursor that is no id is the *data.FilterError
// of data.Collection.CursorValue, as for any page.
func runEndPlan(src source, q data.ItemsQuery, limit int) (plan, error) {
	var args argList
	where := ""
	after, err := src.meta.CursorValue(q.After)
	if err != nil {
		return plan{}, err
	}
	if after != nil {
		where = "\nWHERE " + src.id + " > " + args.add(after)
	}
	sql := "SELECT " + src.id + " FROM " + src.table + where + "\nORDER BY " + src.id +
		"\nOFFSET " + args.add(runLength(limit)-1) + " LIMIT 1"
	return plan{sql, args}, nil
}

// runPlan is featuresPlan over the run of ids after q's cursor: the same
// feature text and conditions, read from a materialized copy of the run's
// rows instead of the table.
func runPlan(src source, q data.ItemsQuery, limit int) (plan, error) {
	_, alias, _ := strings.Cut(src.table, " ")
	var args argList
	cursor := ""
	after, err := src.meta.CursorValue(q.After)
	if err != nil {
		return plan{}, err
	}
	if after != nil {
		cursor = " WHERE " + src.id + " > " + args.add(after)
	}
	run := "WITH run AS MATERIALIZED (SELECT * FROM " + src.table + cursor + " ORDER BY " + src.id +
		" LIMIT " + args.add(runLength(limit)) + ")\n"
	inRun := src
	inRun.from = strings.Replace(src.from, src.table, "run "+alias, 1)
	q.After = "" // the run starts after it
	q.Limit = limit
	p, err := featuresPlanArgs(inRun, q, args)
	if err != nil {
		return plan{}, err
	}
	return plan{run + p.sql, p.args}, nil
}
