package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// coverageCase is one territory's coverage, counted by hand from the
// fixture's partnerships (fixture.go): each partnership with at least one
// actor located in the territory, once.
type coverageCase struct {
	level    geo.Level
	code     string
	total    int
	byDomain map[geo.Domain]int
}

func coverageCases() []coverageCase {
	return []coverageCase{
		// 101 (1–2), 102 (1–3, both in Lyon: once), 104, 105, 106, 109.
		{geo.LevelCommune, "69123", 6, map[geo.Domain]int{geo.DomainInsertionEmploi: 2,
			geo.DomainEducationJeunesse: 2, geo.DomainNumerique: 1, geo.DomainEnvironnement: 1}},
		// Grenoble: 104 (1–4) and 107 (5–4).
		{geo.LevelCommune, "38185", 2, map[geo.Domain]int{geo.DomainEducationJeunesse: 1, geo.DomainCulture: 1}},
		{geo.LevelCommune, "2A041", 0, map[geo.Domain]int{}},
		// Actors 1, 2, 3: Lyon's six and 110 (2–10).
		{geo.LevelEPCI, epciLyon, 7, map[geo.Domain]int{geo.DomainInsertionEmploi: 2,
			geo.DomainEducationJeunesse: 2, geo.DomainNumerique: 1, geo.DomainEnvironnement: 1, geo.DomainSolidarite: 1}},
		// Actors 1, 2, 3, 10, 11: 101–106, 109, 110.
		{geo.LevelDepartement, "69", 8, map[geo.Domain]int{geo.DomainInsertionEmploi: 2,
			geo.DomainEducationJeunesse: 3, geo.DomainNumerique: 1, geo.DomainEnvironnement: 1, geo.DomainSolidarite: 1}},
		// Vaucluse (département 84): 107 only.
		{geo.LevelDepartement, "84", 1, map[geo.Domain]int{geo.DomainCulture: 1}},
		// Région 84 (actors 1–4, 9–11): every partnership but 108 (7–6).
		{geo.LevelRegion, "84", 9, map[geo.Domain]int{geo.DomainInsertionEmploi: 2, geo.DomainEducationJeunesse: 3,
			geo.DomainNumerique: 1, geo.DomainEnvironnement: 1, geo.DomainSolidarite: 1, geo.DomainCulture: 1}},
	}
}

