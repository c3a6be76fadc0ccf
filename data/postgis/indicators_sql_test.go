package postgis

import (
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/geo"
)

func TestIndicatorValuesPlan(t *testing.T) {
	t.Parallel()
	ratio := geo.Indicator{ID: "chomage", FinestLevel: geo.LevelCommune, Aggregation: geo.AggregationRatio, Scale: 100}
	mean := geo.Indicator{ID: "apl", FinestLevel: geo.LevelCommune, Aggregation: geo.AggregationWeightedMean}
	sum := geo.Indicator{ID: "equip", FinestLevel: geo.LevelDepartement, Aggregation: geo.AggregationSum}
	cases := []struct {
		name     string
		p        plan
		contains []string
		absent   []string
		args     []any
	}{
		{"finest level as stored", indicatorValuesPlan(ratio, geo.LevelCommune, 2021),
			[]string{"SELECT v.territory, v.value", "v.territory_level = $2"}, []string{"GROUP BY", "JOIN"},
			[]any{"chomage", "commune", 2021}},
		{"ratio of sums by EPCI", indicatorValuesPlan(ratio, geo.LevelEPCI, 2021),
			[]string{`SELECT t."epci", sum(coalesce(v.numerator, 0)) / sum(coalesce(v.denominator, 0)) * $4`,
				`GROUP BY t."epci"`, `t."epci" IS NOT NULL`, "HAVING sum(coalesce(v.denominator, 0)) <> 0"}, []string{"avg("},
			[]any{"chomage", "commune", 2021, 100.0}},
		{"weighted mean by région", indicatorValuesPlan(mean, geo.LevelRegion, 2020),
			[]string{"sum(v.value * t.population::float8) / sum(t.population::float8)", `GROUP BY t."region"`}, []string{"$4"},
			[]any{"apl", "commune", 2020}},
		{"sum by région from départements", indicatorValuesPlan(sum, geo.LevelRegion, 2020),
			[]string{"sum(v.value)", "HAVING count(*) <> 0"}, []string{"$4"},
			[]any{"equip", "departement", 2020}},
		{"national ratio", indicatorNationalPlan(ratio, 2021),
			[]string{"* $4", "HAVING sum(coalesce(v.denominator, 0)) <> 0"}, []string{"GROUP BY"},
			[]any{"chomage", "commune", 2021, 100.0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, want := range tc.contains {
				if !strings.Contains(tc.p.sql, want) {
					t.Errorf("SQL lacks %q:\n%s", want, tc.p.sql)
				}
			}
			for _, bad := range tc.absent {
				if strings.Contains(tc.p.sql, bad) {
					t.Errorf("SQL has %q:\n%s", bad, tc.p.sql)
				}
			}
			if !slices.Equal(tc.p.args, tc.args) {
				t.Errorf("got args %v, want %v", tc.p.args, tc.args)
			}
		})
	}
}
