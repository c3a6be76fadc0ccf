package postgis

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// observatoryScope is an Observatory scope: France when both are "".
type observatoryScope struct {
	level geo.Level
	code  string
}

func TestObservatoryPlan(t *testing.T) {
	t.Parallel()
	evil := "84'; DROP TABLE actors; --"
	cases := []struct {
		level geo.Level
		conds []string // in the statement
		args  []any
	}{
		{"", []string{"FROM partnership_end_counts", "WHERE (a_fr) OR (b_fr)", "FROM actor_class_counts s", "WHERE s.fr"}, nil},
		{geo.LevelRegion, []string{"FROM partnership_end_counts", "a_region = $1", "b_region = $1", "ac.region = $1"}, []any{evil}},
		{geo.LevelDepartement, []string{"FROM partnership_end_counts", "a_departement = $1", "b_departement = $1", "ac.departement = $1"}, []any{evil}},
		{geo.LevelEPCI, []string{"FROM actor_class_counts s", "ac.epci = $1", "p.a_epci = $1", "p.b_epci = $1",
			"p.a_commune = ANY($2::text[]) OR p.b_commune = ANY($2::text[])"},
			[]any{evil, []string{"69123", "69266"}}},
		{geo.LevelCommune, []string{"FROM actor_class_counts s", "s.commune = $1", "p.a_commune = $1", "p.b_commune = $1",
			"p.a_commune = $1 OR p.b_commune = $1"}, []any{evil}},
	}
	for _, c := range cases {
		code := ""
		if c.level != "" {
			code = evil
		}
		var communes []string
		if c.level == geo.LevelEPCI {
			communes = []string{"69123", "69266"}
		}
		p := observatoryPlan(c.level, code, communes, nil)
		if strings.Contains(p.sql, "{{") || strings.Contains(p.sql, "DROP") {
			t.Errorf("%q: placeholder or user text left in the statement:\n%s", c.level, p.sql)
		}
		for _, cond := range c.conds {
			if !strings.Contains(p.sql, cond) {
				t.Errorf("%q: no %q in the statement", c.level, cond)
			}
		}
		if !reflect.DeepEqual(p.args, c.args) {
			t.Errorf("%q: args %v, want %v", c.level, p.args, c.args)
		}
	}
}

// TestObservatoryCountsMatchRows checks, on the contract fixture, that the
// counts PostgreSQL computes for every scope (France and each territory of
// every level) are the ones geo.CountObservatory gives on the rows of that
// scope read back from the same database. The fixture is also loaded with
// every partnership's ends swapped (the demo always puts the company first
// and the collectivité second, and the statement must not depend on it),
// and with actors on the boundaries the figures draw: exactly 10 and 1000
// employees, no sector, associations declaring no domain.
func TestObservatoryCountsMatchRows(t *testing.T) {
	t.Parallel()
	swap := func(ds *dataset.Dataset) {
		for i := range ds.Partnerships {
			p := &ds.Partnerships[i]
			p.ActorA, p.ActorB = p.ActorB, p.ActorA
		}
	}
	boundaries := func(ds *dataset.Dataset) {
		for i := range ds.Actors {
			a := &ds.Actors[i]
			switch a.ID {
			case 1: // Industries Lumière, a company
				a.Employees = 1000
			case 6: // Services Paris, a company
				a.Employees, a.Sector = 10, ""
			case 5, 7: // associations
				a.Domains = nil
			}
		}
	}
	cases := []struct {
		name   string
		modify func(*dataset.Dataset)
	}{
		{"fixture", func(*dataset.Dataset) {}},
		{"ends swapped", swap},
		{"boundaries", boundaries},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ds := storetest.Fixture()
			c.modify(ds)
			s, _ := newTestStore(t)
			if err := s.LoadDataset(context.Background(), ds, nil); err != nil {
				t.Fatalf("LoadDataset: %v", err)
			}
			scopes := []observatoryScope{{"", ""}}
			for _, tr := range ds.Territories {
				scopes = append(scopes, observatoryScope{tr.Level, tr.Code})
			}
			for _, sc := range scopes {
				got, want := pgCountsAndRows(t, s, sc)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s %q:\nSQL  %+v\nrows %+v", sc.level, sc.code, got, want)
				}
			}
		})
	}
}

