package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// PartnershipBreakdown implements data.Store: one pass over the
// partnerships with an end in t (found as sqlTouches finds them), grouped
// by category, by domain, by scale and by stage at once (GROUPING SETS,
// the empty set giving the total).
func (s *Store) PartnershipBreakdown(ctx context.Context, t data.TerritoryRef, during *data.Interval) (data.PartnershipBreakdown, error) {
	if err := data.CheckTerritoryTally(t); err != nil {
		return data.PartnershipBreakdown{}, err
	}
	p := breakdownPlan(t, during)
	rows, err := s.reader(ctx).Query(ctx, p.sql, p.custom()...)
	if err != nil {
		return data.PartnershipBreakdown{}, fmt.Errorf("breakdown of %s %q: %w", t.Level, t.Code, translate(ctx, err))
	}
	out := data.PartnershipBreakdown{ByCategory: map[geo.Category]int64{}, ByDomain: map[geo.Domain]int64{},
		ByScale: map[geo.Scale]int64{}, ByStage: map[geo.Stage]int64{}}
	for rows.Next() {
		var category, domain, scale, stage pgtype.Text
		var byStage bool
		var n int64
		if err := rows.Scan(&category, &domain, &scale, &stage, &byStage, &n); err != nil {
			rows.Close()
			return data.PartnershipBreakdown{}, fmt.Errorf("breakdown of %s %q: %w", t.Level, t.Code, err)
		}
		// Category, domain and scale are NOT NULL: a NULL is a grouped-out
		// column. A stage may be NULL (unknown): its set says so apart.
		switch {
		case byStage:
			if stage.Valid {
				out.ByStage[geo.Stage(stage.String)] = n
			}
		case category.Valid:
			out.ByCategory[geo.Category(category.String)] = n
		case domain.Valid:
			out.ByDomain[geo.Domain(domain.String)] = n
		case scale.Valid:
			out.ByScale[geo.Scale(scale.String)] = n
		default:
			out.Total = n
		}
	}
	if err := rows.Err(); err != nil {
		return data.PartnershipBreakdown{}, fmt.Errorf("breakdown of %s %q: %w", t.Level, t.Code, translate(ctx, err))
	}
	return out, nil
}

// breakdownPlan is PartnershipBreakdown's statement for t, of the
// partnerships active during an interval when one is given.
func breakdownPlan(t data.TerritoryRef, during *data.Interval) plan {
	var args argList
	where := sqlTouches(t, &args) + " AND " + partnershipsActive(during, &args)
	sql := "SELECT p.category, p.domain, p.scale, p.stage, GROUPING(p.stage) = 0, count(*) FROM partnerships p WHERE " +
		where + " GROUP BY GROUPING SETS ((), (p.category), (p.domain), (p.scale), (p.stage))"
	return plan{sql, args}
}
