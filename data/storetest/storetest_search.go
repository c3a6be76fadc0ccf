package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// searchCase is one territory search and what the fixture gives for it, by
// hand: "level code rank" for each result, in order.
type searchCase struct {
	name  string
	text  string
	level geo.Level
	limit int
	want  []string
}

func searchCases() []searchCase {
	return []searchCase{
		{"whole name, then a later word", "lyon", "", 10, []string{"commune 69123 name", "epci 200046977 word"}},
		{"upper case", "LYON", "", 10, []string{"commune 69123 name", "epci 200046977 word"}},
		{"mixed case, spaces around", "  Lyon ", "", 10, []string{"commune 69123 name", "epci 200046977 word"}},
		{"same name, wider level first", "paris", "", 10,
			[]string{"departement 75 name", "commune 75056 name", "epci 200054781 word"}},
		{"same name and population: wider level first", "la reunion", "", 10, []string{"region 04 name", "departement 974 name"}},
		{"accents dropped", "reunion", "", 10, []string{"region 04 word", "departement 974 word"}},
		{"accents typed", "Réunion", "", 10, []string{"region 04 word", "departement 974 word"}},
		{"decomposed accent", "I\u0302le-de-France", "", 10, []string{"region 11 name"}},
		{"hyphens as spaces", "ile de france", "", 10, []string{"region 11 name"}},
		{"upper-case accent", "ÎLE", "", 10, []string{"region 11 prefix"}},
		{"apostrophe and hyphens", "provence alpes cote d azur", "", 10, []string{"region 93 name"}},
		{"typographic apostrophe", "Côte d’Azur", "", 10, []string{"region 93 word"}},
		{"word prefix of the last word", "azu", "", 10, []string{"region 93 word"}},
		{"hyphenated commune", "SAINT-DENIS", "", 10, []string{"commune 97411 name"}},
		{"name prefix across a hyphen", "saint d", "", 10, []string{"commune 97411 prefix"}},
		{"name prefix inside a word", "villeur", "", 10, []string{"commune 69266 prefix"}},
		{"word prefixes, larger population first", "grand", "", 10, []string{"epci 200054781 word", "epci 248400251 word"}},
		{"several words from a later one", "du grand", "", 10, []string{"epci 200054781 word", "epci 248400251 word"}},
		{"whole name before a prefix", "corse", "", 10, []string{"region 94 name", "departement 2A prefix"}},
		{"prefixes by level", "v", "", 10, []string{"departement 84 prefix", "commune 69266 prefix"}},
		{"code: exact, then prefixes by population", "69", "", 10,
			[]string{"departement 69 code", "commune 69123 prefix", "commune 69266 prefix", "commune 69243 prefix", "commune 69199 prefix"}},
		{"code shared by two levels", "84", "", 10, []string{"region 84 code", "departement 84 code", "commune 84007 prefix"}},
		{"SIREN prefix", "2000", "", 10, []string{"epci 200054781 prefix", "epci 200046977 prefix"}},
		{"whole SIREN", "200046977", "", 10, []string{"epci 200046977 code"}},
		{"whole commune code", "69123", "", 10, []string{"commune 69123 code"}},
		{"2A", "2a", "", 10, []string{"departement 2A code", "commune 2A041 prefix"}},
		{"2A prefix", "2A04", "", 10, []string{"commune 2A041 prefix"}},
		{"digit prefix of 2A and of SIRENs, by level", "2", "", 10, []string{"departement 2A prefix",
			"epci 200054781 prefix", "epci 200046977 prefix", "epci 249740119 prefix", "epci 248400251 prefix", "epci 240100750 prefix",
			"commune 2A041 prefix"}},
		{"limit cuts the ordered list", "2", "", 3, []string{"departement 2A prefix", "epci 200054781 prefix", "epci 200046977 prefix"}},
		{"limit 1", "paris", "", 1, []string{"departement 75 name"}},
		{"level commune", "paris", geo.LevelCommune, 10, []string{"commune 75056 name"}},
		{"level epci", "lyon", geo.LevelEPCI, 10, []string{"epci 200046977 word"}},
		{"level of a shared code", "84", geo.LevelDepartement, 10, []string{"departement 84 code"}},
		{"level with nothing", "lyon", geo.LevelRegion, 10, []string{}},
		{"inside a word is no match", "yon", "", 10, []string{}},
		{"words out of order", "france de ile", "", 10, []string{}},
		{"no match", "grenoblee", "", 10, []string{}},
		{"code not at the start", "123", "", 10, []string{}},
		{"empty text", "", "", 10, []string{}},
		{"separators only", " -'’ ", "", 10, []string{}},
	}
}

