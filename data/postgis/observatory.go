package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Observatory computes the RAMEAU figures for France (territory "": the
// actors in France) or for the actors whose commune is, or lies in, the
// territory a code names. For now it reads the rows in scope and hands them
// to geo.ComputeObservatory; issue 5 moves the counting into SQL. The three
// reads share one repeatable-read snapshot so the figures are consistent.
func (s *Store) Observatory(ctx context.Context, territory string) (geo.Observatory, error) {
	var in geo.ObservatoryInput
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			in, err = observatoryInput(ctx, tx, territory)
			return err
		})
	if err != nil {
		return geo.Observatory{}, fmt.Errorf("observatory %q: %w", territory, translate(ctx, err))
	}
	return geo.ComputeObservatory(in), nil
}

// observatoryInput reads the rows ComputeObservatory needs.
func observatoryInput(ctx context.Context, tx pgx.Tx, territory string) (geo.ObservatoryInput, error) {
	in := geo.ObservatoryInput{Territory: territory, Kinds: map[int64]geo.ActorKind{}}
	var level geo.Level
	if territory != "" {
		levels, err := queryLevels(ctx, tx, territory)
		if err != nil {
			return in, err
		}
		if len(levels) == 0 {
			return in, data.ErrNotFound
		}
		level = preferredLevel(levels)
	}
	if err := tx.QueryRow(ctx, fixedSQL("scale_factor")).Scan(&in.ScaleFactor); err != nil {
		return in, err
	}
	p := scopedActorsPlan(level, territory)
	rows, err := tx.Query(ctx, p.sql, p.args...)
	if err != nil {
		return in, err
	}
	if in.Actors, err = pgx.CollectRows(rows, scanActor); err != nil {
		return in, err
	}
	p = scopedPartnershipsPlan(level, territory)
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
// whitelist; the code is an argument.
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
