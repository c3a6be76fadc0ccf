package memory

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Indicators implements data.Store: the catalogue, in id order (New sorted
// it). The domain lists are shared and must not be modified.
func (s *Store) Indicators(ctx context.Context) ([]geo.Indicator, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return slices.Clone(s.ds.Indicators), nil
}

// IndicatorValues implements data.Store: the finest-level values as
// stored, or geo.Rollup of them into their parents of level. The store is
// read-only, so each answer is computed once and kept (valueKey); callers
// get their own copy, which the analyses (gaps, portraits) ask for a dozen
// times per request.
func (s *Store) IndicatorValues(ctx context.Context, id string, level geo.Level, year int) (map[string]float64, error) {
	ind, err := s.indicator(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := data.CheckIndicatorLevel(ind, level); err != nil {
		return nil, fmt.Errorf("indicator %s: %w", id, err)
	}
	year = data.IndicatorYear(ind, year)
	key := valueKey{id, level, year}
	if cached, ok := s.values.Load(key); ok {
		return maps.Clone(cached.(map[string]float64)), nil
	}
	out := s.indicatorValues(ind, level, year)
	s.values.Store(key, out)
	return maps.Clone(out), nil
}

// valueKey names one IndicatorValues answer.
type valueKey struct {
	id    string
	level geo.Level
	year  int
}

// indicatorValues computes IndicatorValues's answer.
func (s *Store) indicatorValues(ind geo.Indicator, level geo.Level, year int) map[string]float64 {
	if level == ind.FinestLevel {
		out := map[string]float64{}
		s.eachFinestValue(ind, year, func(v geo.IndicatorValue, _ geo.Territory) {
			out[v.TerritoryCode] = v.Value
		})
		return out
	}
	return geo.Rollup(ind, s.rollupInputs(ind, year, func(t geo.Territory) string { return parentCode(t, level) }))
}

// IndicatorNational implements data.Store: geo.Rollup of every
// finest-level value into one parent.
func (s *Store) IndicatorNational(ctx context.Context, id string, year int) (float64, error) {
	ind, err := s.indicator(ctx, id)
	if err != nil {
		return 0, err
	}
	const france = "FR"
	out := geo.Rollup(ind, s.rollupInputs(ind, data.IndicatorYear(ind, year), func(geo.Territory) string { return france }))
	if v, ok := out[france]; ok {
		return v, nil
	}
	return math.NaN(), nil
}

// indicator finds a catalogue entry; an unknown id wraps data.ErrNotFound.
func (s *Store) indicator(ctx context.Context, id string) (geo.Indicator, error) {
	if err := ctx.Err(); err != nil {
		return geo.Indicator{}, err
	}
	i, ok := slices.BinarySearchFunc(s.ds.Indicators, id, func(ind geo.Indicator, id string) int { return cmp.Compare(ind.ID, id) })
	if !ok {
		return geo.Indicator{}, fmt.Errorf("indicator %q: %w", id, data.ErrNotFound)
	}
	return s.ds.Indicators[i], nil
}

// rollupInputs gives the finest-level values of ind in year, each with
// the parent code parent picks from its territory and that territory's
// population.
func (s *Store) rollupInputs(ind geo.Indicator, year int, parent func(geo.Territory) string) []geo.RollupInput {
	var in []geo.RollupInput
	s.eachFinestValue(ind, year, func(v geo.IndicatorValue, t geo.Territory) {
		in = append(in, geo.RollupInput{Parent: parent(t), Value: v.Value, Numerator: v.Numerator,
			Denominator: v.Denominator, Population: float64(t.Population)})
	})
	return in
}

// eachFinestValue calls fn with each value of ind in year whose code is a
// territory of ind's finest level (the level values resolve to first, as
// PostGIS stores them), with that territory, in code order (valueTable).
func (s *Store) eachFinestValue(ind geo.Indicator, year int, fn func(geo.IndicatorValue, geo.Territory)) {
	r := s.valueTable.run(ind.ID, year)
	if r == nil {
		return
	}
	for k, i := range r.territories {
		t := s.ds.Territories[i]
		v := geo.IndicatorValue{IndicatorID: ind.ID, TerritoryCode: t.Code, Year: year, Value: r.values[k]}
		if r.numerators != nil {
			v.Numerator, v.Denominator = r.numerators[k], r.denominators[k]
		}
		fn(v, t)
	}
}

// parentCode is t's code at level: its own at its own level, its parent's
// at a wider one, "" when it has none there.
func parentCode(t geo.Territory, level geo.Level) string {
	switch {
	case t.Level == level:
		return t.Code
	case level == geo.LevelRegion:
		return t.RegionCode
	case level == geo.LevelDepartement:
		return t.DepartementCode
	case level == geo.LevelEPCI:
		return t.EPCICode
	}
	return ""
}