func describeMatches(ms []data.TerritoryMatch) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s %s %s", m.Level, m.Code, m.Rank))
	}
	return out
}

func testSearchTerritories(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	for _, c := range searchCases() {
		got, err := s.SearchTerritories(ctx, c.text, c.level, c.limit)
		if err != nil {
			t.Errorf("%s: SearchTerritories(%q, %q, %d): %v", c.name, c.text, c.level, c.limit, err)
			continue
		}
		if got == nil {
			t.Errorf("%s: SearchTerritories(%q): nil, want a non-nil (maybe empty) list", c.name, c.text)
		}
		if d := describeMatches(got); !slices.Equal(d, c.want) {
			t.Errorf("%s: SearchTerritories(%q, %q, %d):\ngot  %v\nwant %v", c.name, c.text, c.level, c.limit, d, c.want)
		}
		checkMatchFields(t, o, got)
	}
	// Every word prefix of every name, and every prefix of every code,
	// gives what geo's rules give over the fixture's rows.
	texts := map[string]bool{}
	for _, tr := range o.ds.Territories {
		words := strings.Fields(geo.SearchKey(tr.Name))
		for i := range words {
			rest := strings.Join(words[i:], " ")
			for n := 1; n <= len(rest); n++ {
				texts[rest[:n]] = true
			}
		}
		for n := 1; n <= len(tr.Code); n++ {
			texts[tr.Code[:n]] = true
		}
	}
	for _, text := range slices.Sorted(maps.Keys(texts)) {
		for _, level := range []geo.Level{"", geo.LevelDepartement, geo.LevelCommune} {
			got, err := s.SearchTerritories(ctx, text, level, 4)
			if err != nil {
				t.Fatalf("SearchTerritories(%q, %q, 4): %v", text, level, err)
			}
			if d, want := describeMatches(got), o.search(text, level, 4); !slices.Equal(d, want) {
				t.Errorf("SearchTerritories(%q, %q, 4):\ngot  %v\nwant %v (geo's rules)", text, level, d, want)
			}
		}
	}

	var fe *data.FilterError
	for _, bad := range []struct {
		level    geo.Level
		limit    int
		property string
	}{
		{"canton", 10, "level"},
		{geo.LevelCommune, 0, "limit"},
		{geo.LevelCommune, -1, "limit"},
		{"", data.MaxLimit + 1, "limit"},
	} {
		if _, err := s.SearchTerritories(ctx, "lyon", bad.level, bad.limit); !errors.As(err, &fe) || fe.Property != bad.property {
			t.Errorf("SearchTerritories(lyon, %q, %d): got %v, want a FilterError naming %s", bad.level, bad.limit, err, bad.property)
		}
	}
}

// checkMatchFields compares each match with its territory's row: name,
// parent codes, population, and the bounding box of its geometry.
func checkMatchFields(t *testing.T, o *oracle, ms []data.TerritoryMatch) {
	t.Helper()
	for _, m := range ms {
		tr, ok := o.territories[m.Level][m.Code]
		if !ok {
			t.Errorf("match %s %s is no territory of the fixture", m.Level, m.Code)
			continue
		}
		if m.Name != tr.Name || m.RegionCode != tr.RegionCode || m.DepartementCode != tr.DepartementCode || m.Population != tr.Population {
			t.Errorf("match %s %s: %q region %q département %q population %d, want %q %q %q %d", m.Level, m.Code,
				m.Name, m.RegionCode, m.DepartementCode, m.Population, tr.Name, tr.RegionCode, tr.DepartementCode, tr.Population)
		}
		want := tr.Geometry.Bound()
		for i := range 2 {
			if math.Abs(m.BBox.Min[i]-want.Min[i]) > extentTolerance || math.Abs(m.BBox.Max[i]-want.Max[i]) > extentTolerance {
				t.Errorf("match %s %s: bbox %v, want %v", m.Level, m.Code, m.BBox, want)
				break
			}
		}
	}
}

// search is SearchTerritories by brute force over the fixture with geo's
// rules, described as the cases are.
func (o *oracle) search(text string, level geo.Level, limit int) []string {
	q := geo.NewTerritoryQuery(text)
	var hits []geo.TerritoryHit
	for _, tr := range o.ds.Territories {
		if level != "" && tr.Level != level {
			continue
		}
		if r := q.Rank(tr.Code, geo.SearchKey(tr.Name)); r != 0 {
			hits = append(hits, geo.TerritoryHit{Rank: r, Level: tr.Level, Population: tr.Population, Code: tr.Code})
		}
	}
	slices.SortFunc(hits, geo.CompareTerritoryHits)
	out := []string{}
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, fmt.Sprintf("%s %s %s", h.Level, h.Code, h.Rank))
	}
	return out
}
