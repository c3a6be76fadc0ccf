package postgis

import (
	"errors"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/migrations"
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
		// The filter whitelist is the catalogue's queryables, each compared
		// through the very expression the feature shows.
		var filters []string
		for name, f := range src.filters {
			filters = append(filters, name)
			if i := slices.IndexFunc(src.props, func(p prop) bool { return p.name == name }); i < 0 || src.props[i].expr != f.expr {
				t.Errorf("%s: filter %s is %q, not its property's expression", c.ID, name, f.expr)
			}
		}
		slices.Sort(filters)
		queryables := slices.Sorted(slices.Values(c.Queryables))
		if !slices.Equal(filters, queryables) {
			t.Errorf("%s filters: got %v, want the queryables %v", c.ID, filters, queryables)
		}
		if (src.start != "") != (c.Temporal != "") {
			t.Errorf("%s: temporal column %q, catalogue %q", c.ID, src.start, c.Temporal)
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
				`',"properties":' || '{"name":' || coalesce(to_json(a.name)::text, 'null') || ',"kind":' || coalesce('"' || (a.kind) || '"', 'null')`,
				"\nFROM actors a LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune",
				"\nORDER BY a.id\nLIMIT $1"},
			[]any{data.MaxLimit}},
		{"actors in a bbox, a page further", data.CollectionActors, data.ItemsQuery{BBox: bbox, Limit: 10, Offset: 20},
			[]string{"\nWHERE a.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)" + // points: && is exact
				"\n  AND a.id IN (SELECT a.id FROM actors a\nWHERE a.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)\n  ORDER BY a.id\n  LIMIT $5 OFFSET $6)" +
				"\nORDER BY a.id\nLIMIT $5"},
			[]any{4.8, 45.7, 4.9, 45.8, 10, 20}},
		{"actors sorted by their département, a page further", data.CollectionActors,
			data.ItemsQuery{SortBy: []data.SortKey{{Name: "departement", Desc: true}}, Limit: 10, Offset: 100},
			[]string{"\nFROM actors a LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune" +
				"\nWHERE a.id IN (SELECT a.id FROM actors a LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune" +
				"\n  ORDER BY (c.departement) COLLATE \"C\" DESC NULLS LAST, a.id\n  LIMIT $1 OFFSET $2)" +
				"\nORDER BY (c.departement) COLLATE \"C\" DESC NULLS LAST, a.id\nLIMIT $1"},
			[]any{10, 100}},
		{"communes in a bbox", data.CollectionCommunes, data.ItemsQuery{BBox: bbox, Limit: 5},
			[]string{`'{"type":"Feature","id":' || to_json(t.code)::text`,
				"\nWHERE t.level = $1 AND t.geom && ST_MakeEnvelope($2, $3, $4, $5, 4326) AND ST_Intersects(t.geom, ST_MakeEnvelope($2, $3, $4, $5, 4326))",
				"\nORDER BY t.code\nLIMIT $6"},
			[]any{"commune", 4.8, 45.7, 4.9, 45.8, 5}},
		{"actors by kind after a cursor", data.CollectionActors,
			data.ItemsQuery{After: "0042", Equals: []data.PropertyFilter{{Name: "kind", Value: "association"}}, Limit: 10},
			[]string{"\nWHERE a.kind = $1::text AND (a.kind, a.id) > ($1::text, $2::bigint)\nORDER BY a.id\nLIMIT $3"},
			[]any{"association", int64(42), 10}},
		{"actors by a derived value after a cursor", data.CollectionActors,
			data.ItemsQuery{After: "42", Equals: []data.PropertyFilter{{Name: "size_class", Value: "1-9"}, {Name: "employer", Value: "false"}}},
			[]string{" END = $1::text AND a.employer = $2::boolean AND (a.employer, a.id) > ($2::boolean, $3::bigint)\n"},
			[]any{"1-9", false, int64(42), data.MaxLimit}},
		// The partial indexes of migration 00032: a rare value seeks in
		// its index, the common one walks the primary key.
		{"actors abroad after a cursor", data.CollectionActors,
			data.ItemsQuery{After: "42", Equals: []data.PropertyFilter{{Name: "country", Value: "DE"}}},
			[]string{"\nWHERE a.country = $1::text AND (a.country, a.id) > ($1::text, $2::bigint)\n"},
			[]any{"DE", int64(42), data.MaxLimit}},
		{"actors in France after a cursor", data.CollectionActors,
			data.ItemsQuery{After: "42", Equals: []data.PropertyFilter{{Name: "country", Value: "FR"}}},
			[]string{"\nWHERE a.country = $1::text AND a.id > $2::bigint\n"},
			[]any{"FR", int64(42), data.MaxLimit}},
		{"insertion structures, then the rest, after a cursor", data.CollectionActors,
			data.ItemsQuery{After: "42", Equals: []data.PropertyFilter{{Name: "insertion", Value: "true"}, {Name: "active", Value: "true"}}},
			[]string{"\nWHERE a.insertion = $1::boolean AND a.active = $2::boolean AND (a.insertion, a.id) > ($1::boolean, $3::bigint)\n"},
			[]any{true, true, int64(42), data.MaxLimit}},
		{"active actors, then closed ones, after a cursor", data.CollectionActors,
			data.ItemsQuery{After: "42", Equals: []data.PropertyFilter{{Name: "active", Value: "true"}, {Name: "active", Value: "false"}}},
			[]string{"\nWHERE a.active = $1::boolean AND a.active = $2::boolean AND (a.active, a.id) > ($2::boolean, $3::bigint)\n"},
			[]any{true, false, int64(42), data.MaxLimit}},
		{"partnerships by kind of actor after a cursor", data.CollectionPartnerships,
			data.ItemsQuery{After: "42", Equals: []data.PropertyFilter{{Name: "kind_a", Value: "etat"}}},
			[]string{"\nWHERE p.a_kind = $1::text AND p.id > $2::bigint\n"},
			[]any{"etat", int64(42), data.MaxLimit}},
		{"actors: booleans, derived size class, the commune's région", data.CollectionActors,
			data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "employer", Value: "true"}, {Name: "size_class", Value: "1-9"},
				{Name: "region", Value: "84"}}},
			[]string{"a.employer = $1::boolean AND CASE WHEN a.employees <= 0 THEN '0'", " END = $2::text AND c.region = $3::text\n"},
			[]any{true, "1-9", "84", data.MaxLimit}},
		{"communes after a Corsican code", data.CollectionCommunes,
			data.ItemsQuery{After: "2A004", Equals: []data.PropertyFilter{{Name: "density_class", Value: "01"}}},
			[]string{`WHERE t.level = $1 AND t.density_class = $2::bigint AND t.code > $3::text COLLATE "C"` + "\nORDER BY t.code"},
			[]any{"commune", int64(1), "2A004", data.MaxLimit}},
		{"partnerships by kind of actor, in an interval", data.CollectionPartnerships,
			data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "kind_a", Value: "etat"}},
				During: &data.Interval{Start: time.Date(2019, 3, 1, 12, 0, 0, 0, time.UTC), End: time.Date(2020, 1, 15, 0, 0, 0, 0, time.UTC)}},
			[]string{"\nWHERE p.a_kind = $1::text AND p.start_date <= $2::date AND (p.end_date IS NULL OR p.end_date >= $3::date)\n"},
			[]any{"etat", time.Date(2020, 1, 15, 0, 0, 0, 0, time.UTC), time.Date(2019, 3, 2, 0, 0, 0, 0, time.UTC), data.MaxLimit}},
		{"partnerships active since a date", data.CollectionPartnerships,
			data.ItemsQuery{During: &data.Interval{Start: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)}},
			[]string{"\nWHERE (p.end_date IS NULL OR p.end_date >= $1::date)\n"},
			[]any{time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC), data.MaxLimit}},
		{"partnerships started by a date", data.CollectionPartnerships,
			data.ItemsQuery{During: &data.Interval{End: time.Date(2019, 3, 1, 23, 0, 0, 0, time.FixedZone("", -2*3600))}},
			[]string{"\nWHERE p.start_date <= $1::date\n"},
			[]any{time.Date(2019, 3, 2, 0, 0, 0, 0, time.UTC), data.MaxLimit}},
		{"partnerships in no instant", data.CollectionPartnerships,
			data.ItemsQuery{During: &data.Interval{Start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}},
			[]string{"\nWHERE false\n"}, []any{data.MaxLimit}},
		{"partnerships", data.CollectionPartnerships, data.ItemsQuery{Limit: 1},
			[]string{"ST_AsGeoJSON(p.geom, 7)", "\nFROM partnerships p\n", `',"kind_b":' || coalesce(to_json(p.b_kind)::text, 'null')`,
				`',"end":' || coalesce(to_json(p.end_date)::text, 'null') || ',"stage":' || coalesce('"' || (p.stage) || '"', 'null') || ',"length_km":' || coalesce((round(ST_Length(p.geom::geography, false)) / 1000)::text, 'null') || '}' || '}'`, "\nORDER BY p.id"},
			[]any{1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src, _ := sourceOf(c.collection)
			p, err := featuresPlan(src, c.q)
			if err != nil {
				t.Fatal(err)
			}
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
	p, err := countPlan(src, data.ItemsQuery{BBox: bbox, Limit: 5, Offset: 9, After: "3"})
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT count(*) FROM partnerships p\nWHERE ST_DWithin(p.geom, ST_MakeEnvelope($1, $2, $3, $4, 4326), 0)"
	if p.sql != want || !slices.Equal(p.args, []any{1.0, 2.0, 3.0, 4.0}) {
		t.Errorf("count plan: got %q %v, want %q and the bbox only", p.sql, p.args, want)
	}
	// A filter on an end's kind reads the partnership's own copy; the
	// cursor never counts.
	p, err = countPlan(src, data.ItemsQuery{After: "3", Equals: []data.PropertyFilter{{Name: "kind_b", Value: "etat"}}})
	if err != nil || !strings.HasPrefix(p.sql, "SELECT count(*) FROM "+src.from+"\nWHERE p.b_kind = $1::text") ||
		!slices.Equal(p.args, []any{"etat"}) {
		t.Errorf("count plan with a joined filter: got %q %v, %v", p.sql, p.args, err)
	}
	p, err = countPlan(src, data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "scale", Value: "local"}}})
	if err != nil || p.sql != "SELECT count(*) FROM partnerships p\nWHERE p.scale = $1::text" {
		t.Errorf("count plan with a filter on the table: got %q, %v", p.sql, err)
	}
	src, _ = sourceOf(data.CollectionDepartements)
	p = itemPlan(src, "2A", geo.CRS84)
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
	plans := []plan{itemPlan(src, evil, geo.CRS84), scopedActorsPlan(geo.LevelDepartement, evil),
		scopedPartnershipsPlan(geo.LevelRegion, evil)}
	q := data.ItemsQuery{After: evil, Equals: []data.PropertyFilter{{Name: "epci", Value: evil}}}
	for _, build := range []func(source, data.ItemsQuery) (plan, error){featuresPlan, countPlan} {
		p, err := build(src, q)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, p)
	}
	// A hostile property name is refused before any SQL is written.
	for _, name := range []string{evil, "siren", "t.code"} {
		_, err := featuresPlan(src, data.ItemsQuery{Equals: []data.PropertyFilter{{Name: name, Value: "x"}}})
		if !errors.Is(err, data.ErrInvalidFilter) {
			t.Errorf("filter on %q: got %v, want ErrInvalidFilter", name, err)
		}
	}
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
		"resolver_territories", "resolver_actors", "resolver_actor_ends", "resolver_indicators", "resolver_alliances",
		"configure_session", "bulk_timeout", "observatory_pairs", "observatory_kept_pairs", "observatory_kept_actors", "observatory_figures", "bulk_definitions", "bulk_triggers", "history_load",
		"territory_profiles", "postgis_warmup", "observatory_rows_actors"}
	stages := append(datasetStages(storetest.Fixture()), contoursStage(nil)) // contours: a kind of its own
	for _, st := range stages {
		names = append(names, "stage_"+st.name, "insert_"+st.name, "conflict_"+st.name)
		if st.checked {
			names = append(names, "check_"+st.name)
		}
		if st.bulk != nil && st.bulk.insertSQL != "" {
			names = append(names, st.bulk.insertSQL)
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

// TestFilterErrors checks values of the wrong type are refused with
// data.ErrInvalidFilter, naming the property, before any SQL runs.
func TestFilterErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		collection string
		q          data.ItemsQuery
		name       string
	}{
		{data.CollectionActors, data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "employer", Value: "maybe"}}}, "employer"},
		{data.CollectionCommunes, data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "density_class", Value: "x"}}}, "density_class"},
		{data.CollectionActors, data.ItemsQuery{After: "2A004"}, "after"},
		{data.CollectionAlliances, data.ItemsQuery{During: &data.Interval{}}, "datetime"},
	}
	for _, c := range cases {
		src, _ := sourceOf(c.collection)
		_, err := featuresPlan(src, c.q)
		if !errors.Is(err, data.ErrInvalidFilter) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s %+v: got %v, want ErrInvalidFilter naming %s", c.collection, c.q, err, c.name)
		}
	}
}

