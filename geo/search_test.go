package geo

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSearchKey(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"accents and hyphen", "Saint-Étienne", "saint etienne"},
		{"typed query", "saint etienne", "saint etienne"},
		{"upper case", "SAINT-ÉTIENNE", "saint etienne"},
		{"plain", "Lyon", "lyon"},
		{"apostrophe", "L'Haÿ-les-Roses", "l hay les roses"},
		{"typographic apostrophe", "Provence-Alpes-Côte d’Azur", "provence alpes cote d azur"},
		{"ligature", "Œuilly", "oeuilly"},
		{"ligature inside", "Vœuil-et-Giget", "voeuil et giget"},
		{"æ", "Lætitia", "laetitia"},
		{"cedilla", "Besançon", "besancon"},
		{"circumflex", "Île-de-France", "ile de france"},
		{"brackets and runs", "  CA Grand Lac (Savoie) -- ", "ca grand lac savoie"},
		{"slash", "Ay-Champagne/Mareuil", "ay champagne mareuil"},
		{"digits kept", "Paris 15e Arrondissement", "paris 15e arrondissement"},
		{"decomposed accent", "Saint-E\u0301tienne", "saint etienne"},
		{"mark alone", "\u0301", ""},
		{"letters outside the table", "Αθήνα", ""},
		{"Spanish and Portuguese", "Ñandú São", "nandu sao"},
		{"empty", "", ""},
		{"separators only", " -'’ ", ""},
		{"invalid UTF-8 separates", "a\xffb", "a b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := SearchKey(c.in); got != c.want {
				t.Errorf("SearchKey(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// TestSearchKeyForm checks what every key looks like, over every character
// SearchFoldTable could list: only a-z, 0-9 and single inner spaces.
func TestSearchKeyForm(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for r := rune(0); r < 0x400; r++ {
		all.WriteString("x")
		all.WriteRune(r)
	}
	key := SearchKey(all.String())
	if strings.Trim(key, "abcdefghijklmnopqrstuvwxyz0123456789 ") != "" {
		t.Errorf("key has characters outside a-z, 0-9 and space: %q", key)
	}
	if strings.Contains(key, "  ") || strings.HasPrefix(key, " ") || strings.HasSuffix(key, " ") {
		t.Errorf("key has a doubled, leading or trailing space: %q", key)
	}
}

// TestSearchFoldTable checks that the table spells SearchKey: each from
// character folds to its to letter, each ligature to its two, and nothing
// else below U+0250 folds to a letter but ASCII letters and digits.
func TestSearchFoldTable(t *testing.T) {
	t.Parallel()
	from, to, ligatures := SearchFoldTable()
	if utf8.RuneCountInString(from) != len(to) {
		t.Fatalf("from has %d runes, to %d letters", utf8.RuneCountInString(from), len(to))
	}
	if !strings.HasPrefix(from, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") || !strings.HasPrefix(to, "abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("the table does not begin with the ASCII upper case: %q → %q", from, to)
	}
	seen := map[rune]bool{}
	i := 0
	for _, r := range from {
		if seen[r] {
			t.Errorf("%q listed twice (translate keeps the first)", r)
		}
		seen[r] = true
		if got := SearchKey("x" + string(r)); got != "x"+to[i:i+1] {
			t.Errorf("SearchKey(x%c) = %q, the table says x%c", r, got, to[i])
		}
		i++
	}
	for r, s := range ligatures {
		if got := SearchKey(string(r)); got != s || len(s) != 2 {
			t.Errorf("ligature %c: SearchKey gives %q, the table %q", r, got, s)
		}
	}
	if len(ligatures) != 4 {
		t.Errorf("ligatures %v, want æ, Æ, œ, Œ", ligatures)
	}
	for r := rune(0x80); r < 0x2000; r++ {
		listed := seen[r] || ligatures[r] != ""
		mark := SearchMarkFirst <= r && r <= SearchMarkLast
		if key := SearchKey("x" + string(r) + "y"); !listed && !mark && key != "x y" {
			t.Errorf("%U %c folds to %q without being in the table", r, r, key)
		}
	}
}

func TestNewTerritoryQuery(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		want TerritoryQuery
	}{
		{"Saint Étienne", TerritoryQuery{Key: "saint etienne"}},
		{"69", TerritoryQuery{Key: "69", Code: "69"}},
		{" 69123 ", TerritoryQuery{Key: "69123", Code: "69123"}},
		{"200046977", TerritoryQuery{Key: "200046977", Code: "200046977"}},
		{"2a", TerritoryQuery{Key: "2a", Code: "2A"}},
		{"2B0", TerritoryQuery{Key: "2b0", Code: "2B0"}},
		{"2A004", TerritoryQuery{Key: "2a004", Code: "2A004"}},
		{"2C", TerritoryQuery{Key: "2c"}},
		{"2AB", TerritoryQuery{Key: "2ab"}},
		{"A2", TerritoryQuery{Key: "a2"}},
		{"69 123", TerritoryQuery{Key: "69 123"}},
		{"-69", TerritoryQuery{Key: "69"}},
		{"", TerritoryQuery{}},
		{"’", TerritoryQuery{}},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			t.Parallel()
			got := NewTerritoryQuery(c.text)
			if got != c.want {
				t.Errorf("NewTerritoryQuery(%q) = %+v, want %+v", c.text, got, c.want)
			}
			if got.Empty() != (c.want == TerritoryQuery{}) {
				t.Errorf("NewTerritoryQuery(%q).Empty() = %v", c.text, got.Empty())
			}
		})
	}
}

