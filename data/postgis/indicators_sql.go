package postgis

import "github.com/maillage/maillage/geo"

// parentColumns names, for each level a value rolls up into, the column of
// territories holding a territory's parent code of that level. It is the
// whitelist the coverage's territory condition takes its column from.
var parentColumns = map[geo.Level]string{
	geo.LevelRegion:      "region",
	geo.LevelDepartement: "departement",
	geo.LevelEPCI:        "epci",
}

// indicatorValuesPlan selects (code, value) rows of ind in year at level,
// which the caller has checked (data.CheckIndicatorLevel): the stored
// values at the finest level, else the roll-ups the database keeps
// (indicator_rollups, migration 00016) by geo.Rollup's rules. A parent
// whose denominator sums to zero has no roll-up, as geo.Rollup leaves it
// out; nor has a level's missing parent (a commune in no EPCI).
func indicatorValuesPlan(ind geo.Indicator, level geo.Level, year int) plan {
	if level == ind.FinestLevel {
		return plan{`SELECT v.territory, v.value
  FROM indicator_values v
 WHERE v.indicator = $1 AND v.territory_level = $2 AND v.year = $3`, []any{ind.ID, string(level), year}}
	}
	return plan{`SELECT r.code, r.value
  FROM indicator_rollups r
 WHERE r.indicator = $1 AND r.level = $2 AND r.year = $3`, []any{ind.ID, string(level), year}}
}

// indicatorNationalPlan selects ind's national value in year, the roll-up
// of every finest-level value into one group. It gives no row when there
// are no values or their denominator sums to zero.
func indicatorNationalPlan(ind geo.Indicator, year int) plan {
	return plan{`SELECT r.value
  FROM indicator_rollups r
 WHERE r.indicator = $1 AND r.level = 'france' AND r.code = '' AND r.year = $2`, []any{ind.ID, year}}
}
