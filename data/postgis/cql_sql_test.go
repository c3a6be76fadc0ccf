package postgis

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// TestSQLFilter checks the translation of filters as SQL text and
// arguments: every literal a cast $n, every property its whitelisted
// expression, strings ordered bytewise.
func TestSQLFilter(t *testing.T) {
	t.Parallel()
	tri, _ := wkb.Marshal(orb.Polygon{{{4.9, 45.4}, {5, 45.4}, {4.9, 45.5}, {4.9, 45.4}}})
	cases := []struct {
		name, collection, filter string
		sql                      string
		args                     []any
		joined                   bool
	}{
		{"equality", data.CollectionActors, "kind = 'association'", "(a.kind) = $1::text", []any{"association"}, false},
		{"a joined property", data.CollectionActors, "region = '84'", "(c.region) = $1::text", []any{"84"}, true},
		{"string order is bytewise", data.CollectionActors, "departement > '69'",
			`(c.departement) COLLATE "C" > $1::text COLLATE "C"`, []any{"69"}, true},
		{"logic", data.CollectionActors, "NOT (sector = 'public' OR reach <> 'local') AND employer = TRUE",
			"(NOT (((a.sector) = $1::text OR (a.reach) <> $2::text)) AND (a.employer) = $3::boolean)",
			[]any{"public", "local", true}, false},
		{"IS NULL", data.CollectionActors, "epci IS NOT NULL", "NOT ((c.epci) IS NULL)", nil, true},
		{"LIKE", data.CollectionActors, "commune LIKE '69%'", "(a.commune) LIKE $1::text", []any{"69%"}, false},
		{"IN", data.CollectionPartnerships, "actor_a IN (1, 2.5)", "(p.actor_a) IN ($1::bigint, $2::double precision)",
			[]any{int64(1), 2.5}, false},
		{"BETWEEN", data.CollectionCommunes, "density_class BETWEEN 2 AND 4",
			"(t.density_class) BETWEEN $1::bigint AND $2::bigint", []any{int64(2), int64(4)}, false},
		{"dates travel as text", data.CollectionActors, "DATE('2020-01-31') < TIMESTAMP('2020-02-01T00:00:00Z')",
			"$1::date < $2::timestamptz", nil, false},
		{"a box", data.CollectionActors, "S_INTERSECTS(geometry, BBOX(4.8, 45.7, 4.9, 45.8))",
			"ST_Intersects(a.geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))", []any{4.8, 45.7, 4.9, 45.8}, false},
		{"a polygon as WKB", data.CollectionDepartements, "S_INTERSECTS(POLYGON((4.9 45.4, 5.0 45.4, 4.9 45.5, 4.9 45.4)), geometry)",
			"ST_Intersects(ST_GeomFromWKB($1::bytea, 4326), t.geom)", []any{tri}, false},
		{"a derived value", data.CollectionActors, "size_class = '0'", "(CASE WHEN a.employees <= 0 THEN '0'", nil, false},
		{"a literal predicate", data.CollectionActors, "TRUE", "true", nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src, _ := sourceOf(c.collection)
			e, err := cql2.Parse(c.filter, cql2.LangText)
			if err != nil {
				t.Fatal(err)
			}
			var args argList
			sql, joined, err := sqlFilter(src, e, &args)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(sql, c.sql) {
				t.Errorf("got %s, want %s", sql, c.sql)
			}
			if c.args != nil && !reflect.DeepEqual([]any(args), c.args) {
				t.Errorf("args %#v, want %#v", []any(args), c.args)
			}
			if joined != c.joined {
				t.Errorf("joined %v, want %v", joined, c.joined)
			}
		})
	}
}

// TestFeaturesPlanWithPart3 checks the filter, the sort and the selection
// in a whole statement, and the refusals.
func TestFeaturesPlanWithPart3(t *testing.T) {
	t.Parallel()
	src, _ := sourceOf(data.CollectionActors)
	e, _ := cql2.Parse("kind = 'association'", cql2.LangText)
	q := data.ItemsQuery{Filter: e, Properties: []string{"reach", "kind"}, Limit: 5,
		SortBy: []data.SortKey{{Name: "reach", Desc: true}, {Name: "employer"}}}
	p, err := featuresPlan(src, q)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\nWHERE (a.kind) = $1::text\n",
		`ORDER BY (a.reach) COLLATE "C" DESC NULLS LAST, (a.employer) ASC NULLS LAST, a.id` + "\n",
		`',"properties":' || '{"kind":' || coalesce('"' || (a.kind) || '"', 'null') || ',"reach":' || coalesce('"' || (a.reach) || '"', 'null') || '}' || '}'`,
	} {
		if !strings.Contains(p.sql, want) {
			t.Errorf("SQL lacks %q:\n%s", want, p.sql)
		}
	}
	if strings.Contains(p.sql, `"name":`) {
		t.Errorf("SQL selects a property not asked for:\n%s", p.sql)
	}
	n, _ := cql2.Parse("region = '84'", cql2.LangText)
	cp, err := countPlan(src, data.ItemsQuery{Filter: n})
	if err != nil || !strings.Contains(cp.sql, "LEFT JOIN territories c") {
		t.Errorf("a count filtering on a joined property must keep the join: %v\n%s", err, cp.sql)
	}
	bad, _ := cql2.Parse("siren = 'x'", cql2.LangText)
	for _, q := range []data.ItemsQuery{
		{Filter: bad},
		{SortBy: []data.SortKey{{Name: "siren"}}},
		{Properties: []string{"nope"}},
		{SortBy: []data.SortKey{{Name: "kind"}}, After: "3"},
	} {
		if _, err := featuresPlan(src, q); !errors.Is(err, data.ErrInvalidFilter) {
			t.Errorf("featuresPlan(%+v): got %v, want ErrInvalidFilter", q, err)
		}
	}
}
