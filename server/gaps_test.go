package server_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/server"
)

// plantedHandler serves the planted-gap dataset of the contract suite: ten
// communes of the Rhône, the most fragile in employment without any
// insertion partnership.
func plantedHandler(t *testing.T) http.Handler {
	t.Helper()
	ds, err := storetest.PlantedGapDataset()
	if err != nil {
		t.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	return newHandler(t, st, server.Config{})
}

type gapsAnswer struct {
	Level       string `json:"level"`
	Domain      string `json:"domain"`
	Within      *struct{ Level, Code string }
	Definition  string            `json:"definition"`
	Colors      map[string]string `json:"colors"`
	Rated       int               `json:"rated"`
	Classes     map[string]string `json:"classes"`
	Territories []struct {
		Rank         int      `json:"rank"`
		Code         string   `json:"code"`
		Name         string   `json:"name"`
		Partnerships int      `json:"partnerships"`
		Fragility    float64  `json:"fragility"`
		CoverageRank float64  `json:"coverage_rank"`
		Gap          float64  `json:"gap"`
		Class        string   `json:"class"`
		Reasons      []string `json:"reasons"`
		Indicators   []struct {
			ID string `json:"id"`
		} `json:"indicators"`
	} `json:"territories"`
}

func getGaps(t *testing.T, h http.Handler, query string) gapsAnswer {
	t.Helper()
	rec := get(t, h, "/api/gaps?"+query)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: status %d: %s", query, rec.Code, rec.Body)
	}
	var a gapsAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestGaps(t *testing.T) {
	t.Parallel()
	h := plantedHandler(t)
	a := getGaps(t, h, "level=commune&domain=insertion_emploi")
	if a.Rated != 10 || len(a.Territories) != 10 || a.Definition == "" || len(a.Colors) != 9 {
		t.Fatalf("rated %d, %d rows, definition %q, %d colours", a.Rated, len(a.Territories), a.Definition, len(a.Colors))
	}
	top := a.Territories[0]
	if top.Code != "69007" || top.Rank != 1 || top.Gap != 1 || top.Class != "3-1" || top.Partnerships != 0 {
		t.Errorf("first: %+v, want 69007 with gap 1, class 3-1, no partnership", top)
	}
	if len(top.Reasons) != 2 || !strings.Contains(top.Reasons[1], "aucun partenariat") || len(top.Indicators) != 1 {
		t.Errorf("first's reasons %q, indicators %v", top.Reasons, top.Indicators)
	}
	for i, row := range a.Territories {
		if row.Rank != i+1 || row.Name == "" || row.Gap != row.Fragility-row.CoverageRank {
			t.Errorf("row %d: %+v", i, row)
		}
	}
	if lim := getGaps(t, h, "level=commune&domain=insertion_emploi&limit=3"); len(lim.Territories) != 3 || lim.Rated != 10 {
		t.Errorf("limit=3: %d rows, rated %d", len(lim.Territories), lim.Rated)
	}
	if in := getGaps(t, h, "level=commune&domain=insertion_emploi&within=69"); in.Within == nil || in.Within.Level != "departement" ||
		len(in.Territories) != 10 || in.Territories[0].Code != "69007" {
		t.Errorf("within=69: %+v", in)
	}
	classes := getGaps(t, h, "level=commune&domain=insertion_emploi&view=classes")
	if len(classes.Classes) != 10 || classes.Classes["69007"] != "3-1" {
		t.Errorf("view=classes: %v", classes.Classes)
	}
	if all := getGaps(t, h, "level=commune"); all.Domain != "all" || all.Rated != 10 {
		t.Errorf("domain=all by default: domain %q, rated %d", all.Domain, all.Rated)
	}

	rec := get(t, h, "/api/gaps?level=commune&domain=insertion_emploi&f=csv")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("f=csv: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	records, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 11 || records[0][0] != "rank" || records[1][1] != "69007" || records[0][len(records[0])-1] != "chomage_fragility" {
		t.Errorf("CSV: %d records, header %v, first %v", len(records), records[0], records[1])
	}
}

func TestGapsInvalidParameters(t *testing.T) {
	t.Parallel()
	h := newHandler(t, storetestStore(t), server.Config{})
	cases := []struct{ query, param string }{
		{"", "level"},
		{"level=canton", "level"},
		{"level=commune&datetime=yesterday", "datetime"},
		{"level=commune&datetime=2021-01-01/2020-01-01", "datetime"},
		{"level=commune&domain=football", "domain"},
		{"level=commune&domain=autre", "domain"}, // no indicator calls for it
		{"level=commune&within=84", "within_level"},
		{"level=commune&within=84&within_level=commune", "within_level"},
		{"level=departement&within=69", "within"}, // no région 69
		{"level=commune&within=99999", "within"},
		{"level=commune&within=6%209", "within"},
		{"level=commune&within_level=region", "within"},
		{"level=region&within=84", "within"}, // nothing is wider than a région
		{"level=commune&view=map", "view"},
		{"level=commune&limit=0", "limit"},
		{"level=commune&f=xml", "f"},
		{"level=commune&bbox=1,2,3,4", "bbox"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/api/gaps?"+c.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
			}
			if p := decodeProblem(t, rec); p.Parameter != c.param {
				t.Errorf("problem names %q, want %q (%s)", p.Parameter, c.param, p.Detail)
			}
		})
	}
}

// storetestStore is the embedded store over the contract fixture, whose
// région 84 and département 84 share a code.
func storetestStore(t *testing.T) *memory.Store {
	t.Helper()
	st, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestGapsDatetime ranks the planted territory as it was before its
// partnerships (all started on 2020-01-01) and since: before, no commune
// has one; since, each has the ones the ranking counts without datetime.
func TestGapsDatetime(t *testing.T) {
	t.Parallel()
	h := plantedHandler(t)
	all := getGaps(t, h, "level=commune&domain=insertion_emploi")
	before := getGaps(t, h, "level=commune&domain=insertion_emploi&datetime=2019-12-31")
	since := getGaps(t, h, "level=commune&domain=insertion_emploi&datetime=2020-01-01/..")
	counts := func(a gapsAnswer) map[string]int {
		m := map[string]int{}
		for _, r := range a.Territories {
			m[r.Code] = r.Partnerships
		}
		return m
	}
	total := 0
	for code, n := range counts(all) {
		total += n
		if b := counts(before)[code]; b != 0 {
			t.Errorf("%s had %d partnerships before they started", code, b)
		}
		if s := counts(since)[code]; s != n {
			t.Errorf("%s has %d partnerships since 2020, %d in all", code, s, n)
		}
	}
	if total == 0 {
		t.Fatal("the planted territory has no partnership: the test means nothing")
	}
}
