package server_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
)

type indicatorValuesAnswer struct {
	Indicator string             `json:"indicator"`
	Level     geo.Level          `json:"level"`
	Year      int                `json:"year"`
	National  *float64           `json:"national"`
	Values    map[string]float64 `json:"values"`
}

type breaksAnswer struct {
	Indicator     string    `json:"indicator"`
	Level         geo.Level `json:"level"`
	Year          int       `json:"year"`
	Method        string    `json:"method"`
	K             int       `json:"k"`
	HigherIsWorse bool      `json:"higher_is_worse"`
	National      *float64  `json:"national"`
	Breaks        []float64 `json:"breaks"`
	Counts        []int     `json:"counts"`
	Colors        []string  `json:"colors"`
}

// getJSON GETs target and decodes a 200 JSON answer into v.
func getJSON(t *testing.T, h http.Handler, target string, v any) {
	t.Helper()
	rec := get(t, h, target)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", target, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" && ct != "application/json; charset=UTF-8" {
		t.Errorf("GET %s: Content-Type %q", target, ct)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("GET %s: %v: %s", target, err, rec.Body)
	}
}

// territoriesWithValues counts, for each level, the territories holding a
// commune with a value of ind in its year: what the values map of that
// level must hold. It reads the dataset directly, not the store.
func territoriesWithValues(ds *dataset.Dataset, ind geo.Indicator) map[geo.Level]int {
	communes := map[string]geo.Territory{}
	for _, t := range ds.Territories {
		if t.Level == geo.LevelCommune {
			communes[t.Code] = t
		}
	}
	seen := map[geo.Level]map[string]bool{}
	for _, l := range geo.Levels {
		seen[l] = map[string]bool{}
	}
	for _, v := range ds.IndicatorValues {
		c, ok := communes[v.TerritoryCode]
		if v.IndicatorID != ind.ID || v.Year != ind.Year || !ok {
			continue
		}
		for l, code := range map[geo.Level]string{geo.LevelCommune: c.Code, geo.LevelEPCI: c.EPCICode,
			geo.LevelDepartement: c.DepartementCode, geo.LevelRegion: c.RegionCode} {
			if code != "" {
				seen[l][code] = true
			}
		}
	}
	out := map[geo.Level]int{}
	for l, codes := range seen {
		out[l] = len(codes)
	}
	return out
}

// TestIndicatorsOnDemo runs the indicators API over the whole demo: the
// catalogue, and for every indicator and level the values (one per
// territory with a commune holding a value) and the breaks of every
// method, whose class counts add up to the number of values.
func TestIndicatorsOnDemo(t *testing.T) {
	t.Parallel()
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(st, server.Config{}, testLogger(t)).Handler()

	var cat struct {
		Indicators []struct {
			ID            string       `json:"id"`
			Label         string       `json:"label"`
			Year          int          `json:"year"`
			FinestLevel   geo.Level    `json:"finest_level"`
			Aggregation   string       `json:"aggregation"`
			HigherIsWorse bool         `json:"higher_is_worse"`
			Synthetic     bool         `json:"synthetic"`
			Domains       []geo.Domain `json:"domains"`
		} `json:"indicators"`
	}
	getJSON(t, h, "/api/indicators", &cat)
	if len(cat.Indicators) != len(ds.Indicators) || len(ds.Indicators) != 12 {
		t.Fatalf("catalogue has %d indicators, the demo %d, want 12", len(cat.Indicators), len(ds.Indicators))
	}
	for _, ind := range ds.Indicators {
		want := territoriesWithValues(ds, ind)
		for _, level := range geo.Levels {
			t.Run(ind.ID+"/"+string(level), func(t *testing.T) {
				t.Parallel()
				var vals indicatorValuesAnswer
				getJSON(t, h, fmt.Sprintf("/api/indicators/%s/values?level=%s", ind.ID, level), &vals)
				if len(vals.Values) != want[level] || want[level] == 0 {
					t.Errorf("values: got %d territories, want %d", len(vals.Values), want[level])
				}
				if vals.Year != ind.Year || vals.Level != level || vals.Indicator != ind.ID || vals.National == nil {
					t.Errorf("values: got indicator %s level %s year %d national %v, want %s %s %d and a national value",
						vals.Indicator, vals.Level, vals.Year, vals.National, ind.ID, level, ind.Year)
				}
				for _, method := range geo.BreakMethods {
					for _, k := range []int{3, 5, 9} {
						var br breaksAnswer
						getJSON(t, h, fmt.Sprintf("/api/indicators/%s/breaks?level=%s&method=%s&k=%d", ind.ID, level, method, k), &br)
						checkBreaks(t, br, len(vals.Values), k)
						if vals.National != nil && (br.National == nil || *br.National != *vals.National) {
							t.Errorf("%s k=%d: national %v, values say %v", method, k, br.National, *vals.National)
						}
					}
				}
			})
		}
	}
}

