package postgis

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// TestSourcesFollowTheCatalog checks every collection of data.Catalog() has
// a source whose properties are the catalogue's, in order, with names safe
// to write inside SQL string literals.
func TestSourcesFollowTheCatalog(t *testing.T) {
	t.Parallel()
	safe := regexp.MustCompile(`^[a-z][a-z_]*$`)
	for _, c := range data.Catalog() {
		src, ok := sourceOf(c.ID)
		if !ok {
			t.Errorf("%s: no source", c.ID)
			continue
		}
		var got, want []string
		for _, p := range src.props {
			got = append(got, p.name)
			if !safe.MatchString(p.name) {
				t.Errorf("%s: property name %q is not plain snake_case", c.ID, p.name)
			}
		}
		for _, p := range c.Properties {
			want = append(want, p.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s properties: got %v, want %v", c.ID, got, want)
		}
		if src.intID != (c.IDType == data.TypeInteger) {
			t.Errorf("%s: intID %v, catalogue id type %s", c.ID, src.intID, c.IDType)
		}
		if src.level != c.Level {
			t.Errorf("%s: level %q, catalogue %q", c.ID, src.level, c.Level)
		}
	}
	if _, ok := sourceOf("nope"); ok {
		t.Error("sourceOf(nope): got a source")
	}
}

func TestFeaturesPlan(t *testing.T) {
	t.Parallel()
	bbox := &orb.Bound{Min: orb.Point{4.8, 45.7}, Max: orb.Point{4.9, 45.8}}
	cases := []struct {
		name       string
		collection string
		q          data.ItemsQuery
		contains   []string
		args       []any
	}{
		{"actors, first page", data.CollectionActors, data.ItemsQuery{},
			[]string{`SELECT '{"type":"Feature","id":' || a.id::text || ',"geometry":' || ST_AsGeoJSON(a.geom, 7)`,
				`"name":' || coalesce(to_json(a.name)::text, 'null') || '`,
				"\nFROM actors a LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune",
				"\nORDER BY a.id\nLIMIT $1 OFFSET $2"},
			[]any{data.MaxLimit, 0}},
		{"actors in a bbox", data.CollectionActors, data.ItemsQuery{BBox: bbox, Limit: 10, Offset: 20},
			[]string{"\nWHERE a.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND ST_Intersects(a.geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))",
				"\nLIMIT $5 OFFSET $6"},
			[]any{4.8, 45.7, 4.9, 45.8, 10, 20}},
		{"communes in a bbox", data.CollectionCommunes, data.ItemsQuery{BBox: bbox, Limit: 5},
			[]string{`'{"type":"Feature","id":' || to_json(t.code)::text`,
				"\nWHERE t.level = $1 AND t.geom && ST_MakeEnvelope($2, $3, $4, $5, 4326)",
				"\nORDER BY t.code\nLIMIT $6 OFFSET $7"},
			[]any{"commune", 4.8, 45.7, 4.9, 45.8, 5, 0}},
		{"partnerships", data.CollectionPartnerships, data.ItemsQuery{Limit: 1},
			[]string{"ST_AsGeoJSON(p.geom, 7)", "JOIN actors pa ON pa.id = p.actor_a", `"kind_b":' || coalesce(to_json(pb.kind)::text, 'null')`,
				`"end":' || coalesce(to_json(p.end_date)::text, 'null') || '}}'`, "\nORDER BY p.id"},
			[]any{1, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src, _ := sourceOf(c.collection)
			p := featuresPlan(src, c.q)
			for _, s := range c.contains {
				if !strings.Contains(p.sql, s) {
					t.Errorf("SQL lacks %q:\n%s", s, p.sql)
				}
			}
			if !slices.Equal(p.args, c.args) {
				t.Errorf("args: got %v, want %v", p.args, c.args)
			}
		})
	}
}

func TestCountAndItemPlans(t *testing.T) {
	t.Parallel()
	src, _ := sourceOf(data.CollectionPartnerships)
	bbox := &orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}
	p := countPlan(src, data.ItemsQuery{BBox: bbox, Limit: 5, Offset: 9})
	want := "SELECT count(*) FROM partnerships p\nWHERE p.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND ST_Intersects(p.geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))"
	if p.sql != want || !slices.Equal(p.args, []any{1.0, 2.0, 3.0, 4.0}) {
		t.Errorf("count plan: got %q %v, want %q and the bbox only", p.sql, p.args, want)
	}
	src, _ = sourceOf(data.CollectionDepartements)
	p = itemPlan(src, "2A")
	if !strings.HasSuffix(p.sql, "\nWHERE t.level = $1 AND t.code = $2") || !slices.Equal(p.args, []any{"departement", "2A"}) {
		t.Errorf("item plan: got %q %v", p.sql, p.args)
	}
}

