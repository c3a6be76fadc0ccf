package analysis

import (
	"context"
	"math"
	"strconv"

	"github.com/maillage/maillage/geo"
)

// IndicatorValues returns one indicator's values at a level for a year
// (data.Store's IndicatorValues), kept per indicators' version (a change of
// actors or partnerships leaves them valid): the gap rankings read a dozen
// of them, every portrait three per indicator, and the map one per view.
func (a *Analyst) IndicatorValues(ctx context.Context, id string, level geo.Level, year int) (map[string]float64, error) {
	v, err := a.indicatorsVersion(ctx)
	if err != nil {
		return nil, err
	}
	k := cacheKey{v, "values", id + "/" + string(level) + "/" + strconv.Itoa(year)}
	return get(ctx, a.cache, k, func(ctx context.Context) (map[string]float64, int, error) {
		m, err := a.store.IndicatorValues(ctx, id, level, year)
		return m, 64 + 48*len(m), err
	})
}

// IndicatorNational returns an indicator's national value for a year
// (data.Store's IndicatorNational, NaN for none), kept per indicators'
// version.
func (a *Analyst) IndicatorNational(ctx context.Context, id string, year int) (float64, error) {
	v, err := a.indicatorsVersion(ctx)
	if err != nil {
		return math.NaN(), err
	}
	k := cacheKey{v, "national", id + "/" + strconv.Itoa(year)}
	return get(ctx, a.cache, k, func(ctx context.Context) (float64, int, error) {
		n, err := a.store.IndicatorNational(ctx, id, year)
		return n, 64, err
	})
}
