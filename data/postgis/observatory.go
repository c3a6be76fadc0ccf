package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Observatory computes the RAMEAU figures for France (level and code both
// "": the actors in France) or for the actors whose commune is, or lies in,
// the territory of that level and code; an unknown one wraps data.ErrNotFound.
// For now it reads the rows in scope and hands them to geo.ComputeObservatory;
// issue 5 moves the counting into SQL. The reads share one repeatable-read
// snapshot so the figures are consistent.
func (s *Store) Observatory(ctx context.Context, level geo.Level, code string) (geo.Observatory, error) {
	var in geo.ObservatoryInput
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			in, err = observatoryInput(ctx, tx, level, code)
			return err
		})
	if err != nil {
		return geo.Observatory{}, fmt.Errorf("observatory of %s %q: %w", level, code, translate(ctx, err))
	}
	return geo.ComputeObservatory(in), nil
}

// observatoryInput reads the rows ComputeObservatory needs.
func observatoryInput(ctx context.Context, tx pgx.Tx, level geo.Level, code string) (geo.ObservatoryInput, error) {
	in := geo.ObservatoryInput{Level: level, Territory: code, Kinds: map[int64]geo.ActorKind{}}
	if level != "" || code != "" {
		// Checked here, not left to the query: scopeCondition reads an
		// unknown level as France, and an unknown territory would merely
		// have no actors.
		if !level.Valid() {
			return in, data.ErrNotFound
		}
		var exists bool
		if err := tx.QueryRow(ctx, fixedSQL("territory_exists"), string(level), code).Scan(&exists); err != nil {
			return in, err
		}
		if !exists {
			return in, data.ErrNotFound
		}
	}
	if err := tx.QueryRow(ctx, fixedSQL("scale_factor")).Scan(&in.ScaleFactor); err != nil {
		return in, err
	}
	p := scopedActorsPlan(level, code)
	rows, err := tx.Query(ctx, p.sql, p.args...)
	if err != nil {
		return in, err
	}
	if in.Actors, err = pgx.CollectRows(rows, scanActor); err != nil {
		return in, err
	}
	p = scopedPartnershipsPlan(level, code)
	rows, err = tx.Query(ctx, p.sql, p.args...)
	if err != nil {
		return in, err
	}
	if in.Partnerships, err = pgx.CollectRows(rows, scanPartnership); err != nil {
		return in, err
	}
	ids := make([]int64, len(in.Partnerships))
	for i, p := range in.Partnerships {
		ids[i] = p.ID
	}
	rows, err = tx.Query(ctx, fixedSQL("actor_kinds"), ids)
	if err != nil {
		return in, err
	}
	var id int64
	var kind string
	_, err = pgx.ForEachRow(rows, []any{&id, &kind}, func() error {
		in.Kinds[id] = geo.ActorKind(kind)
		return nil
	})
	return in, err
}

// scopeCondition is the WHERE condition selecting the actors (alias a, their
// commune c) in scope: those in France for the empty level, else those whose
// commune is the territory or has it as parent code. The column comes from a
// whitelist; the code is an argument. The caller has checked the level: any
// other reads as France.
func scopeCondition(level geo.Level, code string, args *argList) string {
	column := map[geo.Level]string{
		geo.LevelRegion:      "c.region",
		geo.LevelDepartement: "c.departement",
		geo.LevelEPCI:        "c.epci",
		geo.LevelCommune:     "a.commune",
	}[level]
	if column == "" {
		return "a.country = 'FR'"
	}
	return column + " = " + args.add(code)
}

// scopedActorsPlan selects the actors in scope.
func scopedActorsPlan(level geo.Level, code string) plan {
	var args argList
	sql := fixedSQL("actor_select") + "\n WHERE " + scopeCondition(level, code, &args)
	return plan{sql, args}
}

// scopedPartnershipsPlan selects the partnerships with an end in scope.
func scopedPartnershipsPlan(level geo.Level, code string) plan {
	var args argList
	sql := "WITH scope AS (SELECT a.id FROM actors a\n" +
		" LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune\n" +
		" WHERE " + scopeCondition(level, code, &args) + ")\n" +
		fixedSQL("partnership_select") +
		"\n WHERE p.actor_a IN (SELECT id FROM scope) OR p.actor_b IN (SELECT id FROM scope)"
	return plan{sql, args}
}