func TestTerritoryQueryRank(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, code, territory string
		want                        SearchRank
	}{
		{"whole name", "lyon", "69123", "Lyon", SearchNameEqual},
		{"whole name, accents and hyphen", "saint etienne", "42218", "Saint-Étienne", SearchNameEqual},
		{"name prefix", "saint etienne", "01350", "Saint-Étienne-du-Bois", SearchPrefix},
		{"name prefix inside a word", "lyo", "69123", "Lyon", SearchPrefix},
		{"word prefix", "lyon", "200046977", "Métropole de Lyon", SearchWord},
		{"word prefix after an apostrophe", "azur", "93", "Provence-Alpes-Côte d'Azur", SearchWord},
		{"several words from a later one", "cote d", "93", "Provence-Alpes-Côte d'Azur", SearchWord},
		{"inside a word is no match", "yon", "69123", "Lyon", 0},
		{"words out of order", "etienne saint", "42218", "Saint-Étienne", 0},
		{"exact code", "69123", "69123", "Lyon", SearchCodeEqual},
		{"code prefix", "691", "69123", "Lyon", SearchPrefix},
		{"Corsican code", "2a", "2A", "Corse-du-Sud", SearchCodeEqual},
		{"Corsican code prefix", "2A0", "2A004", "Ajaccio", SearchPrefix},
		{"digits prefix of a Corsican code", "2", "2A004", "Ajaccio", SearchPrefix},
		{"code not at the start", "123", "69123", "Lyon", 0},
		{"exact code beats whole name", "84", "84", "84", SearchCodeEqual},
		{"no match", "grenoble", "69123", "Lyon", 0},
		{"empty query", "", "69123", "Lyon", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := NewTerritoryQuery(c.text).Rank(c.code, SearchKey(c.territory)); got != c.want {
				t.Errorf("%q against %s %q: rank %d, want %d", c.text, c.code, c.territory, got, c.want)
			}
		})
	}
}

func TestCompareTerritoryHits(t *testing.T) {
	t.Parallel()
	// In the order CompareTerritoryHits must give.
	hits := []TerritoryHit{
		{SearchCodeEqual, LevelCommune, 10, "69123"},
		{SearchNameEqual, LevelRegion, 5, "84"},
		{SearchNameEqual, LevelDepartement, 1_000_000, "42"},
		{SearchNameEqual, LevelEPCI, 1, "200046977"},
		{SearchNameEqual, LevelCommune, 500, "42218"},
		{SearchNameEqual, LevelCommune, 200, "2A004"},
		{SearchNameEqual, LevelCommune, 200, "30001"},
		{SearchPrefix, LevelRegion, 1, "11"},
		{SearchWord, LevelRegion, 1, "11"},
	}
	shuffled := slices.Clone(hits)
	slices.Reverse(shuffled)
	shuffled[2], shuffled[5] = shuffled[5], shuffled[2]
	slices.SortFunc(shuffled, CompareTerritoryHits)
	if !slices.Equal(shuffled, hits) {
		t.Errorf("sorted:\ngot  %v\nwant %v", shuffled, hits)
	}
	for i := range hits {
		if CompareTerritoryHits(hits[i], hits[i]) != 0 {
			t.Errorf("%v does not equal itself", hits[i])
		}
	}
}
