package analysis_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// TestPlantedGap ranks the planted-gap territory (storetest.PlantedGapFiles,
// read back through the importer's readers) on both stores.
func TestPlantedGap(t *testing.T) {
	t.Parallel()
	onBothStores(t, storetest.PlantedGapDataset, func(t *testing.T, c storeCase) {
		checkPlantedGap(t, c.an)
	})
}

// TestPlantedGapThroughImport imports the planted-gap files one by one into
// PostGIS, as `maillage import` does, and ranks them.
func TestPlantedGapThroughImport(t *testing.T) {
	t.Parallel()
	s := newPostGIS(t)
	storetest.ImportPlantedGap(t, s)
	checkPlantedGap(t, analysis.New(s, analysis.Config{}))
}

// checkPlantedGap checks that the planted commune ranks first in
// insertion_emploi with the largest possible gap (most fragile, least
// covered: class "3-1"), and does not in solidarite, where it is not the
// most fragile.
func checkPlantedGap(t *testing.T, an *analysis.Analyst) {
	t.Helper()
	ctx := context.Background()
	r, err := an.RankGaps(ctx, geo.LevelCommune, geo.DomainInsertionEmploi, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 10 || len(r.Unrated) != 0 {
		t.Fatalf("%d rows and %d unrated, want 10 and 0", len(r.Rows), len(r.Unrated))
	}
	top := r.Rows[0]
	if top.Code != storetest.PlantedCommune || top.Rank != 1 || top.Gap != 1 || top.Class != "3-1" || top.Partnerships != 0 {
		t.Errorf("insertion_emploi: first is %s (rank %d, gap %v, class %s, %d partnerships), want %s with gap 1, class 3-1, none",
			top.Code, top.Rank, top.Gap, top.Class, top.Partnerships, storetest.PlantedCommune)
	}
	if r.Rows[1].Gap >= top.Gap {
		t.Errorf("insertion_emploi: second gap %v is not below the planted one", r.Rows[1].Gap)
	}
	r, err = an.RankGaps(ctx, geo.LevelCommune, geo.DomainSolidarite, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Rows[0].Code == storetest.PlantedCommune {
		t.Errorf("solidarite: the planted commune ranks first, though it is not the poorest")
	}
	within, err := an.RankGaps(ctx, geo.LevelCommune, geo.DomainInsertionEmploi, &data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(within.Rows) != 10 || within.Rows[0].Code != storetest.PlantedCommune {
		t.Errorf("within département 69: %d rows, first %v", len(within.Rows), within.Rows)
	}
}

// fixture is storetest.Fixture as onBothStores takes it.
func fixture() (*dataset.Dataset, error) { return storetest.Fixture(), nil }

// gapRowWant is one ranked territory of TestGapRankingByHand, by hand.
type gapRowWant struct {
	rank                int
	code                string
	partnerships        int
	fragility, coverage float64 // coverage: partnerships per 10 000 inhabitants
	coverageRank, gap   float64
	class               string
	indicator           string
	value, percentile   float64
}

// TestGapRankingByHand ranks the contract fixture's départements on both
// stores and holds every component to numbers worked out by hand from
// storetest.Fixture, not to geo.RankGaps (which the analysis layer runs).
//
// Percentile ranks are (values below + (ties − 1) / 2) / (n − 1). The
// seven départements all have a population, so each has a coverage; a
// domain's coverage is 0 in six of them, which tie at (0 + 5/2) / 6 = 5/12,
// and the Rhône alone has a partnership (rank 1). Terciles cut at 1/3 and
// 2/3, a rank on a cut going up.
//
// insertion_emploi: chômage (higher is worse), rolled up as a ratio of the
// 2023 communes' numerators and denominators: Ain 3/60 = 5 %, Isère 20/250
// = 8 %, Rhône (19 + 1 + 12)/(200 + 40 + 100) = 32/340 ≈ 9.41 %, Vaucluse
// 30/200 = 15 %: ranks 0, 1/3, 2/3, 1. The Rhône's two insertion
// partnerships are 101 (Lyon – Villeurbanne) and 105 (Tarare – Lyon).
// Corse-du-Sud, Paris and La Réunion have no chômage: unrated.
//
// solidarite: revenu médian (higher is better), given per département:
// Vaucluse 20 100, Rhône 23 500: ranks 0 and 1, oriented 1 and 0. The
// Rhône's one solidarity partnership is 110 (Villeurbanne – Genay).
func TestGapRankingByHand(t *testing.T) {
	t.Parallel()
	const rhone = 1883437.0 // the Rhône's population
	chomage := func(rank int, code string, n int, frag, cov, covRank float64, class string, value float64) gapRowWant {
		return gapRowWant{rank, code, n, frag, cov, covRank, frag - covRank, class, "chomage", value, frag}
	}
	revenu := func(rank int, code string, n int, frag, cov, covRank float64, class string, value float64) gapRowWant {
		return gapRowWant{rank, code, n, frag, cov, covRank, frag - covRank, class, "revenu_median", value, 1 - frag}
	}
	cases := []struct {
		domain  geo.Domain
		within  *data.TerritoryRef
		rows    []gapRowWant
		unrated []string
	}{
		{geo.DomainInsertionEmploi, nil, []gapRowWant{
			chomage(1, "84", 0, 1, 0, 5.0/12, "3-2", 15),                // gap 7/12
			chomage(2, "38", 0, 1.0/3, 0, 5.0/12, "2-2", 8),             // gap −1/12
			chomage(3, "69", 2, 2.0/3, 2e4/rhone, 1, "3-3", 3200.0/340), // gap −1/3
			chomage(4, "01", 0, 0, 0, 5.0/12, "1-2", 5),                 // gap −5/12
		}, []string{"2A", "75", "974"}},
		// Within région 84 the ranks stay national: the Vaucluse (région
		// 93) is left out, not re-ranked.
		{geo.DomainInsertionEmploi, &data.TerritoryRef{Level: geo.LevelRegion, Code: "84"}, []gapRowWant{
			chomage(2, "38", 0, 1.0/3, 0, 5.0/12, "2-2", 8),
			chomage(3, "69", 2, 2.0/3, 2e4/rhone, 1, "3-3", 3200.0/340),
			chomage(4, "01", 0, 0, 0, 5.0/12, "1-2", 5),
		}, nil},
		{geo.DomainSolidarite, nil, []gapRowWant{
			revenu(1, "84", 0, 1, 0, 5.0/12, "3-2", 20100),    // gap 7/12
			revenu(2, "69", 1, 0, 1e4/rhone, 1, "1-3", 23500), // gap −1
		}, []string{"01", "2A", "38", "75", "974"}},
	}
	onBothStores(t, fixture, func(t *testing.T, s storeCase) {
		near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9 }
		for _, c := range cases {
			r, err := s.an.RankGaps(context.Background(), geo.LevelDepartement, c.domain, c.within, nil)
			if err != nil {
				t.Fatalf("RankGaps(%s, %v): %v", c.domain, c.within, err)
			}
			if len(r.Rows) != len(c.rows) {
				t.Errorf("%s within %v: %d rows, want %d: %+v", c.domain, c.within, len(r.Rows), len(c.rows), r.Rows)
				continue
			}
			for i, w := range c.rows {
				g := r.Rows[i]
				if g.Rank != w.rank || g.Code != w.code || g.Partnerships != w.partnerships || g.Class != w.class ||
					!near(g.Fragility, w.fragility) || !near(g.Coverage, w.coverage) ||
					!near(g.CoverageRank, w.coverageRank) || !near(g.Gap, w.gap) {
					t.Errorf("%s within %v, row %d: got rank %d %s, %d partnerships, fragility %v, coverage %v (rank %v), gap %v, class %s;\n"+
						"want rank %d %s, %d, %v, %v (%v), %v, %s", c.domain, c.within, i, g.Rank, g.Code, g.Partnerships,
						g.Fragility, g.Coverage, g.CoverageRank, g.Gap, g.Class, w.rank, w.code, w.partnerships,
						w.fragility, w.coverage, w.coverageRank, w.gap, w.class)
				}
				if len(g.Indicators) != 1 || g.Indicators[0].ID != w.indicator || !near(g.Indicators[0].Value, w.value) ||
					!near(g.Indicators[0].Percentile, w.percentile) || !near(g.Indicators[0].Oriented, w.fragility) {
					t.Errorf("%s within %v, %s: indicators %+v, want %s = %v at percentile %v (oriented %v)",
						c.domain, c.within, w.code, g.Indicators, w.indicator, w.value, w.percentile, w.fragility)
				}
			}
			var unrated []string
			for _, u := range r.Unrated {
				unrated = append(unrated, u.Code)
				if !u.NoFragility || u.NoCoverage {
					t.Errorf("%s: %s unrated for %+v, want for no fragility only", c.domain, u.Code, u)
				}
			}
			if !slices.Equal(unrated, c.unrated) {
				t.Errorf("%s within %v: unrated %v, want %v", c.domain, c.within, unrated, c.unrated)
			}
		}
	})
}
