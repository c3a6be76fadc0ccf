package postgis

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

const actorsHeader = "id,name,kind,siren,rna,commune,country,lon,lat,precision,employees,employer,insertion,sector,reach,domains\n"

func importCSV(t *testing.T, s *Store, kind data.ImportKind, body string) (data.ImportResult, error) {
	t.Helper()
	return s.Import(context.Background(), data.ImportRequest{Kind: kind, Name: "test.csv", Body: strings.NewReader(body)})
}

func TestImportBadRowWritesNothing(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	before := digests(t, s)
	body := actorsHeader +
		"12,Nouvelle entreprise,entreprise,,,69123,FR,4.85,45.76,exact,20,,,services,local,culture\n" +
		"1,Industries Lumière renommées,entreprise,552032534,,69123,FR,4.84,45.76,exact,1200,,,industrie,national,\n" +
		"13,Ailleurs,association,,,69999,FR,4.85,45.76,exact,,,,,,\n"
	_, err := importCSV(t, s, data.ImportActors, body)
	var ie *data.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want a *data.ImportError", err)
	}
	if ie.File != "test.csv" || len(ie.Rows) != 1 || ie.Rows[0].Line != 4 {
		t.Fatalf("got %v, want one bad row at line 4 of test.csv", ie)
	}
	if !strings.Contains(err.Error(), "line 4") {
		t.Errorf("error %q does not name line 4", err)
	}
	if after := digests(t, s); !maps.Equal(before, after) {
		t.Errorf("tables changed by a rejected import:\nbefore %v\nafter  %v", before, after)
	}
}

func TestImportTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	body := actorsHeader +
		"12,Nouvelle entreprise,entreprise,,,69123,FR,4.85,45.76,exact,20,,,services,local,culture;sport\n" +
		"1,Industries Lumière renommées,entreprise,552032534,,69123,FR,4.84,45.76,exact,1200,,,industrie,national,\n"
	partnerships := "id,actor_a,actor_b,category,domain,start,end\n111,12,1,mecenat,culture,2024-01-01,\n"
	var first map[string]string
	for i := range 2 {
		res, err := importCSV(t, s, data.ImportActors, body)
		if err != nil || res.Rows != 2 {
			t.Fatalf("import %d of actors: got %+v, %v, want 2 rows", i+1, res, err)
		}
		if res, err := importCSV(t, s, data.ImportPartnerships, partnerships); err != nil || res.Rows != 1 {
			t.Fatalf("import %d of partnerships: got %+v, %v, want 1 row", i+1, res, err)
		}
		d := digests(t, s)
		if first == nil {
			first = d
		} else if !maps.Equal(first, d) {
			t.Errorf("second import changed the tables:\nfirst  %v\nsecond %v", first, d)
		}
	}
	a, err := s.Actor(context.Background(), 1)
	if err != nil || a.Name != "Industries Lumière renommées" || len(a.Domains) != 0 {
		t.Errorf("actor 1 after import: got %+v, %v; want renamed, no domains", a, err)
	}
	p, err := s.Partnership(context.Background(), 111)
	if err != nil || p.Scale != geo.ScaleLocal {
		t.Errorf("partnership 111: got %+v, %v; want local (same commune)", p, err)
	}
}

