package postgis

import (
	"errors"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
)

func TestClustersPlan(t *testing.T) {
	t.Parallel()
	france := &orb.Bound{Min: orb.Point{-5.5, 41}, Max: orb.Point{10, 51.5}}
	filter, err := cql2.Parse("sector = 'public' OR employer = true", cql2.LangText)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		zoom  int
		q     data.ItemsQuery
		has   []string
		lacks []string
		side  int // the argument holding the cell's side
		args  int
	}{
		{"the bbox alone: the actors table, through its GiST index", 5, data.ItemsQuery{BBox: france},
			[]string{"SELECT floor(x / $5::double precision)::bigint,\n  floor(y / $5::double precision)::bigint,\n  count(*),\n  avg(x),\n  avg(y),\n  sum(employees),",
				"count(*) FILTER (WHERE kind = $6::text)", "count(*) FILTER (WHERE kind = $12::text)",
				"\nFROM (SELECT ST_X(a.geom) AS x, ST_Y(a.geom) AS y, a.kind, a.employees\n  FROM actors a\nWHERE a.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)\n  OFFSET 0) p\nGROUP BY 1, 2\nORDER BY 1, 2"},
			[]string{"territories", "ST_Intersects", "entreprise"}, 4, 12},
		{"a kind", 7, data.ItemsQuery{BBox: france, Equals: []data.PropertyFilter{{Name: "kind", Value: "association"}}},
			[]string{"AND a.kind = $5::text", "/ $6::double precision", "FILTER (WHERE kind = $13::text)"},
			[]string{"territories", "'association'"}, 5, 13},
		{"a région joins the communes", 6, data.ItemsQuery{BBox: france, Equals: []data.PropertyFilter{{Name: "region", Value: "84"}}},
			[]string{"FROM actors a LEFT JOIN territories c", "c.region = $5::text"}, nil, 5, 13},
		{"a CQL2 filter", 6, data.ItemsQuery{BBox: france, Filter: filter}, []string{"AND ((a.sector) = $5::text OR (a.employer) = $6::boolean)", "/ $7::double precision"}, nil, 6, 14},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := clustersPlan(c.zoom, c.q)
			if err != nil {
				t.Fatal(err)
			}
			checkSQL(t, p.sql, c.has, c.lacks)
			if len(p.args) != c.args {
				t.Fatalf("got %d args, want %d", len(p.args), c.args)
			}
			if got, want := p.args[c.side], geo.ClusterCellDegrees(c.zoom); got != want {
				t.Errorf("side: got %v, want %v", got, want)
			}
			for i, k := range geo.ActorKinds { // the kinds end the arguments, in order
				if got := p.args[len(p.args)-len(geo.ActorKinds)+i]; got != string(k) {
					t.Errorf("kind argument %d: got %v, want %s", i, got, k)
				}
			}
		})
	}
	for _, c := range []struct {
		name, param string
		zoom        int
		q           data.ItemsQuery
	}{
		{"no bbox", "bbox", 5, data.ItemsQuery{}},
		{"zoom 23", "zoom", 23, data.ItemsQuery{BBox: france}},
		{"too many cells", "bbox", 12, data.ItemsQuery{BBox: france}},
		{"not a queryable", "siren", 5, data.ItemsQuery{BBox: france, Equals: []data.PropertyFilter{{Name: "siren", Value: "x"}}}},
	} {
		var fe *data.FilterError
		if _, err := clustersPlan(c.zoom, c.q); !errors.As(err, &fe) || fe.Property != c.param || !errors.Is(err, data.ErrInvalidFilter) {
			t.Errorf("%s: got %v, want a FilterError naming %s", c.name, err, c.param)
		}
	}
}