// pgCountsAndRows returns the counts the observatory statement gives for a
// scope and geo.CountObservatory's on the rows in scope, read in the same
// snapshot.
func pgCountsAndRows(t *testing.T, s *Store, sc observatoryScope) (sql, rows geo.ObservatoryCounts) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			if sql, _, err = observatoryCounts(ctx, tx, sc.level, sc.code, nil); err != nil {
				return err
			}
			in, err := observatoryRows(ctx, tx, sc.level, sc.code)
			if err != nil {
				return err
			}
			rows, err = geo.CountObservatory(ctx, in)
			return err
		})
	if err != nil {
		t.Fatalf("%s %q: %v", sc.level, sc.code, err)
	}
	return sql, rows
}

// sqlCounts returns the counts the observatory statement gives for a scope.
func sqlCounts(t *testing.T, s *Store, sc observatoryScope) geo.ObservatoryCounts {
	t.Helper()
	ctx := context.Background()
	var c geo.ObservatoryCounts
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			c, _, err = observatoryCounts(ctx, tx, sc.level, sc.code, nil)
			return err
		})
	if err != nil {
		t.Fatalf("%s %q: %v", sc.level, sc.code, err)
	}
	return c
}

// observatoryRows reads the rows of a scope as geo.CountObservatory wants
// them: what Observatory did before the counting moved into SQL, kept as the
// oracle the counts are checked against.
func observatoryRows(ctx context.Context, tx pgx.Tx, level geo.Level, code string) (geo.ObservatoryInput, error) {
	in := geo.ObservatoryInput{Level: level, Territory: code, Kinds: map[int64]geo.ActorKind{}}
	p := scopedActorsPlan(level, code)
	rows, err := tx.Query(ctx, p.sql, p.args...)
	if err != nil {
		return in, err
	}
	if in.Actors, err = pgx.CollectRows(rows, scanActor); err != nil {
		return in, err
	}
	p = scopedPartnershipsPlan(level, code)
	rows, err = tx.Query(ctx, p.sql, p.args...)
	if err != nil {
		return in, err
	}
	if in.Partnerships, err = pgx.CollectRows(rows, scanPartnership); err != nil {
		return in, err
	}
	ids := make([]int64, len(in.Partnerships))
	for i, p := range in.Partnerships {
		ids[i] = p.ID
	}
	rows, err = tx.Query(ctx, fixedSQL("actor_kinds"), ids)
	if err != nil {
		return in, err
	}
	var id int64
	var kind string
	_, err = pgx.ForEachRow(rows, []any{&id, &kind}, func() error {
		in.Kinds[id] = geo.ActorKind(kind)
		return nil
	})
	return in, err
}

// scopedActorsPlan selects the actors in scope, as rows.
func scopedActorsPlan(level geo.Level, code string) plan {
	var args argList
	sql := fixedSQL("actor_select") + "\n WHERE " + scopeCondition(level, code, &args)
	return plan{sql, args}
}

// scopedPartnershipsPlan selects the partnerships with an end in scope, as
// rows.
func scopedPartnershipsPlan(level geo.Level, code string) plan {
	var args argList
	sql := "WITH scope AS (SELECT a.id FROM actors a\n" +
		" LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune\n" +
		" WHERE " + scopeCondition(level, code, &args) + ")\n" +
		fixedSQL("partnership_select") +
		"\n WHERE p.actor_a IN (SELECT id FROM scope) OR p.actor_b IN (SELECT id FROM scope)"
	return plan{sql, args}
}

