package postgis

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// Extent implements data.Store: the exact bounding box of the collection's
// geometries and, for partnerships, the earliest start and the latest end,
// read in one snapshot.
//
// ST_Extent over the whole table read every row: 350 ms for the 1.85 M
// actors of a national database, 260 ms for its partnerships, paid by
// /collections after every write (GDAL and QGIS read it on each open). Yet
// only the rows at the edges decide a bounding box. Each side is read from
// the rows the GiST index gives beyond a line drawn just inside the
// planner's statistics (ST_EstimatedExtent): the westernmost row lies west
// of any line some row lies west of, so the ST_Extent of the rows west of
// such a line has the table's west edge, exactly (extentProbes). When no
// row lies beyond the line (statistics older than the rows at the edge),
// the line moves inward, by steps growing fourfold, the last one covering
// everything. The dates come from their B-tree indexes. A table without
// statistics (never analysed) is read whole, once per call, as before.
//
// Nothing is cached here: the server keeps each answer for one data
// version.
func (s *Store) Extent(ctx context.Context, collection string) (orb.Bound, *data.Interval, error) {
	src, err := lookupSource(collection, data.ItemsQuery{})
	if err != nil {
		return orb.Bound{}, nil, err
	}
	var e extentRow
	err = pgx.BeginTxFunc(ctx, s.reader(ctx), pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			e, err = readExtent(ctx, tx, src)
			return err
		})
	if err != nil {
		return orb.Bound{}, nil, fmt.Errorf("extent %s: %w", collection, translate(ctx, err))
	}
	return e.bound(), e.interval(), nil
}

// extentRow is an extent as read: NULL sides for no geometry, a NULL first
// date for no interval, a NULL last one for an open interval.
type extentRow struct {
	minX, minY, maxX, maxY pgtype.Float8
	first, last            pgtype.Date
}

func (e extentRow) bound() orb.Bound {
	if !e.minX.Valid || !e.minY.Valid || !e.maxX.Valid || !e.maxY.Valid {
		return orb.Bound{}
	}
	return orb.Bound{Min: orb.Point{e.minX.Float64, e.minY.Float64}, Max: orb.Point{e.maxX.Float64, e.maxY.Float64}}
}

func (e extentRow) interval() *data.Interval {
	if !e.first.Valid {
		return nil
	}
	iv := &data.Interval{Start: utcDate(e.first.Time)}
	if e.last.Valid {
		iv.End = utcDate(e.last.Time)
	}
	return iv
}

// probeSteps is how many times a side's line moves inward before it
// covers every row: its step, 1/1024 of the estimate's width, grows
// fourfold each time, and 4^6 steps pass the far side twice over.
const probeSteps = 6

// readExtent reads src's extent in tx (see Extent).
func readExtent(ctx context.Context, tx pgx.Tx, src source) (extentRow, error) {
	var e extentRow
	var est [4]pgtype.Float8 // min x, min y, max x, max y
	table, _, _ := strings.Cut(src.table, " ")
	_, column, _ := strings.Cut(src.geom, ".")
	if err := tx.QueryRow(ctx, "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_EstimatedExtent($1, $2) AS b) e",
		table, column).Scan(&est[0], &est[1], &est[2], &est[3]); err != nil {
		return e, err
	}
	if !est[0].Valid {
		p := extentPlan(src)
		err := tx.QueryRow(ctx, p.sql, p.args...).Scan(&e.minX, &e.minY, &e.maxX, &e.maxY, &e.first, &e.last)
		return e, err
	}
	p := datesPlan(src)
	if err := tx.QueryRow(ctx, p.sql, p.args...).Scan(&e.first, &e.last); err != nil {
		return e, err
	}
	sides := []*pgtype.Float8{&e.minX, &e.minY, &e.maxX, &e.maxY}
	stepX := max((est[2].Float64-est[0].Float64)/1024, 1e-9)
	stepY := max((est[3].Float64-est[1].Float64)/1024, 1e-9)
	for step := 0; step <= probeSteps; step++ {
		var lines [4]float64
		open := false
		for i, side := range sides {
			if side.Valid {
				lines[i] = math.NaN()
				continue
			}
			open = true
			d := stepX
			if i%2 == 1 {
				d = stepY
			}
			d *= math.Ldexp(1, 2*step)
			switch {
			case step == probeSteps: // everything
				lines[i] = math.Inf(1)
			case i < 2:
				lines[i] = est[i].Float64 + d
			default:
				lines[i] = est[i].Float64 - d
			}
		}
		if !open {
			break
		}
		p := extentProbes(src, lines)
		var got [4]pgtype.Float8
		if err := tx.QueryRow(ctx, p.sql, p.args...).Scan(&got[0], &got[1], &got[2], &got[3]); err != nil {
			return e, err
		}
		for i, side := range sides {
			if !side.Valid && got[i].Valid {
				*side = got[i]
			}
		}
	}
	return e, nil
}

