package server_test

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/maillage/maillage/geo"
)

type territorySearchAnswer struct {
	Q           *string `json:"q"`
	Territories []struct {
		Level       string     `json:"level"`
		Code        string     `json:"code"`
		Name        string     `json:"name"`
		Departement *string    `json:"departement"`
		Region      *string    `json:"region"`
		Population  int64      `json:"population"`
		BBox        [4]float64 `json:"bbox"`
	} `json:"territories"`
}

// TestTerritorySearch asks the demo what the viewer's search box asks: the
// first territories found, in order, by level and code.
func TestTerritorySearch(t *testing.T) {
	t.Parallel()
	h, _ := demoHandler(t)
	cases := []struct {
		name  string
		query string
		count int      // how many territories, -1 for any
		first []string // "level code" of the first ones, in order
	}{
		{"accents, case and hyphens", "q=saint etienne", 10, []string{"commune 42218", "epci 244200770", "commune 76575"}},
		{"as written", "q=Saint-Étienne", 10, []string{"commune 42218", "epci 244200770"}},
		{"upper case", "q=LYON&limit=3", 3, []string{"commune 69123", "commune 27377", "epci 200046977"}},
		{"apostrophe", "q=l'hay", 1, []string{"commune 94038"}},
		{"ligature, larger population first", "q=oeuilly", 2, []string{"commune 51410", "commune 02565"}},
		{"exact code before code prefixes", "q=69&limit=3", 3, []string{"departement 69", "commune 69123", "commune 69266"}},
		{"a code of two levels: the wider first", "q=84&limit=3", 3, []string{"region 84", "departement 84", "commune 84007"}},
		{"2A in lower case", "q=2a&limit=2", 2, []string{"departement 2A", "commune 2A004"}},
		{"2B prefix", "q=2B03&level=commune&limit=1", 1, []string{"commune 2B033"}},
		{"SIREN", "q=200046977", 1, []string{"epci 200046977"}},
		{"level", "q=auvergne&level=region", 1, []string{"region 84"}},
		{"limit", "q=saint&limit=50", 50, nil},
		{"no match", "q=zzzz", 0, nil},
		{"nothing to match once folded", "q=--", 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/api/territories?"+encodeQuery(t, c.query))
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("status %d, Content-Type %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
			if c.count == 0 && !strings.Contains(rec.Body.String(), `"territories":[]`) {
				t.Errorf("no match must be an empty list: %s", rec.Body)
			}
			var a territorySearchAnswer
			if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			values, _ := url.ParseQuery(encodeQuery(t, c.query))
			if a.Q == nil || *a.Q != values.Get("q") {
				t.Errorf("q = %v, want %q as given", a.Q, values.Get("q"))
			}
			if c.count >= 0 && len(a.Territories) != c.count {
				t.Errorf("%d territories, want %d", len(a.Territories), c.count)
			}
			for i, want := range c.first {
				if i >= len(a.Territories) {
					t.Errorf("territory %d missing, want %s", i, want)
					continue
				}
				if got := a.Territories[i].Level + " " + a.Territories[i].Code; got != want {
					t.Errorf("territory %d: %s (%s), want %s", i, got, a.Territories[i].Name, want)
				}
			}
		})
	}
}

// TestTerritorySearchFields checks one territory of each level: its name,
// parent codes (null where none applies), population, and a bbox a map can
// fly to (a point's degenerate, a polygon's not).
func TestTerritorySearchFields(t *testing.T) {
	t.Parallel()
	h, st := demoHandler(t)
	str := func(s string) *string { return &s }
	cases := []struct {
		query, level, code, name string
		departement, region      *string
		polygon                  bool
	}{
		{"q=Auvergne-Rhône-Alpes", "region", "84", "Auvergne-Rhône-Alpes", nil, nil, true},
		{"q=corse du sud", "departement", "2A", "Corse-du-Sud", nil, str("94"), true},
		{"q=200046977", "epci", "200046977", "Métropole de Lyon", str("69"), str("84"), true},
		{"q=saint etienne&level=commune", "commune", "42218", "Saint-Étienne", str("42"), str("84"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var a territorySearchAnswer
			getJSON(t, h, "/api/territories?"+encodeQuery(t, c.query), &a)
			if len(a.Territories) == 0 {
				t.Fatal("nothing found")
			}
			got := a.Territories[0]
			if got.Level != c.level || got.Code != c.code || got.Name != c.name {
				t.Fatalf("first: %s %s %q, want %s %s %q", got.Level, got.Code, got.Name, c.level, c.code, c.name)
			}
			if !sameCode(got.Departement, c.departement) || !sameCode(got.Region, c.region) {
				t.Errorf("departement %v region %v, want %v %v", deref(got.Departement), deref(got.Region), deref(c.departement), deref(c.region))
			}
			tr, err := st.Territory(t.Context(), geo.Level(c.level), c.code)
			if err != nil {
				t.Fatal(err)
			}
			b, want := got.BBox, tr.Geometry.Bound()
			for i, v := range [4]float64{want.Min[0], want.Min[1], want.Max[0], want.Max[1]} {
				if math.Abs(b[i]-v) > 1e-7 {
					t.Errorf("bbox %v, want %v (the geometry's, to 7 decimals)", b, want)
					break
				}
			}
			if b[0] > b[2] || b[1] > b[3] || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 {
				t.Errorf("bbox %v is not [w, s, e, n] in degrees", b)
			}
			if degenerate := b[0] == b[2] && b[1] == b[3]; degenerate == c.polygon {
				t.Errorf("bbox %v: degenerate %v, want %v", b, degenerate, !c.polygon)
			}
			if got.Population <= 0 {
				t.Errorf("population %d", got.Population)
			}
		})
	}
}

func TestTerritorySearchInvalidParameters(t *testing.T) {
	t.Parallel()
	h, _ := demoHandler(t)
	cases := []struct{ query, param string }{
		{"", "q"},
		{"q=", "q"},
		{"q=%20%20", "q"},
		{"q=" + strings.Repeat("a", 101), "q"},
		{"q=" + strings.Repeat("é", 101), "q"},
		{"q=lyon&q=paris", "q"},
		{"q=lyon&level=canton", "level"},
		{"q=lyon&level=", "level"},
		{"q=lyon&limit=0", "limit"},
		{"q=lyon&limit=51", "limit"},
		{"q=lyon&limit=ten", "limit"},
		{"q=lyon&limit=1.5", "limit"},
		{"q=lyon&bbox=1,2,3,4", "bbox"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/api/territories?"+c.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
			}
			if p := decodeProblem(t, rec); p.Parameter != c.param {
				t.Errorf("problem names %q, want %q (%s)", p.Parameter, c.param, p.Detail)
			}
		})
	}
	// 100 characters, however many bytes, are accepted.
	if rec := get(t, h, "/api/territories?q="+url.QueryEscape(strings.Repeat("é", 100))); rec.Code != http.StatusOK {
		t.Errorf("100 characters: status %d: %s", rec.Code, rec.Body)
	}
}

// encodeQuery escapes the values of a readable query ("q=saint etienne").
func encodeQuery(t *testing.T, readable string) string {
	t.Helper()
	v := url.Values{}
	for pair := range strings.SplitSeq(readable, "&") {
		name, value, _ := strings.Cut(pair, "=")
		v.Add(name, value)
	}
	return v.Encode()
}

func sameCode(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