// TestObservatoryDemo loads the demo into PostGIS and the embedded store
// and compares Observatory for France, every région and a few
// départements, EPCIs and communes (one with no actor): the same figures,
// and PostgreSQL's counts equal to geo.CountObservatory's on the dataset's
// rows. Then it checks the régions add up to France. Skipped with -short.
func TestObservatoryDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loading the demo takes seconds; skipped with -short")
	}
	t.Parallel()
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newTestStore(t)
	ctx := context.Background()
	if err := s.LoadDataset(ctx, ds, nil); err != nil {
		t.Fatalf("LoadDataset: %v", err)
	}
	mem, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	scopes, regions := demoObservatoryScopes(t, ds)
	for _, sc := range scopes {
		want, err := mem.ObservatoryCounts(ctx, sc.level, sc.code, nil)
		if err != nil {
			t.Fatalf("embedded Observatory(%s, %q): %v", sc.level, sc.code, err)
		}
		got, err := s.ObservatoryCounts(ctx, sc.level, sc.code, nil)
		if err != nil {
			t.Fatalf("PostGIS Observatory(%s, %q): %v", sc.level, sc.code, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Observatory(%s, %q):\nPostGIS  %+v\nembedded %+v", sc.level, sc.code, got, want)
		}
		sql := sqlCounts(t, s, sc)
		if rows, err := geo.CountObservatory(context.Background(), datasetObservatoryInput(ds, sc)); err != nil || !reflect.DeepEqual(sql, rows) {
			t.Errorf("counts of %s %q:\nSQL     %+v\ndataset %+v", sc.level, sc.code, sql, rows)
		}
	}
	t.Run("régions add up to France", func(t *testing.T) { checkRegionsAddUp(t, s, regions) })
}

// demoObservatoryScopes are France, every région, a few départements
// (mainland, Corsica, overseas), the first, a middle and the last EPCI, and
// the communes of Lyon and Paris, the first commune and one with no actor;
// then the région codes.
func demoObservatoryScopes(t *testing.T, ds *dataset.Dataset) ([]observatoryScope, []string) {
	scopes := []observatoryScope{{"", ""}}
	var regions, epcis, communes []string
	for _, tr := range ds.Territories {
		switch tr.Level {
		case geo.LevelRegion:
			regions = append(regions, tr.Code)
		case geo.LevelEPCI:
			epcis = append(epcis, tr.Code)
		case geo.LevelCommune:
			communes = append(communes, tr.Code)
		}
	}
	slices.Sort(regions)
	slices.Sort(epcis)
	slices.Sort(communes)
	if len(regions) != 18 || len(epcis) == 0 || len(communes) == 0 {
		t.Fatalf("demo: %d régions, %d EPCIs, %d communes", len(regions), len(epcis), len(communes))
	}
	for _, r := range regions {
		scopes = append(scopes, observatoryScope{geo.LevelRegion, r})
	}
	for _, d := range []string{"69", "75", "2A", "971"} {
		scopes = append(scopes, observatoryScope{geo.LevelDepartement, d})
	}
	for _, e := range []string{epcis[0], epcis[len(epcis)/2], epcis[len(epcis)-1]} {
		scopes = append(scopes, observatoryScope{geo.LevelEPCI, e})
	}
	withActors := map[string]bool{}
	for _, a := range ds.Actors {
		withActors[a.CommuneCode] = true
	}
	empty := slices.IndexFunc(communes, func(c string) bool { return !withActors[c] })
	if empty < 0 {
		t.Fatal("demo: every commune has an actor")
	}
	for _, c := range []string{"69123", "75056", communes[0], communes[empty]} {
		scopes = append(scopes, observatoryScope{geo.LevelCommune, c})
	}
	return scopes, regions
}

// datasetObservatoryInput is what geo.CountObservatory is given for a scope
// of a derived dataset: the actors whose commune is, or lies in, the
// territory (all in France for the zero scope), the partnerships with an
// end among them, and every actor's kind.
func datasetObservatoryInput(ds *dataset.Dataset, sc observatoryScope) geo.ObservatoryInput {
	in := geo.ObservatoryInput{Level: sc.level, Territory: sc.code, Kinds: map[int64]geo.ActorKind{}, ScaleFactor: ds.ScaleFactor}
	communes := map[string]geo.Territory{}
	for _, tr := range ds.Territories {
		if tr.Level == geo.LevelCommune {
			communes[tr.Code] = tr
		}
	}
	ids := map[int64]bool{}
	for _, a := range ds.Actors {
		in.Kinds[a.ID] = a.Kind
		c := communes[a.CommuneCode]
		var ok bool
		switch sc.level {
		case "":
			ok = !a.Abroad()
		case geo.LevelRegion:
			ok = c.RegionCode == sc.code
		case geo.LevelDepartement:
			ok = c.DepartementCode == sc.code
		case geo.LevelEPCI:
			ok = c.EPCICode == sc.code
		case geo.LevelCommune:
			ok = a.CommuneCode == sc.code
		}
		if ok {
			in.Actors = append(in.Actors, a)
			ids[a.ID] = true
		}
	}
	for _, p := range ds.Partnerships {
		if ids[p.ActorA] || ids[p.ActorB] {
			in.Partnerships = append(in.Partnerships, p)
		}
	}
	return in
}

