package postgis

import (
	"slices"
	"testing"

	"github.com/maillage/maillage/geo"
)

func TestSearchPlan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		text  string
		level geo.Level
		has   []string
		lacks []string
		args  []any
	}{
		{"a name", "Saint-Étienne", "",
			[]string{"WHEN t.search_key = $1::text THEN 2", "WHEN t.search_key LIKE $2::text THEN 3", "ELSE 4 END AS rank",
				"WHERE (' ' || t.search_key LIKE $3::text)", "LIMIT $4) m",
				"CASE t.level WHEN 'region' THEN 0 WHEN 'departement' THEN 1 WHEN 'epci' THEN 2 WHEN 'commune' THEN 3 END AS depth",
				"ORDER BY rank, depth, t.population DESC, t.code", "ORDER BY m.rank, m.depth, m.population DESC, m.code",
				"ST_XMin(t.geom), ST_YMin(t.geom), ST_XMax(t.geom), ST_YMax(t.geom)"},
			[]string{"WHEN t.code", "t.code LIKE", "t.level = $"},
			[]any{"saint etienne", "saint etienne%", "% saint etienne%", 10}},
		{"a code, one level", "2a", geo.LevelCommune,
			[]string{"WHEN t.code = $1::text THEN 1", "WHEN t.search_key = $3::text THEN 2",
				"WHEN t.code LIKE $2::text OR t.search_key LIKE $4::text THEN 3",
				"WHERE t.level = $6::text AND (t.code LIKE $2::text OR ' ' || t.search_key LIKE $5::text)", "LIMIT $7) m"},
			nil,
			[]any{"2A", "2A%", "2a", "2a%", "% 2a%", "commune", 10}},
		{"nothing to quote", "l'Haÿ 100%_\\", "",
			[]string{"t.search_key = $1::text"}, []string{"Haÿ", "100", "%_"},
			[]any{"l hay 100", "l hay 100%", "% l hay 100%", 10}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := searchPlan(geo.NewTerritoryQuery(c.text), c.level, 10)
			checkSQL(t, p.sql, c.has, c.lacks)
			if !slices.Equal(p.args, c.args) {
				t.Errorf("args %q, want %q", p.args, c.args)
			}
		})
	}
}
