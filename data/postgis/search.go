package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// SearchTerritories implements data.Store with one statement (searchPlan):
// a scan of the territories' folded names, ranked and cut in SQL. The
// query text is folded in Go (geo.NewTerritoryQuery), the names by the
// database (territory_search_key), to the same keys.
func (s *Store) SearchTerritories(ctx context.Context, text string, level geo.Level, limit int) ([]data.TerritoryMatch, error) {
	if err := data.CheckTerritorySearch(level, limit); err != nil {
		return nil, fmt.Errorf("territory search: %w", err)
	}
	q := geo.NewTerritoryQuery(text)
	if q.Empty() {
		return []data.TerritoryMatch{}, nil
	}
	p := searchPlan(q, level, limit)
	rows, err := s.reader(ctx).Query(ctx, p.sql, p.custom()...)
	if err != nil {
		return nil, fmt.Errorf("territory search %q: %w", text, translate(ctx, err))
	}
	out, err := pgx.CollectRows(rows, scanSearchRow)
	if err != nil {
		return nil, fmt.Errorf("territory search %q: %w", text, translate(ctx, err))
	}
	if out == nil {
		out = []data.TerritoryMatch{}
	}
	return out, nil
}

// scanSearchRow reads one row of searchPlan.
func scanSearchRow(row pgx.CollectableRow) (data.TerritoryMatch, error) {
	var (
		m     data.TerritoryMatch
		level string
		rank  int32
		b     orb.Bound
	)
	err := row.Scan(&level, &m.Code, &m.Name, &m.RegionCode, &m.DepartementCode, &m.Population,
		&b.Min[0], &b.Min[1], &b.Max[0], &b.Max[1], &rank)
	m.Level, m.BBox, m.Rank = geo.Level(level), b, geo.SearchRank(rank)
	return m, err
}
