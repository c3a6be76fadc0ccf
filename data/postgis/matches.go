package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// MatchCandidates implements data.Store: the eligible actors in t by one
// scan of the territory's actors (the kind and headcount test in SQL),
// then the partnerships linking a company to an association among them,
// by the actor_a and actor_b indexes. Both reads share one snapshot.
func (s *Store) MatchCandidates(ctx context.Context, t data.TerritoryRef) (data.MatchCandidates, error) {
	if err := data.CheckMatchCandidates(t); err != nil {
		return data.MatchCandidates{}, fmt.Errorf("match candidates: %w", err)
	}
	out := data.MatchCandidates{Companies: []geo.Actor{}, Associations: []geo.Actor{}, Partnered: geo.PairSet{}}
	err := pgx.BeginTxFunc(ctx, s.reader(ctx), pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, fixedSQL("territory_exists"), string(t.Level), t.Code).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fmt.Errorf("%s %q: %w", t.Level, t.Code, data.ErrNotFound)
		}
		p := matchCandidatesPlan(t)
		rows, err := tx.Query(ctx, p.sql, p.custom()...)
		if err != nil {
			return err
		}
		actors, err := pgx.CollectRows(rows, scanActor)
		if err != nil {
			return err
		}
		var companies, associations []int64
		for _, a := range actors {
			if a.Kind == geo.KindEntreprise {
				out.Companies = append(out.Companies, a)
				companies = append(companies, a.ID)
			} else {
				out.Associations = append(out.Associations, a)
				associations = append(associations, a.ID)
			}
		}
		if len(companies) == 0 || len(associations) == 0 {
			return nil
		}
		// A custom plan estimates each of the thousands of ids of the two
		// arrays: 20–60 ms for the Rhône's (5 770 and 16 817), as long as
		// running it. The generic plan is the same bitmap scans of the
		// two actor indexes, planned once per connection.
		if _, err := tx.Exec(ctx, "SET LOCAL plan_cache_mode = force_generic_plan"); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT actor_a, actor_b FROM partnerships WHERE actor_a = ANY($1) AND actor_b = ANY($2)
			UNION ALL SELECT actor_a, actor_b FROM partnerships WHERE actor_a = ANY($2) AND actor_b = ANY($1)`, companies, associations)
		if err != nil {
			return err
		}
		var a, b int64
		_, err = pgx.ForEachRow(rows, []any{&a, &b}, func() error {
			out.Partnered.Add(a, b)
			return nil
		})
		return err
	})
	if err != nil {
		return data.MatchCandidates{}, fmt.Errorf("match candidates in %s %q: %w", t.Level, t.Code, translate(ctx, err))
	}
	return out, nil
}

// matchCandidatesPlan selects the active actors in t that
// geo.SuggestMatches may keep in some domain, in id order: a closed or
// dissolved one is never suggested.
func matchCandidatesPlan(t data.TerritoryRef) plan {
	var args argList
	sql := fixedSQL("actor_select") + "\n WHERE " + scopeCondition(t.Level, t.Code, &args) +
		"\n   AND a.active AND (a.kind = 'entreprise' AND a.employees >= " + args.add(geo.MinMatchEmployees) +
		"\n     OR a.kind = 'association')\n ORDER BY a.id"
	return plan{sql, args}
}