// TestMovingActorRederivesScale moves actor 6 (Paris) next to actor 1
// (Lyon), then abroad, and checks the scale and line of their partnership
// 106, whether the move comes from an import or a direct UPDATE.
func TestMovingActorRederivesScale(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	ctx := context.Background()
	check := func(when string, id int64, want geo.Scale) {
		t.Helper()
		p, err := s.Partnership(ctx, id)
		if err != nil || p.Scale != want {
			t.Errorf("%s: partnership %d scale: got %q, %v; want %q", when, id, p.Scale, err, want)
		}
	}
	check("before", 106, geo.ScaleNational)
	moved := actorsHeader + "6,Services Paris,entreprise,443061841,,69266,FR,4.881,45.771,exact,50,,,services,national,numerique\n"
	if _, err := importCSV(t, s, data.ImportActors, moved); err != nil {
		t.Fatal(err)
	}
	check("moved to Villeurbanne", 106, geo.ScaleLocal)
	check("moved to Villeurbanne", 108, geo.ScaleNational)
	var x, y float64
	if err := s.pool.QueryRow(ctx, "SELECT ST_X(ST_EndPoint(geom)), ST_Y(ST_EndPoint(geom)) FROM partnerships WHERE id = 106").Scan(&x, &y); err != nil || x != 4.881 || y != 45.771 {
		t.Errorf("line of 106 ends at (%g, %g), %v; want the new point (4.881, 45.771)", x, y, err)
	}

	if _, err := s.pool.Exec(ctx, "UPDATE actors SET commune = NULL, country = 'BE', geom = ST_SetSRID(ST_MakePoint(4.35, 50.85), 4326) WHERE id = 6"); err != nil {
		t.Fatal(err)
	}
	check("moved to Brussels", 106, geo.ScaleInternational)
	check("moved to Brussels", 108, geo.ScaleInternational)

	if _, err := s.pool.Exec(ctx, "UPDATE partnerships SET scale = 'local' WHERE id = 109"); err != nil {
		t.Fatal(err)
	}
	check("scale typed in", 109, geo.ScaleInternational)
}

// TestPartnershipsKeepTheirEnds checks the copies a partnership keeps of
// its actors' kind, sector and country (migration 00013): derived on
// write, followed when an actor changes, and never typed in.
func TestPartnershipsKeepTheirEnds(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	ctx := context.Background()
	// The copies equal the actors' columns, for every partnership.
	const mismatches = `SELECT count(*) FROM partnerships p JOIN actors a ON a.id = p.actor_a JOIN actors b ON b.id = p.actor_b
		WHERE (p.a_kind, p.a_sector, p.a_country, p.b_kind, p.b_sector, p.b_country)
		      IS DISTINCT FROM (a.kind, a.sector, a.country, b.kind, b.sector, b.country)`
	check := func(when string) {
		t.Helper()
		var n, all int
		if err := s.pool.QueryRow(ctx, mismatches).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM partnerships WHERE a_kind IS NOT NULL AND b_kind IS NOT NULL").Scan(&all); err != nil || all == 0 {
			t.Fatalf("%s: %d partnerships with both kinds (%v)", when, all, err)
		}
		if n != 0 {
			t.Errorf("%s: %d partnerships whose copies differ from their actors", when, n)
		}
	}
	check("after the load")
	for _, sql := range []string{
		"UPDATE actors SET kind = 'association', sector = NULL WHERE id = 1",
		"UPDATE actors SET sector = 'btp' WHERE id = 6",
		"UPDATE actors SET commune = NULL, country = 'BE', geom = ST_SetSRID(ST_MakePoint(4.35, 50.85), 4326) WHERE id = 3",
		"UPDATE partnerships SET a_kind = 'etat', b_country = 'XX' WHERE id = 101",
	} {
		if _, err := s.pool.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		check("after " + sql)
	}
}

// TestCommuneChangingEPCIRederivesScale moves Tarare into the Métropole de
// Lyon by importing its territory again: its link to Lyon becomes local.
func TestCommuneChangingEPCIRederivesScale(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	body := `{"type":"FeatureCollection","features":[{"type":"Feature","id":"69243","properties":{"name":"Tarare","level":"commune","region":"84","departement":"69","epci":"200046977","population":10870,"approximate":true,"density_class":5,"rural_revitalisation":true,"natural_park":true},"geometry":{"type":"Point","coordinates":[4.4331,45.896]}}]}`
	res, err := s.Import(context.Background(), data.ImportRequest{Kind: data.ImportTerritories, Name: "t.geojson", Body: strings.NewReader(body)})
	if err != nil || res.Rows != 1 {
		t.Fatalf("import: got %+v, %v", res, err)
	}
	p, err := s.Partnership(context.Background(), 105)
	if err != nil || p.Scale != geo.ScaleLocal {
		t.Errorf("partnership 105 (Tarare – Lyon): got %q, %v; want local", p.Scale, err)
	}
}

