package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// ActorsByKind implements data.Store from actor_commune_kinds (migration
// 00017): the counts of t's communes, a few hundred rows for a
// département where its actors are tens of thousands.
func (s *Store) ActorsByKind(ctx context.Context, t data.TerritoryRef) (map[geo.ActorKind]int64, error) {
	if err := data.CheckTerritoryTally(t); err != nil {
		return nil, err
	}
	p := actorsByKindPlan(t)
	rows, err := s.reader(ctx).Query(ctx, p.sql, p.custom()...)
	if err != nil {
		return nil, fmt.Errorf("actors by kind in %s %q: %w", t.Level, t.Code, translate(ctx, err))
	}
	out := make(map[geo.ActorKind]int64, len(geo.ActorKinds))
	for _, k := range geo.ActorKinds {
		out[k] = 0
	}
	var kind string
	var n int64
	if _, err := pgx.ForEachRow(rows, []any{&kind, &n}, func() error {
		out[geo.ActorKind(kind)] = n
		return nil
	}); err != nil {
		return nil, fmt.Errorf("actors by kind in %s %q: %w", t.Level, t.Code, translate(ctx, err))
	}
	return out, nil
}

// actorsByKindPlan sums t's communes' counts by kind; the caller has
// checked the level.
func actorsByKindPlan(t data.TerritoryRef) plan {
	var args argList
	cond := actorInScope(t.Level, "k", "c", args.add(t.Code))
	return plan{`SELECT k.kind, sum(k.n)::bigint
  FROM actor_commune_kinds k
  JOIN territories c ON c.level = 'commune' AND c.code = k.commune
 WHERE ` + cond + `
 GROUP BY k.kind`, args}
}
