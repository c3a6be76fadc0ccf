package postgis

import (
	"math"
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
// So a line page is read in steps: first the runs of ids after the cursor,
// tested one by one in id order (a sub-select with a LIMIT has no index
// for the planner to prefer), each holding the rest of the page if the
// box is dense enough; then, if the page is not full, the rest is read the
// ordinary way, after the last run's last id. Every step starts where the
// one before ended, so the page is exact whichever way it was read.
//
// The first run is a short probe. Over a sparse box a long run is wasted:
// the Lyon view (46 064 of 1.34 M lines, 3.4 %) found 1 788 rows of a
// 10 000-row page in its 50 000 ids, 35–50 ms before the index had to be
// read anyway. So the second run is read only if the density the probe saw
// would fill the page within it.

// After the runs, the rest of a page is read through the index, in a
// window of ids first: the ids after the last run up to where, at the
// density the runs saw, the rest of the page should lie (windowEnd), with a
// margin. PostgreSQL then ANDs the lines' GiST bitmap with the primary
// key's range and reads only the window's heap pages: for the Lyon view,
// 12 854 pages of 40 392 instead of 34 154, 87–90 ms against 124–133 ms
// for the page's ids in psql. A window that falls short is followed by the
// ordinary read after its end (a second pass over the GiST index, about
// 40 ms for Lyon).

// windowMargin widens a window past the runs' density: the probe's
// density is a sample (64 matches in 2 000 ids for Lyon).
const windowMargin = 1.5

// windowEnd is the last id of the window that should hold the remaining
// rows of a page after runs that found found rows among the ids from first
// (exclusive: the cursor, 0 without one) to last, read at that density with
// windowMargin; false when the runs found nothing to tell a density by, or
// the window would be past any id.
func windowEnd(first, last int64, found, remaining int) (int64, bool) {
	if found <= 0 || last <= first || remaining <= 0 {
		return 0, false
	}
	span := math.Ceil(float64(remaining) * float64(last-first) / float64(found) * windowMargin)
	if span >= float64(math.MaxInt64-last) {
		return 0, false
	}
	return last + int64(span), true
}

// windowPlan is featuresPlan over the ids up to upper (inclusive), after
// q's cursor: the same feature text and conditions, read from a sub-select
// of the window's rows, which the planner folds into the statement (no
// LIMIT in it), so that the window's bound reaches the primary key.
func windowPlan(src source, q data.ItemsQuery, upper int64) (plan, error) {
	var args argList
	return featuresPlanArgs(fromRows(src, " WHERE "+src.id+" <= "+args.add(upper)), q, args)
}

// fromRows is src read from a sub-select of its table's rows under the
// table's alias: "SELECT * FROM" the table, then clauses (the runs' and
// the window's bounds).
func fromRows(src source, clauses string) source {
	_, alias, _ := strings.Cut(src.table, " ")
	rows := "(SELECT * FROM " + src.table + clauses + ") " + alias
	in := src
	in.from = strings.Replace(src.from, src.table, rows, 1)
	return in
}

// runLengths are the runs a line page tests in id order before turning to
// the index: at most runLength ids in all, probeLength of them first.
func runLengths(limit int) []int {
	n := runLength(limit)
	if n <= probeLength {
		return []int{n}
	}
	return []int{probeLength, n - probeLength}
}

// runLength is how many ids a line page may test in order: 20 per feature
// asked for (a density of 5 %), at least 2 000, at most 50 000.
func runLength(limit int) int {
	return min(max(20*limit, 2000), 50000)
}

// probeLength is the first run's length: a density of 5 % shows as 100
// rows in it, enough to tell it from 3 %.
const probeLength = 2000

// worthRunning reports whether a run of length ids is likely to hold the
// remaining rows of a page, at the density of found rows in tested ids.
func worthRunning(found, tested, length, remaining int) bool {
	return tested == 0 || found*length >= remaining*tested
}

// usesRun reports whether a page of src for q is read in steps: lines
// (a collection with integer ids whose geometries are not points:
// partnerships), a bbox, id order, no offset. Territories, whose areas are
// small and keyed by codes, keep the index.
func usesRun(src source, q data.ItemsQuery) bool {
	return src.intID && !src.points && src.geom != "" && q.BBox != nil && len(q.SortBy) == 0 && q.Offset == 0
}

// runEndPlan selects the last id of the run of length ids after q's
// cursor (none when the table ends first). A cursor that is no id is the
// *data.FilterError of data.Collection.CursorValue, as for any page.
func runEndPlan(src source, q data.ItemsQuery, length int) (plan, error) {
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
		"\nOFFSET " + args.add(length-1) + " LIMIT 1"
	return plan{sql, args}, nil
}

// runPlan is featuresPlan over the run of length ids after q's cursor, for
// a page of limit rows: the same feature text and conditions, read from a
// sub-select of the run's rows instead of the table. A sub-select with a
// LIMIT keeps the conditions outside it, so the planner can only walk the
// primary key, in order, and the page's LIMIT stops the walk at the page's
// last row. (The run used to
// be a MATERIALIZED CTE, read whole before any test: 56 against 35 ms for
// the Lyon view's run of 50 000 ids, 17 against 8 ms for the Paris box's
// first 1 000 of 20 000.)
func runPlan(src source, q data.ItemsQuery, length, limit int) (plan, error) {
	var args argList
	cursor := ""
	after, err := src.meta.CursorValue(q.After)
	if err != nil {
		return plan{}, err
	}
	if after != nil {
		cursor = " WHERE " + src.id + " > " + args.add(after)
	}
	inRun := fromRows(src, cursor+" ORDER BY "+src.id+" LIMIT "+args.add(length))
	q.After = "" // the run starts after it
	q.Limit = limit
	return featuresPlanArgs(inRun, q, args)
}
