package postgis

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Coverage implements data.Store from territory_partnership_counts
// (migration 00010): one indexed read of a few rows per territory, where
// counting the partnerships touching 34 875 communes means reading every
// partnership.
func (s *Store) Coverage(ctx context.Context, level geo.Level, within *data.TerritoryRef) ([]data.TerritoryCoverage, error) {
	if err := data.CheckCoverage(level, within); err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	if within != nil {
		var exists bool
		if err := s.pool.QueryRow(ctx, fixedSQL("territory_exists"), string(within.Level), within.Code).Scan(&exists); err != nil {
			return nil, fmt.Errorf("coverage: %w", translate(ctx, err))
		}
		if !exists {
			return nil, fmt.Errorf("coverage within %s %q: %w", within.Level, within.Code, data.ErrNotFound)
		}
	}
	p := coveragePlan(level, within)
	rows, err := s.pool.Query(ctx, p.sql, p.args...)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", translate(ctx, err))
	}
	defer rows.Close()
	var out []data.TerritoryCoverage
	for rows.Next() {
		var code, name string
		var pop int64
		var domain *string
		var n *int64
		if err := rows.Scan(&code, &name, &pop, &domain, &n); err != nil {
			return nil, fmt.Errorf("coverage: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Code != code {
			out = append(out, data.TerritoryCoverage{Code: code, Name: name, Population: pop, ByDomain: map[geo.Domain]int{}})
		}
		if domain == nil || n == nil {
			continue // no partnership touches it
		}
		c := &out[len(out)-1]
		if *domain == "" {
			c.Partnerships = int(*n)
		} else {
			c.ByDomain[geo.Domain(*domain)] = int(*n)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("coverage: %w", translate(ctx, err))
	}
	if out == nil {
		out = []data.TerritoryCoverage{}
	}
	return out, nil
}

// coveragePlan lists the territories of level (inside within) with their
// counts, one row per territory and domain (” for the total), the
// territories' rows together, by code. The caller has checked the levels.
func coveragePlan(level geo.Level, within *data.TerritoryRef) plan {
	var args argList
	sql := "SELECT t.code, t.name, t.population, c.domain, c.n FROM territories t" +
		"\nLEFT JOIN territory_partnership_counts c ON c.level = t.level AND c.code = t.code" +
		"\nWHERE t.level = " + args.add(string(level))
	if within != nil {
		sql += " AND t." + parentColumns[within.Level] + " = " + args.add(within.Code)
	}
	return plan{sql + "\nORDER BY t.code", args}
}