// TestUserValuesAreArguments feeds hostile text where requests reach the
// builders and checks none of it enters the SQL.
func TestUserValuesAreArguments(t *testing.T) {
	t.Parallel()
	evil := "84'; DROP TABLE actors; --"
	src, _ := sourceOf(data.CollectionCommunes)
	plans := []plan{itemPlan(src, evil), scopedActorsPlan(geo.LevelDepartement, evil),
		scopedPartnershipsPlan(geo.LevelRegion, evil)}
	if p, ok := childrenPlan(geo.LevelDepartement, evil, geo.LevelCommune); ok {
		plans = append(plans, p)
	}
	for _, p := range plans {
		if strings.Contains(p.sql, "DROP") {
			t.Errorf("user text reached the SQL: %s", p.sql)
		}
		if !slices.Contains(p.args, any(evil)) {
			t.Errorf("user text is not an argument: %v", p.args)
		}
	}
}

func TestChildrenPlan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		parentLevel, child geo.Level
		column             string
	}{
		{geo.LevelRegion, geo.LevelDepartement, `t."region" = $2`},
		{geo.LevelRegion, geo.LevelCommune, `t."region" = $2`},
		{geo.LevelDepartement, geo.LevelEPCI, `t."departement" = $2`},
		{geo.LevelEPCI, geo.LevelCommune, `t."epci" = $2`},
		{geo.LevelDepartement, geo.LevelRegion, ""},
		{geo.LevelCommune, geo.LevelCommune, ""},
		{geo.LevelEPCI, geo.LevelEPCI, ""},
		{geo.LevelRegion, "canton", ""},
		{"canton", geo.LevelCommune, ""},
	}
	for _, c := range cases {
		p, ok := childrenPlan(c.parentLevel, "x", c.child)
		if ok != (c.column != "") {
			t.Errorf("childrenPlan(%s, %s): ok %v, want %v", c.parentLevel, c.child, ok, c.column != "")
			continue
		}
		if ok && (!strings.Contains(p.sql, c.column) || !strings.HasSuffix(p.sql, "ORDER BY t.code") ||
			!slices.Equal(p.args, []any{string(c.child), "x"})) {
			t.Errorf("childrenPlan(%s, %s): got %q %v, want %s", c.parentLevel, c.child, p.sql, p.args, c.column)
		}
	}
}

// TestFixedSQL checks every statement the package names is embedded.
func TestFixedSQL(t *testing.T) {
	t.Parallel()
	names := []string{"territory_select", "territory_exists", "actor_select",
		"partnership_select", "scale_factor", "set_scale_factor", "actor_kinds",
		"resolver_territories", "resolver_actors", "resolver_indicators", "resolver_alliances",
		"configure_session", "bulk_timeout"}
	for _, st := range datasetStages(storetest.Fixture()) {
		names = append(names, "stage_"+st.name, "upsert_"+st.name)
		if st.checked {
			names = append(names, "check_"+st.name)
		}
	}
	files, _ := fs.Glob(queryFiles, "sql/*.sql")
	for _, f := range files {
		if name := strings.TrimSuffix(strings.TrimPrefix(f, "sql/"), ".sql"); !slices.Contains(names, name) {
			t.Errorf("%s is embedded but never used", f)
		}
	}
	for _, name := range names {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("fixedSQL(%s): %v", name, r)
				}
			}()
			if fixedSQL(name) == "" {
				t.Errorf("fixedSQL(%s) is empty", name)
			}
		}()
	}
}
