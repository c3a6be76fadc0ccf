package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// ObservatoryCounts counts what the RAMEAU figures are built from, for
// France (level and code both "": the actors in France) or for the actors
// whose commune is, or lies in, the territory of that level and code; an
// unknown one wraps data.ErrNotFound. PostgreSQL counts (from the kept
// summaries or the rows: observatory_sql.go) and a few dozen numbers cross
// the wire, where reading the rows in scope meant shipping every actor and
// partnership of France. The reads share one repeatable-read snapshot
// so the counts are consistent.
func (s *Store) ObservatoryCounts(ctx context.Context, level geo.Level, code string, during *data.Interval) (data.ObservatoryCounts, error) {
	var counts geo.ObservatoryCounts
	var scaleFactor float64
	err := pgx.BeginTxFunc(ctx, s.reader(ctx), pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			counts, scaleFactor, err = observatoryCounts(ctx, tx, level, code, during)
			return err
		})
	if err != nil {
		return data.ObservatoryCounts{}, fmt.Errorf("observatory of %s %q: %w", level, code, translate(ctx, err))
	}
	return data.ObservatoryCounts{Counts: counts, ScaleFactor: scaleFactor}, nil
}

// observatoryCounts checks the scope and reads its counts and the dataset's
// scale factor.
func observatoryCounts(ctx context.Context, tx pgx.Tx, level geo.Level, code string, during *data.Interval) (geo.ObservatoryCounts, float64, error) {
	if level != "" || code != "" {
		// Checked here, not left to the query: scopeCondition reads an
		// unknown level as France, and an unknown territory would merely
		// have no actors.
		if !level.Valid() {
			return geo.ObservatoryCounts{}, 0, data.ErrNotFound
		}
		var exists bool
		if err := tx.QueryRow(ctx, fixedSQL("territory_exists"), string(level), code).Scan(&exists); err != nil {
			return geo.ObservatoryCounts{}, 0, err
		}
		if !exists {
			return geo.ObservatoryCounts{}, 0, data.ErrNotFound
		}
	}
	var scaleFactor float64
	if err := tx.QueryRow(ctx, fixedSQL("scale_factor")).Scan(&scaleFactor); err != nil {
		return geo.ObservatoryCounts{}, 0, err
	}
	var communes []string
	if level == geo.LevelEPCI {
		rows, err := tx.Query(ctx, "SELECT code FROM territories WHERE level = 'commune' AND epci = $1 ORDER BY code", code)
		if err != nil {
			return geo.ObservatoryCounts{}, 0, err
		}
		if communes, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return geo.ObservatoryCounts{}, 0, err
		}
	}
	day, err := readSummaryDay(ctx, tx)
	if err != nil {
		return geo.ObservatoryCounts{}, 0, err
	}
	p := observatoryDuringPlan(level, code, during)
	if countedBySummaries(during, day) {
		p = observatoryPlan(level, code, communes, during)
	}
	counts, err := scanObservatoryCounts(tx.QueryRow(ctx, p.sql, p.custom()...))
	return counts, scaleFactor, err
}