// checkBreaks checks one breaks answer for n values and k classes asked.
func checkBreaks(t *testing.T, br breaksAnswer, n, k int) {
	t.Helper()
	if len(br.Breaks) != br.K+1 || len(br.Counts) != br.K || len(br.Colors) != br.K || br.K < 1 || br.K > k {
		t.Errorf("%s k=%d: %d bounds, %d counts, %d colours for k=%d", br.Method, k, len(br.Breaks), len(br.Counts), len(br.Colors), br.K)
		return
	}
	sum := 0
	for _, c := range br.Counts {
		sum += c
	}
	if sum != n {
		t.Errorf("%s k=%d: counts %v add up to %d, want %d territories with a value", br.Method, k, br.Counts, sum, n)
	}
	// Bounds increase; only the first two may be equal, when the first
	// class holds the minimum alone (it includes its lower bound).
	for i := 1; i < len(br.Breaks); i++ {
		if !(br.Breaks[i] > br.Breaks[i-1] || i == 1 && br.Breaks[1] == br.Breaks[0]) {
			t.Errorf("%s k=%d: bounds not increasing: %v", br.Method, k, br.Breaks)
			break
		}
	}
	seen := map[string]bool{}
	for _, c := range br.Colors {
		if len(c) != 7 || c[0] != '#' || seen[c] {
			t.Errorf("%s k=%d: colours %v: each must be a distinct #rrggbb", br.Method, k, br.Colors)
			break
		}
		seen[c] = true
	}
}

// TestIndicatorsBadRequests checks that every refused parameter is a 400
// problem naming it, and an unknown indicator a 404.
func TestIndicatorsBadRequests(t *testing.T) {
	t.Parallel()
	h := sampleHandler(t)
	cases := []struct {
		name   string
		target string
		status int
		param  string
	}{
		{"catalogue takes no parameter", "/api/indicators?level=region", 400, "level"},
		{"unknown parameter on values", "/api/indicators/chomage/values?niveau=region", 400, "niveau"},
		{"unknown parameter on breaks", "/api/indicators/chomage/breaks?classes=5", 400, "classes"},
		{"unknown level", "/api/indicators/chomage/values?level=canton", 400, "level"},
		{"empty level", "/api/indicators/chomage/values?level=", 400, "level"},
		{"level finer than the finest", "/api/indicators/revenu_median/values?level=commune", 400, "level"},
		{"level finer than the finest, breaks", "/api/indicators/revenu_median/breaks?level=epci", 400, "level"},
		{"year not a number", "/api/indicators/chomage/values?year=deux-mille", 400, "year"},
		{"year out of range", "/api/indicators/chomage/values?year=20210", 400, "year"},
		{"level twice", "/api/indicators/chomage/values?level=region&level=epci", 400, "level"},
		{"unknown method", "/api/indicators/chomage/breaks?method=natural", 400, "method"},
		{"k too small", "/api/indicators/chomage/breaks?k=2", 400, "k"},
		{"k too large", "/api/indicators/chomage/breaks?k=10", 400, "k"},
		{"k not a number", "/api/indicators/chomage/breaks?k=cinq", 400, "k"},
		{"unknown indicator, values", "/api/indicators/inconnu/values", 404, ""},
		{"unknown indicator, breaks", "/api/indicators/inconnu/breaks?k=5", 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, tc.target)
			if rec.Code != tc.status {
				t.Fatalf("GET %s: got status %d, want %d: %s", tc.target, rec.Code, tc.status, rec.Body)
			}
			if p := decodeProblem(t, rec); p.Parameter != tc.param {
				t.Errorf("GET %s: problem names %q, want %q", tc.target, p.Parameter, tc.param)
			}
		})
	}
}

// sampleHandler serves datasettest.Sample, whose two indicators are a
// commune-level ratio and a département-level weighted mean.
func sampleHandler(t *testing.T) http.Handler {
	t.Helper()
	st, err := memory.New(datasettest.Sample())
	if err != nil {
		t.Fatal(err)
	}
	return newHandler(t, st, server.Config{})
}

// TestIndicatorValuesSmall checks values and breaks on the sample dataset
// by hand: Lyon and Villeurbanne are the Rhône's communes with a value, so
// its chômage is the ratio of their sums; a year without values answers
// empty lists.
func TestIndicatorValuesSmall(t *testing.T) {
	t.Parallel()
	h := sampleHandler(t)
	var vals indicatorValuesAnswer
	getJSON(t, h, "/api/indicators/chomage/values?level=departement", &vals)
	want := 100 * (30000.0 + 8000) / (250000 + 70000)
	if got, ok := vals.Values["69"]; !ok || math.Abs(got-want) > 1e-9 || len(vals.Values) != 1 {
		t.Errorf("départements: got %v, want {69: %v}", vals.Values, want)
	}
	if vals.National == nil || math.Abs(*vals.National-want) > 1e-9 {
		t.Errorf("national: got %v, want %v", vals.National, want)
	}
	var br breaksAnswer
	getJSON(t, h, "/api/indicators/chomage/breaks?year=1999&"+url.Values{"method": {"jenks"}}.Encode(), &br)
	if br.Breaks == nil || len(br.Breaks) != 0 || len(br.Counts) != 0 || len(br.Colors) != 0 || br.National != nil || br.Year != 1999 {
		t.Errorf("a year without values: got %+v, want empty lists and no national value", br)
	}
}