// checkRegionsAddUp checks the figures of the régions against France's.
// Every actor in France lies in exactly one région (checked here: the
// régions' actors add up to France's), and whether an actor partners, how
// many partnerships it has and of what kind are facts about the actor, the
// same in any scope holding it. So every figure counting actors, or the
// partnerships of actors (averages, company_local_partner…), has régions'
// numerators and denominators adding up to France's. A partnership is in
// the scope of each région holding one of its ends: partnerships_total adds
// up to France's plus the partnerships between two régions, and
// company_domain_ranking's numerator (partnerships in insertion_emploi with
// a company end) to at least France's. The comparisons (sector_lean) have
// neither.
func checkRegionsAddUp(t *testing.T, s *Store, regions []string) {
	ctx := context.Background()
	france, err := storetest.Figures(ctx, s, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	type sum struct{ num, den float64 }
	sums := map[string]sum{}
	for _, r := range regions {
		o, err := storetest.Figures(ctx, s, geo.LevelRegion, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range o.Figures {
			x := sums[f.ID]
			sums[f.ID] = sum{x.num + f.Numerator, x.den + f.Denominator}
		}
	}
	var crossing float64
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM partnerships WHERE a_region <> b_region").Scan(&crossing); err != nil {
		t.Fatal(err)
	}
	if crossing == 0 {
		t.Error("no partnership between two régions: the check below proves nothing")
	}
	checked := 0
	for _, f := range france.Figures {
		x := sums[f.ID]
		switch f.ID {
		case "sector_lean":
			continue
		case "partnerships_total":
			if x.num != f.Numerator+crossing {
				t.Errorf("%s: régions add up to %v, want France's %v + %v between régions", f.ID, x.num, f.Numerator, crossing)
			}
		case "company_domain_ranking":
			if x.num < f.Numerator || x.den < f.Denominator {
				t.Errorf("%s: régions add up to %v/%v, below France's %v/%v", f.ID, x.num, x.den, f.Numerator, f.Denominator)
			}
		default:
			if x.num != f.Numerator || x.den != f.Denominator {
				t.Errorf("%s: régions add up to %v/%v, France has %v/%v", f.ID, x.num, x.den, f.Numerator, f.Denominator)
			}
		}
		checked++
	}
	if checked != len(france.Figures)-1 {
		t.Errorf("checked %d figures of %d", checked, len(france.Figures))
	}
}

// BenchmarkObservatoryFrance measures the national observatory, every
// figure over every actor in France, on the demo or the database at
// MAILLAGE_BENCH_DATABASE_URL (e.g. loaded by `maillage demo load --scale
// 100`, 1.2 M partnerships).
func BenchmarkObservatoryFrance(b *testing.B) {
	benchmarkObservatory(b, observatoryScope{"", ""})
}

// BenchmarkObservatoryTerritory measures the observatory of a région, a
// département and a commune, whose partnerships are found through the
// actor indexes rather than by reading them all.
func BenchmarkObservatoryTerritory(b *testing.B) {
	for _, sc := range []observatoryScope{{geo.LevelRegion, "84"}, {geo.LevelDepartement, "69"}, {geo.LevelCommune, "69123"}} {
		b.Run(string(sc.level), func(b *testing.B) { benchmarkObservatory(b, sc) })
	}
}

func benchmarkObservatory(b *testing.B, sc observatoryScope) {
	ctx := context.Background()
	s := benchStore(b)
	reportPartnerships(b, s)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.ObservatoryCounts(ctx, sc.level, sc.code, nil); err != nil {
			b.Fatal(err)
		}
	}
}
