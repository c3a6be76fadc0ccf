package postgis

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Indicators implements data.Store: the catalogue, by id. It reads the
// import resolver's query (resolver_indicators.sql), one copy of the SELECT.
func (s *Store) Indicators(ctx context.Context) ([]geo.Indicator, error) {
	rows, err := s.reader(ctx).Query(ctx, fixedSQL("resolver_indicators")+"\n ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("indicators: %w", translate(ctx, err))
	}
	list, err := pgx.CollectRows(rows, scanIndicator)
	if err != nil {
		return nil, fmt.Errorf("indicators: %w", translate(ctx, err))
	}
	if list == nil {
		list = []geo.Indicator{}
	}
	return list, nil
}

// IndicatorValues implements data.Store; the roll-up runs in SQL
// (indicatorValuesPlan).
func (s *Store) IndicatorValues(ctx context.Context, id string, level geo.Level, year int) (map[string]float64, error) {
	ind, err := s.indicator(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := data.CheckIndicatorLevel(ind, level); err != nil {
		return nil, fmt.Errorf("indicator %s: %w", id, err)
	}
	p := indicatorValuesPlan(ind, level, data.IndicatorYear(ind, year))
	rows, err := s.reader(ctx).Query(ctx, p.sql, p.custom()...)
	if err != nil {
		return nil, fmt.Errorf("indicator %s values: %w", id, translate(ctx, err))
	}
	hint, _ := s.valueCounts.Load(level)
	n, _ := hint.(int)
	out := make(map[string]float64, n)
	var code string
	var v float64
	if _, err := pgx.ForEachRow(rows, []any{&code, &v}, func() error {
		out[code] = v
		return nil
	}); err != nil {
		return nil, fmt.Errorf("indicator %s values: %w", id, translate(ctx, err))
	}
	s.valueCounts.Store(level, len(out))
	return out, nil
}

// IndicatorNational implements data.Store; NaN when the year has no value.
func (s *Store) IndicatorNational(ctx context.Context, id string, year int) (float64, error) {
	ind, err := s.indicator(ctx, id)
	if err != nil {
		return 0, err
	}
	p := indicatorNationalPlan(ind, data.IndicatorYear(ind, year))
	var v float64
	err = s.reader(ctx).QueryRow(ctx, p.sql, p.custom()...).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return math.NaN(), nil
	}
	if err != nil {
		return 0, fmt.Errorf("indicator %s national value: %w", id, translate(ctx, err))
	}
	return v, nil
}

// indicator reads one catalogue entry; an unknown id wraps data.ErrNotFound.
func (s *Store) indicator(ctx context.Context, id string) (geo.Indicator, error) {
	rows, err := s.reader(ctx).Query(ctx, fixedSQL("resolver_indicators")+"\n WHERE id = $1", id)
	if err != nil {
		return geo.Indicator{}, fmt.Errorf("indicator %q: %w", id, translate(ctx, err))
	}
	ind, err := pgx.CollectExactlyOneRow(rows, scanIndicator)
	if errors.Is(err, pgx.ErrNoRows) {
		return geo.Indicator{}, fmt.Errorf("indicator %q: %w", id, data.ErrNotFound)
	}
	if err != nil {
		return geo.Indicator{}, fmt.Errorf("indicator %q: %w", id, translate(ctx, err))
	}
	return ind, nil
}