// TestImportAllianceResolvesLevel imports an alliance named by a bare
// commune code: the database finds its level, places it and counts it in the
// history of its département (84, Vaucluse), not of région 84.
func TestImportAllianceResolvesLevel(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	ctx := context.Background()
	body := "id,name,territory,stake,start_year,illustrative\n206,Nouvelle alliance,84007,sante,2020,false\n"
	if _, err := importCSV(t, s, data.ImportAlliances, body); err != nil {
		t.Fatal(err)
	}
	members := "alliance,actor,role\n206,5,operateur\n206,4,financeur\n"
	if res, err := importCSV(t, s, data.ImportAllianceMembers, members); err != nil || res.Rows != 2 {
		t.Fatalf("import members: got %+v, %v", res, err)
	}
	var level string
	if err := s.pool.QueryRow(ctx, "SELECT territory_level FROM alliances WHERE id = 206").Scan(&level); err != nil || level != "commune" {
		t.Errorf("alliance 206 territory level: got %q, %v; want commune", level, err)
	}
	want := map[geo.Level]geo.AllianceHistory{
		geo.LevelDepartement: {Count: 2, FirstYear: 2015},
		geo.LevelRegion:      {Count: 3, FirstYear: 2012},
	}
	for level, h := range want {
		got, err := s.Territory(ctx, level, "84")
		if err != nil || got.Alliances != h {
			t.Errorf("%s 84 history: got %+v, %v; want %+v", level, got.Alliances, err, h)
		}
	}
}

func TestImportUnknownKind(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	if _, err := importCSV(t, s, "nope", "x\n"); err == nil {
		t.Error("import of an unknown kind: got no error")
	}
}

func TestLoadDatasetTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	before := digests(t, s)
	var calls, last, total int
	err := s.LoadDataset(context.Background(), storetest.Fixture(), func(done, tot int) { calls++; last, total = done, tot })
	if err != nil {
		t.Fatal(err)
	}
	if after := digests(t, s); !maps.Equal(before, after) {
		t.Errorf("second load changed the tables:\nbefore %v\nafter  %v", before, after)
	}
	if calls == 0 || last != total || total == 0 {
		t.Errorf("progress: %d calls, last %d of %d; want a final call with done = total", calls, last, total)
	}
}

// TestImportAnalyzesWhatItWrote checks the statistics an import refreshes:
// those of every table its transaction wrote (the summaries its triggers
// fill included), and of no other.
func TestImportAnalyzesWhatItWrote(t *testing.T) {
	t.Parallel()
	s, _ := newTestStore(t)
	ctx := context.Background()
	analyzed := func(table string) int64 {
		t.Helper()
		var n int64
		if err := s.pool.QueryRow(ctx, "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = $1", table).Scan(&n); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		return n
	}
	square := `{"type":"Polygon","coordinates":[[[4.7,45.7],[4.9,45.7],[4.9,45.8],[4.7,45.8],[4.7,45.7]]]}`
	territories := `{"type":"FeatureCollection","features":[` +
		`{"type":"Feature","properties":{"level":"region","code":"84","name":"Auvergne-Rhône-Alpes"},"geometry":` + square + `},` +
		`{"type":"Feature","properties":{"level":"departement","code":"69","name":"Rhône","region":"84"},"geometry":` + square + `},` +
		`{"type":"Feature","properties":{"level":"commune","code":"69123","name":"Lyon","region":"84","departement":"69"},"geometry":` + square + `}]}`
	if _, err := importCSV(t, s, data.ImportTerritories, territories); err != nil {
		t.Fatal(err)
	}
	if _, err := importCSV(t, s, data.ImportActors, actorsHeader+"12,Nouvelle entreprise,entreprise,,,69123,FR,4.85,45.76,exact,20,,,services,local,culture\n"); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]bool{"territories": true, "actors": true, "actor_cells": true, "actor_commune_kinds": true,
		"partnerships": false, "alliances": false, "indicator_values": false} {
		if got := analyzed(table) > 0; got != want {
			t.Errorf("%s analyzed: %v, want %v", table, got, want)
		}
	}
}
