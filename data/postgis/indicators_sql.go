package postgis

import (
	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/geo"
)

// parentColumns names, for each level a value rolls up into, the column of
// territories holding a territory's parent code of that level. It is the
// whitelist the roll-up's GROUP BY column comes from.
var parentColumns = map[geo.Level]string{
	geo.LevelRegion:      "region",
	geo.LevelDepartement: "departement",
	geo.LevelEPCI:        "epci",
}

// rollupExpr gives an aggregation's value and its denominator over the
// rows of indicator_values v joined to their territories t, as geo.Rollup
// computes them: rates are never averaged. $4 is the ratio's scale (only
// a ratio has it). NULL
// numerators and denominators count as zero, as in Go; the population is
// cast to double precision so sum() stays a float, not a numeric.
func rollupExpr(agg geo.Aggregation) (value, denominator string) {
	switch agg {
	case geo.AggregationRatio:
		return "sum(coalesce(v.numerator, 0)) / sum(coalesce(v.denominator, 0)) * $4", "sum(coalesce(v.denominator, 0))"
	case geo.AggregationWeightedMean:
		return "sum(v.value * t.population::float8) / sum(t.population::float8)", "sum(t.population::float8)"
	}
	return "sum(v.value)", "count(*)"
}

// indicatorValuesPlan selects (code, value) rows of ind in year at level,
// which the caller has checked (data.CheckIndicatorLevel): the stored
// values at the finest level, else finest-level values grouped on their
// territory's parent column of level. A parent whose denominator sums to
// zero is left out (HAVING), as geo.Rollup leaves it out; so are values of
// territories with no parent there (a commune in no EPCI).
func indicatorValuesPlan(ind geo.Indicator, level geo.Level, year int) plan {
	args := []any{ind.ID, string(ind.FinestLevel), year}
	if level == ind.FinestLevel {
		return plan{`SELECT v.territory, v.value
  FROM indicator_values v
 WHERE v.indicator = $1 AND v.territory_level = $2 AND v.year = $3`, args}
	}
	col := "t." + pgx.Identifier{parentColumns[level]}.Sanitize()
	value, den := rollupExpr(ind.Aggregation)
	return plan{`SELECT ` + col + `, ` + value + `
  FROM indicator_values v
  JOIN territories t ON t.level = v.territory_level AND t.code = v.territory
 WHERE v.indicator = $1 AND v.territory_level = $2 AND v.year = $3 AND ` + col + ` IS NOT NULL AND v.value <> 'NaN'
 GROUP BY ` + col + `
HAVING ` + den + ` <> 0`, rollupArgs(ind, args)}
}

// indicatorNationalPlan selects ind's national value in year: the roll-up
// of every finest-level value into one group. It gives no row when there
// are no values or their denominator sums to zero.
func indicatorNationalPlan(ind geo.Indicator, year int) plan {
	value, den := rollupExpr(ind.Aggregation)
	return plan{`SELECT ` + value + `
  FROM indicator_values v
  JOIN territories t ON t.level = v.territory_level AND t.code = v.territory
 WHERE v.indicator = $1 AND v.territory_level = $2 AND v.year = $3 AND v.value <> 'NaN'
HAVING ` + den + ` <> 0`, rollupArgs(ind, []any{ind.ID, string(ind.FinestLevel), year})}
}

// rollupArgs adds the ratio's scale, $4, for a ratio: the other rules'
// expressions have no $4, and PostgreSQL refuses an unused argument.
func rollupArgs(ind geo.Indicator, args []any) []any {
	if ind.Aggregation == geo.AggregationRatio {
		return append(args, scaleOf(ind))
	}
	return args
}

// scaleOf is a ratio's multiplier; 0 means 1, as in geo.Rollup.
func scaleOf(ind geo.Indicator) float64 {
	if ind.Scale == 0 {
		return 1
	}
	return ind.Scale
}