func TestExtentPlan(t *testing.T) {
	t.Parallel()
	src, _ := sourceOf(data.CollectionPartnerships)
	p := extentPlan(src)
	if !strings.Contains(p.sql, "ST_Extent(p.geom) AS e, min(p.start_date) AS first, CASE WHEN bool_and(p.end_date IS NOT NULL) THEN max(p.end_date) END AS last\nFROM partnerships p)") ||
		len(p.args) != 0 {
		t.Errorf("partnerships: got %q %v", p.sql, p.args)
	}
	src, _ = sourceOf(data.CollectionCommunes)
	p = extentPlan(src)
	if !strings.Contains(p.sql, "NULL::date AS first, NULL::date AS last\nFROM territories t\nWHERE t.level = $1)") ||
		!slices.Equal(p.args, []any{"commune"}) {
		t.Errorf("communes: got %q %v", p.sql, p.args)
	}
}

// TestSeekFiltersHaveIndexes checks every filter marked seek has its
// (column, id) index in the migrations: without it the row comparison of
// sqlAfter would only hide the primary key from the planner.
func TestSeekFiltersHaveIndexes(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	files, _ := fs.Glob(migrations.FS, "*.sql")
	for _, f := range files {
		b, _ := fs.ReadFile(migrations.FS, f)
		all.Write(b)
	}
	for _, c := range data.Catalog() {
		src, _ := sourceOf(c.ID)
		table, alias, _ := strings.Cut(src.table, " ")
		for name, f := range src.filters {
			if !f.seek {
				continue
			}
			column, ok := strings.CutPrefix(f.expr, alias+".")
			index := "ON " + table + " (" + column + ", " + strings.TrimPrefix(src.id, alias+".") + ")"
			// A common value's rows are left out of the index; the
			// predicate, written as by hand for each kind of value, is
			// what lets PostgreSQL use the index for every other value.
			switch common := f.common.(type) {
			case nil:
			case string:
				index += " WHERE " + column + " <> '" + common + "'"
			case bool:
				if common {
					index += " WHERE NOT " + column
				} else {
					index += " WHERE " + column
				}
			default:
				t.Errorf("%s: seek filter %s has a common value of type %T", c.ID, name, common)
			}
			index += ";"
			if !ok || f.joined || !src.intID || !strings.Contains(all.String(), index) {
				t.Errorf("%s: seek filter %s (%s) has no index %q", c.ID, name, f.expr, index)
			}
		}
	}
}
