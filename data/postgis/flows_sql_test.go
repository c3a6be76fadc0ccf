package postgis

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

func TestFlowsPlan(t *testing.T) {
	t.Parallel()
	day2015 := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		level geo.Level
		q     data.ItemsQuery
		has   []string
		lacks []string
		args  int
		day   summaryDay // the summaries' day; zero: every partnership
	}{
		{"départements, no filter: the summary", geo.LevelDepartement, data.ItemsQuery{},
			[]string{"FROM partnership_flow_counts\nWHERE level = $1 AND category = '' AND domain = ''"},
			[]string{"GROUP BY", "partnerships p"}, 1, summaryDay{}},
		{"régions, scale: the summary", geo.LevelRegion, data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "scale", Value: "local"}}},
			[]string{"FROM partnership_flow_counts", "AND scale = $2 AND category = '' AND domain = ''"}, []string{"partnerships p"}, 2, summaryDay{}},
		{"domain and scale: the summary's domain grain", geo.LevelEPCI,
			data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "domain", Value: "sport"}, {Name: "scale", Value: "local"}}},
			[]string{"FROM partnership_flow_counts", "scale = $3 AND category = '' AND domain = $2"}, nil, 3, summaryDay{}},
		{"category and domain: the rows", geo.LevelDepartement,
			data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "domain", Value: "sport"}, {Name: "category", Value: "mecenat"}}},
			[]string{"SELECT p.a_departement, p.b_departement, p.scale, count(*)\nFROM partnerships p\nWHERE", "GROUP BY 1, 2, 3"},
			[]string{"partnership_flow_counts", "actors pa"}, 2, summaryDay{}},
		{"the same property twice: the rows", geo.LevelRegion,
			data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "scale", Value: "local"}, {Name: "scale", Value: "regional"}}},
			[]string{"p.a_region, p.b_region"}, []string{"partnership_flow_counts"}, 2, summaryDay{}},
		{"a datetime: the rows", geo.LevelRegion, data.ItemsQuery{During: &data.Interval{Start: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)}},
			[]string{"p.a_region, p.b_region", "end_date"}, []string{"partnership_flow_counts"}, 1, summaryDay{}},
		{"the summaries' day: the summary", geo.LevelRegion, data.ItemsQuery{During: &data.Interval{Start: day2015, End: day2015.Add(time.Hour)}},
			[]string{"FROM partnership_flow_counts"}, []string{"partnerships p"}, 1, summaryDay{Time: day2015, Valid: true}},
		{"another day than the summaries': the rows", geo.LevelRegion, data.ItemsQuery{During: &data.Interval{Start: day2015.AddDate(0, 0, 1)}},
			[]string{"p.a_region, p.b_region", "end_date"}, []string{"partnership_flow_counts"}, 1, summaryDay{Time: day2015, Valid: true}},
		{"every partnership, the summaries counting one day: the rows", geo.LevelRegion, data.ItemsQuery{},
			[]string{"p.a_region, p.b_region"}, []string{"partnership_flow_counts", "end_date"}, 0, summaryDay{Time: day2015, Valid: true}},
		{"EPCIs, kind_a from the partnership's copy", geo.LevelEPCI, data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "kind_a", Value: "etat"}}},
			[]string{"p.a_epci, p.b_epci", "p.a_kind = $1::text"}, []string{"JOIN actors"}, 1, summaryDay{}},
		{"touching a département", geo.LevelDepartement, data.ItemsQuery{Touches: &data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}},
			[]string{"(p.a_commune = ANY(ARRAY(SELECT tc.code FROM territories tc WHERE tc.level = 'commune'", "tc.departement = $1::text", "OR p.b_commune = ANY(ARRAY("},
			[]string{"partnership_flow_counts"}, 1, summaryDay{}},
		{"touching a commune", geo.LevelDepartement, data.ItemsQuery{Touches: &data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"}},
			[]string{"(p.a_commune = $1::text OR p.b_commune = $1::text)"}, []string{"tc."}, 1, summaryDay{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := flowsPlan(c.level, c.q, c.day)
			if err != nil {
				t.Fatal(err)
			}
			checkSQL(t, p.sql, c.has, c.lacks)
			if len(p.args) != c.args {
				t.Errorf("got %d args, want %d", len(p.args), c.args)
			}
		})
	}
	var fe *data.FilterError
	if _, err := flowsPlan(geo.LevelCommune, data.ItemsQuery{}, summaryDay{}); !errors.As(err, &fe) || fe.Property != "level" {
		t.Errorf("commune level: got %v, want a FilterError naming level", err)
	}
}

// checkSQL fails t unless sql holds every string of has and none of lacks.
func checkSQL(t *testing.T, sql string, has, lacks []string) {
	t.Helper()
	for _, s := range has {
		if !strings.Contains(sql, s) {
			t.Errorf("SQL lacks %q:\n%s", s, sql)
		}
	}
	for _, s := range lacks {
		if strings.Contains(sql, s) {
			t.Errorf("SQL has %q:\n%s", s, sql)
		}
	}
}
