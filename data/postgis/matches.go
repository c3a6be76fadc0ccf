package postgis

import (
	"cmp"
	"context"
	"fmt"
	"slices"

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
		// Read as pointers and sorted by id as such: appending and sorting
		// the actors themselves (22 587 for the Rhône, 240 bytes each)
		// spent 50–100 ms growing and moving slices; then each actor is
		// copied once, into its side sized to fit.
		actors, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*geo.Actor, error) {
			a, err := scanActor(row)
			return &a, err
		})
		if err != nil {
			return err
		}
		slices.SortFunc(actors, func(a, b *geo.Actor) int { return cmp.Compare(a.ID, b.ID) })
		company := make(map[int64]bool, len(actors)) // candidate → is a company
		companies := 0
		for _, a := range actors {
			company[a.ID] = a.Kind == geo.KindEntreprise
			if a.Kind == geo.KindEntreprise {
				companies++
			}
		}
		out.Companies = make([]geo.Actor, 0, companies)
		out.Associations = make([]geo.Actor, 0, len(actors)-companies)
		for _, a := range actors {
			if a.Kind == geo.KindEntreprise {
				out.Companies = append(out.Companies, *a)
			} else {
				out.Associations = append(out.Associations, *a)
			}
		}
		// The pairs are the partnerships of the smaller side's actors
		// whose other end is on the other side, kept here: one array,
		// probed in the actor_a and actor_b indexes, 20 ms for the Rhône's
		// 5 770 companies (17 138 partnerships read), where asking
		// PostgreSQL for both ends in both arrays (two bitmap ANDs of four
		// index scans) took 57–63 ms for the same 4 738 rows.
		if len(out.Companies) == 0 || len(out.Associations) == 0 {
			return nil
		}
		fewer := out.Companies
		if len(out.Associations) < len(fewer) {
			fewer = out.Associations
		}
		ids := make([]int64, len(fewer))
		for i, a := range fewer {
			ids[i] = a.ID
		}
		// A custom plan estimates each of the thousands of ids of the
		// array, as long as running it. The generic plan is the same scans
		// of the two actor indexes, planned once per connection.
		if _, err := tx.Exec(ctx, "SET LOCAL plan_cache_mode = force_generic_plan"); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT actor_a, actor_b FROM partnerships WHERE actor_a = ANY($1)
			UNION ALL SELECT actor_a, actor_b FROM partnerships WHERE actor_b = ANY($1)`, ids)
		if err != nil {
			return err
		}
		var a, b int64
		_, err = pgx.ForEachRow(rows, []any{&a, &b}, func() error {
			// Both ends candidates, one a company and the other an
			// association.
			if ca, ok := company[a]; ok {
				if cb, ok := company[b]; ok && ca != cb {
					out.Partnered.Add(a, b)
				}
			}
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
// geo.SuggestMatches may keep in some domain: a closed or dissolved one is
// never suggested. MatchCandidates puts them in id order itself: the
// Rhône's 22 587 took PostgreSQL 27 ms to sort, of a 64 ms statement,
// and Go well under a millisecond.
func matchCandidatesPlan(t data.TerritoryRef) plan {
	var args argList
	sql := fixedSQL("actor_select") + "\n WHERE " + scopeCondition(t.Level, t.Code, &args) +
		"\n   AND a.active AND (a.kind = 'entreprise' AND a.employees >= " + args.add(geo.MinMatchEmployees) +
		"\n     OR a.kind = 'association')"
	return plan{sql, args}
}
