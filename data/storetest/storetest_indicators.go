package storetest

import (
	"context"
	"errors"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// relTolerance is how far a rolled-up value may be from the hand-computed
// one, relative: the stores sum in different orders.
const relTolerance = 1e-9

// closeTo reports whether got is within relTolerance of want.
func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= relTolerance*math.Max(1, math.Abs(want))
}

// Populations of the fixture's communes, the weights of apl_medecins.
const (
	popBonifacio    = 3258
	popLyon         = 522228
	popTarare       = 10870
	popVilleurbanne = 156928
)

// testIndicators checks the catalogue: every fixture indicator, by id, as
// loaded.
func testIndicators(t *testing.T, s data.Store, _ *oracle) {
	got, err := s.Indicators(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Fixture().Indicators
	if len(got) != len(want) {
		t.Fatalf("got %d indicators, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Label != w.Label || g.Theme != w.Theme || g.Unit != w.Unit || g.Source != w.Source ||
			g.Year != w.Year || g.FinestLevel != w.FinestLevel || g.HigherIsWorse != w.HigherIsWorse ||
			g.Aggregation != w.Aggregation || g.Scale != w.Scale || g.Synthetic != w.Synthetic || !slices.Equal(g.Domains, w.Domains) {
			t.Errorf("indicator %d: got %+v, want %+v", i, g, w)
		}
	}
}

// testIndicatorValues checks stored values and roll-ups against values
// computed by hand from the fixture: ratios of sums (never means of rates),
// population-weighted means, sums; communes in no EPCI (Grenoble, Tarare,
// Bonifacio) left out of EPCI roll-ups; "84" the Vaucluse département
// rolling up into région 93; and the national values.
func testIndicatorValues(t *testing.T, s data.Store, _ *oracle) {
	wLyon := (4.0*popLyon + 3.0*popVilleurbanne) / (popLyon + popVilleurbanne)
	wRhone := (4.0*popLyon + 3.0*popVilleurbanne + 2.0*popTarare) / (popLyon + popVilleurbanne + popTarare)
	cases := []struct {
		name  string
		id    string
		level geo.Level
		year  int
		want  map[string]float64
	}{
		{"ratio, communes as stored", "chomage", geo.LevelCommune, 0,
			map[string]float64{"01249": 5, "38185": 8, "69123": 9.5, "69199": 2.5, "69266": 12, "84007": 15}},
		{"ratio, another year", "chomage", geo.LevelCommune, 2022, map[string]float64{"69123": 9}},
		// Lyon (19/200) and Villeurbanne (12/100): 31/300, not (9.5+12)/2.
		{"ratio by EPCI", "chomage", geo.LevelEPCI, 2023,
			map[string]float64{epciLyon: 100 * 31.0 / 300, epciDombes: 100 * 4.0 / 100, epciAvignon: 15}},
		{"ratio by EPCI, another year", "chomage", geo.LevelEPCI, 2022, map[string]float64{epciLyon: 9}},
		{"ratio by département", "chomage", geo.LevelDepartement, 0,
			map[string]float64{"01": 5, "38": 8, "69": 100 * 32.0 / 340, "84": 15}},
		{"ratio by région", "chomage", geo.LevelRegion, 0,
			map[string]float64{"84": 100 * 55.0 / 650, "93": 15}},
		{"ratio, a year without values", "chomage", geo.LevelRegion, 1999, map[string]float64{}},
		{"weighted mean by EPCI", "apl_medecins", geo.LevelEPCI, 0, map[string]float64{epciLyon: wLyon}},
		{"weighted mean by département", "apl_medecins", geo.LevelDepartement, 0, map[string]float64{"2A": 1, "69": wRhone}},
		{"weighted mean by région", "apl_medecins", geo.LevelRegion, 2022, map[string]float64{"84": wRhone, "94": 1}},
		{"sum by EPCI", "equipements", geo.LevelEPCI, 0, map[string]float64{epciLyon: 150, epciDombes: 2, epciAvignon: 15}},
		{"sum by région", "equipements", geo.LevelRegion, 0, map[string]float64{"84": 152, "93": 15}},
		{"département values as stored", "revenu_median", geo.LevelDepartement, 0, map[string]float64{"69": 23500, "84": 20100}},
		// Département 84 is the Vaucluse, in région 93.
		{"département values by région", "revenu_median", geo.LevelRegion, 0, map[string]float64{"84": 23500, "93": 20100}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.IndicatorValues(context.Background(), tc.id, tc.level, tc.year)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(tc.want))) {
				t.Fatalf("got codes %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(tc.want)))
			}
			for code, w := range tc.want {
				if !closeTo(got[code], w) {
					t.Errorf("%s: got %v, want %v", code, got[code], w)
				}
			}
		})
	}

	national := []struct {
		id   string
		year int
		want float64
	}{
		{"chomage", 0, 100 * 85.0 / 850},
		{"chomage", 2022, 9},
		{"apl_medecins", 0, (4.0*popLyon + 3.0*popVilleurbanne + 2.0*popTarare + 1.0*popBonifacio) /
			(popLyon + popVilleurbanne + popTarare + popBonifacio)},
		{"equipements", 2022, 167},
		{"revenu_median", 0, (23500.0*1883437 + 20100.0*561469) / (1883437 + 561469)},
		{"chomage", 1999, math.NaN()},
	}
	for _, tc := range national {
		got, err := s.IndicatorNational(context.Background(), tc.id, tc.year)
		if err != nil {
			t.Fatalf("national %s %d: %v", tc.id, tc.year, err)
		}
		if math.IsNaN(tc.want) != math.IsNaN(got) || !math.IsNaN(got) && !closeTo(got, tc.want) {
			t.Errorf("national %s %d: got %v, want %v", tc.id, tc.year, got, tc.want)
		}
	}
}

// testIndicatorErrors checks an unknown indicator (ErrNotFound) and the
// levels a store must refuse as a *FilterError naming "level": an unknown
// one, and levels finer than the indicator's finest (a département-level
// indicator has no EPCI or commune values: département rows carry no EPCI
// code to split them by).
func testIndicatorErrors(t *testing.T, s data.Store, _ *oracle) {
	ctx := context.Background()
	if _, err := s.IndicatorValues(ctx, "inconnu", geo.LevelRegion, 0); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("values of an unknown indicator: got %v, want ErrNotFound", err)
	}
	if _, err := s.IndicatorNational(ctx, "inconnu", 0); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("national value of an unknown indicator: got %v, want ErrNotFound", err)
	}
	bad := []struct {
		id    string
		level geo.Level
	}{
		{"chomage", "canton"},
		{"chomage", ""},
		{"revenu_median", geo.LevelEPCI},
		{"revenu_median", geo.LevelCommune},
	}
	for _, tc := range bad {
		_, err := s.IndicatorValues(ctx, tc.id, tc.level, 0)
		var fe *data.FilterError
		if !errors.As(err, &fe) || fe.Property != "level" {
			t.Errorf("%s at level %q: got %v, want a *FilterError naming level", tc.id, tc.level, err)
		}
	}
}
