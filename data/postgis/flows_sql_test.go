package postgis

import (
	"errors"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

func TestFlowsPlan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		level geo.Level
		q     data.ItemsQuery
		has   []string
		lacks []string
		args  int
	}{
		{"départements, no filter", geo.LevelDepartement, data.ItemsQuery{},
			[]string{"c.departement AS code", "FROM partnerships p\nLEFT JOIN place xa", "GROUP BY 1, 2, 3"},
			[]string{"WHERE", "actors pa"}, 0},
		{"régions, scale", geo.LevelRegion, data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "scale", Value: "local"}}},
			[]string{"c.region AS code", "WHERE p.scale = $1::text"}, []string{"actors pa"}, 1},
		{"EPCIs, kind_a joins the actors", geo.LevelEPCI, data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "kind_a", Value: "etat"}}},
			[]string{"c.epci AS code", "JOIN actors pa ON pa.id = p.actor_a", "pa.kind = $1::text"}, nil, 1},
		{"touching a département", geo.LevelDepartement, data.ItemsQuery{Touches: &data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}},
			[]string{"(p.actor_a = ANY(ARRAY(SELECT ta.id FROM actors ta JOIN territories tc", "tc.departement = $1::text", "OR p.actor_b = ANY(ARRAY("},
			nil, 1},
		{"touching a commune", geo.LevelDepartement, data.ItemsQuery{Touches: &data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"}},
			[]string{"SELECT ta.id FROM actors ta WHERE ta.commune = $1::text"}, []string{"tc."}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := flowsPlan(c.level, c.q)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range c.has {
				if !strings.Contains(p.sql, s) {
					t.Errorf("SQL lacks %q:\n%s", s, p.sql)
				}
			}
			for _, s := range c.lacks {
				if strings.Contains(p.sql, s) {
					t.Errorf("SQL has %q:\n%s", s, p.sql)
				}
			}
			if len(p.args) != c.args {
				t.Errorf("got %d args, want %d", len(p.args), c.args)
			}
		})
	}
	var fe *data.FilterError
	if _, err := flowsPlan(geo.LevelCommune, data.ItemsQuery{}); !errors.As(err, &fe) || fe.Property != "level" {
		t.Errorf("commune level: got %v, want a FilterError naming level", err)
	}
}