func testCoverage(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	byLevel := map[geo.Level]map[string]data.TerritoryCoverage{}
	for _, level := range geo.Levels {
		got, err := s.Coverage(ctx, level, nil, nil)
		if err != nil {
			t.Fatalf("Coverage(%s): %v", level, err)
		}
		var codes, want []string
		byLevel[level] = map[string]data.TerritoryCoverage{}
		for _, c := range got {
			codes = append(codes, c.Code)
			byLevel[level][c.Code] = c
			tr := o.territories[level][c.Code]
			if c.Name != tr.Name || c.Population != tr.Population {
				t.Errorf("Coverage(%s) %s: name %q population %d, want %q %d", level, c.Code, c.Name, c.Population, tr.Name, tr.Population)
			}
			sum := c.ByDomain.Total()
			if sum != c.Partnerships {
				t.Errorf("Coverage(%s) %s: domains add up to %d, total %d", level, c.Code, sum, c.Partnerships)
			}
		}
		for _, tr := range o.ds.Territories {
			if tr.Level == level {
				want = append(want, tr.Code)
			}
		}
		if !slices.Equal(codes, want) {
			t.Errorf("Coverage(%s): codes %v, want %v", level, codes, want)
		}
	}
	for _, c := range coverageCases() {
		got := byLevel[c.level][c.code]
		if got.Partnerships != c.total || got.ByDomain != geo.CountsByDomain(c.byDomain) {
			t.Errorf("Coverage %s %s: %d %v, want %d %v", c.level, c.code, got.Partnerships, got.ByDomain, c.total, c.byDomain)
		}
	}
	within, err := s.Coverage(ctx, geo.LevelCommune, &data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range within {
		codes = append(codes, c.Code)
		if c.ByDomain != byLevel[geo.LevelCommune][c.Code].ByDomain {
			t.Errorf("Coverage within 69: %s differs from the national list", c.Code)
		}
	}
	if want := []string{"69123", "69199", "69243", "69266"}; !slices.Equal(codes, want) {
		t.Errorf("Coverage(commune within département 69): %v, want %v", codes, want)
	}

	// The partnerships active at some point of an interval, by hand from
	// their dates (fixture.go).
	in2019 := &data.Interval{Start: date("2019-01-01"), End: date("2019-12-31")}
	lastDayOf102 := &data.Interval{Start: date("2022-06-30"), End: date("2022-06-30")}
	for _, c := range []struct {
		level    geo.Level
		within   *data.TerritoryRef
		during   *data.Interval
		code     string
		total    int
		byDomain map[geo.Domain]int
	}{
		// 101, 104, 105, 106; not 102 (2020), 109 (2023).
		{geo.LevelCommune, nil, in2019, "69123", 4, map[geo.Domain]int{geo.DomainInsertionEmploi: 2,
			geo.DomainEducationJeunesse: 1, geo.DomainNumerique: 1}},
		// 106 and 108, which ended on 2019-12-31.
		{geo.LevelCommune, nil, in2019, "75056", 2, map[geo.Domain]int{geo.DomainNumerique: 1, geo.DomainSport: 1}},
		{geo.LevelDepartement, nil, in2019, "84", 0, map[geo.Domain]int{}},
		{geo.LevelRegion, nil, in2019, "84", 4, map[geo.Domain]int{geo.DomainInsertionEmploi: 2,
			geo.DomainEducationJeunesse: 1, geo.DomainNumerique: 1}},
		{geo.LevelEPCI, nil, in2019, epciLyon, 4, map[geo.Domain]int{geo.DomainInsertionEmploi: 2,
			geo.DomainEducationJeunesse: 1, geo.DomainNumerique: 1}},
		// Villeurbanne: 101, not 110 (2020).
		{geo.LevelCommune, &data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}, in2019, "69266", 1,
			map[geo.Domain]int{geo.DomainInsertionEmploi: 1}},
		// 102's last day: 101, 102, 104, 105, 106.
		{geo.LevelCommune, nil, lastDayOf102, "69123", 5, map[geo.Domain]int{geo.DomainInsertionEmploi: 2,
			geo.DomainEducationJeunesse: 2, geo.DomainNumerique: 1}},
	} {
		list, err := s.Coverage(ctx, c.level, c.within, c.during)
		if err != nil {
			t.Fatalf("Coverage(%s, %v, %v): %v", c.level, c.within, c.during, err)
		}
		found := false
		for _, got := range list {
			if got.Code != c.code {
				continue
			}
			found = true
			if got.Partnerships != c.total || got.ByDomain != geo.CountsByDomain(c.byDomain) {
				t.Errorf("Coverage %s %s during %v: %d %v, want %d %v", c.level, c.code, c.during, got.Partnerships, got.ByDomain, c.total, c.byDomain)
			}
		}
		if !found {
			t.Errorf("Coverage(%s, %v, %v) lacks %s", c.level, c.within, c.during, c.code)
		}
	}

	var fe *data.FilterError
	for _, bad := range []struct {
		level    geo.Level
		within   *data.TerritoryRef
		property string
	}{
		{"canton", nil, "level"},
		{geo.LevelDepartement, &data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"}, "within"},
		{geo.LevelRegion, &data.TerritoryRef{Level: geo.LevelRegion, Code: "84"}, "within"},
	} {
		if _, err := s.Coverage(ctx, bad.level, bad.within, nil); !errors.As(err, &fe) || fe.Property != bad.property {
			t.Errorf("Coverage(%s, %+v): got %v, want a FilterError naming %s", bad.level, bad.within, err, bad.property)
		}
	}
	if _, err := s.Coverage(ctx, geo.LevelCommune, &data.TerritoryRef{Level: geo.LevelDepartement, Code: "99"}, nil); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Coverage within an unknown département: got %v, want ErrNotFound", err)
	}
}