// extentProbes reads each side of src's bounding box whose line is not NaN
// (min x, min y, max x, max y) from the rows beyond that line: west of it
// for min x, south for min y, east for max x, north for max y. A side is
// NULL when no row lies beyond its line; an infinite line takes every row.
func extentProbes(src source, lines [4]float64) plan {
	var args argList
	cols := make([]string, 4)
	const far = "1e30" // beyond any longitude or latitude, within a GiST box's float4
	for i, line := range lines {
		if math.IsNaN(line) {
			cols[i] = "NULL::double precision"
			continue
		}
		conds := levelConds(src, &args)
		if !math.IsInf(line, 0) {
			l := args.add(line) + "::double precision"
			env := [4]string{"-" + far, "-" + far, far, far}
			if i < 2 {
				env[i+2] = l // the rows west of (south of) the line
			} else {
				env[i-2] = l // east of (north of) it
			}
			conds = append(conds, src.geom+" && ST_MakeEnvelope("+strings.Join(env[:], ", ")+", 4326)")
		}
		where := ""
		if len(conds) > 0 {
			where = " WHERE " + strings.Join(conds, " AND ")
		}
		fn := [4]string{"ST_XMin", "ST_YMin", "ST_XMax", "ST_YMax"}[i]
		cols[i] = "(SELECT " + fn + "(ST_Extent(" + src.geom + ")) FROM " + src.table + where + ")"
	}
	return plan{"SELECT " + strings.Join(cols, ",\n       "), args}
}

// datesPlan reads src's temporal extent (extentPlan's dates) through the
// indexes of its date columns: the earliest start, and the latest end
// unless a row has none (then NULL: open), or the latest start for a
// collection without an end; NULLs for one without dates.
func datesPlan(src source) plan {
	if src.start == "" {
		return plan{"SELECT NULL::date, NULL::date", nil}
	}
	var args argList
	conds := levelConds(src, &args)
	where := func(extra ...string) string {
		all := append(append([]string(nil), conds...), extra...)
		if len(all) == 0 {
			return ""
		}
		return " WHERE " + strings.Join(all, " AND ")
	}
	from := " FROM " + src.table
	first := "(SELECT min(" + src.start + ")" + from + where() + ")"
	if src.end == "" {
		return plan{"SELECT " + first + ", (SELECT max(" + src.start + ")" + from + where() + ")", args}
	}
	return plan{"SELECT " + first + ", CASE WHEN EXISTS (SELECT 1" + from + where(src.end+" IS NULL") +
		") THEN NULL ELSE (SELECT max(" + src.end + ")" + from + where() + ") END", args}
}

// extentPlan computes a collection's bounding box (min x, min y, max x,
// max y; NULLs when empty) and its temporal extent: the earliest start and
// the latest end (NULL when a row has none), or the latest start for a
// collection without an end column; NULLs for one without a temporal
// column. It reads every row: Extent's way without statistics.
func extentPlan(src source) plan {
	var args argList
	dates := "NULL::date AS first, NULL::date AS last"
	switch {
	case src.end != "": // open (NULL) when a row has no end
		dates = "min(" + src.start + ") AS first, CASE WHEN bool_and(" + src.end + " IS NOT NULL) THEN max(" + src.end + ") END AS last"
	case src.start != "":
		dates = "min(" + src.start + ") AS first, max(" + src.start + ") AS last"
	}
	sql := "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), first, last\nFROM (SELECT ST_Extent(" +
		src.geom + ") AS e, " + dates + "\nFROM " + src.table + sqlLevel(src, &args) + ") x"
	return plan{sql, args}
}

// utcDate is a date read by pgx as midnight UTC, the form dataset readers
// give geo.Partnership.Start.
func utcDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
