package postgis

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/postgis/pgtest"
	"github.com/maillage/maillage/data/storetest"
)

// storeWithBulkRows is a fresh, migrated database with a store whose bulk
// threshold is bulkRows.
func storeWithBulkRows(t *testing.T, bulkRows int) *Store {
	t.Helper()
	url := testDatabaseURL(t)
	ctx := context.Background()
	if err := Migrate(ctx, url); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, Config{URL: url, MaxConns: 4, BulkRows: bulkRows})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// schemaOf is pgtest.Schema of s's database.
func schemaOf(t *testing.T, s *Store) []string {
	t.Helper()
	return pgtest.Schema(t, s.pool)
}

// TestBulkLoadEqualsRowLoad loads the contract fixture twice: through the
// bulk path (every table empty, threshold 1) and through the row path
// (threshold never reached). Every data table, every summary and the
// schema (indexes, keys, triggers, all enabled) must come out the same,
// and the summaries must equal a fresh count.
func TestBulkLoadEqualsRowLoad(t *testing.T) {
	t.Parallel()
	bulk, rows := storeWithBulkRows(t, 1), storeWithBulkRows(t, 1<<30)
	ctx := context.Background()
	for _, s := range []*Store{bulk, rows} {
		if err := s.LoadDataset(ctx, storetest.Fixture(), nil); err != nil {
			t.Fatal(err)
		}
	}
	sameTables(t, bulk, rows)
	// A second load of the same rows (tables no longer empty) takes the
	// row path and changes nothing.
	before := digests(t, bulk)
	if err := bulk.LoadDataset(ctx, storetest.Fixture(), nil); err != nil {
		t.Fatal(err)
	}
	if after := digests(t, bulk); !maps.Equal(before, after) {
		t.Error("loading the same rows again changed them")
	}
	// A partnership naming a missing actor fails the bulk load whole.
	empty := storeWithBulkRows(t, 1)
	ds := storetest.Fixture()
	ds.Partnerships[0].ActorB = 99999
	if err := empty.LoadDataset(ctx, ds, nil); err == nil {
		t.Error("a partnership of a missing actor was loaded")
	}
	if n, _ := empty.CountItems(ctx, data.CollectionActors, data.ItemsQuery{}); n != 0 {
		t.Errorf("%d actors after a failed load, want none", n)
	}
	if g, w := schemaOf(t, empty), schemaOf(t, rows); !slices.Equal(g, w) {
		t.Error("a failed bulk load left the schema changed")
	}
}

// TestBulkSummariesInKeyOrder: a bulk load copies the summaries it
// counts in Go in their key's order (stage_tally_order.go), so that their
// keys build from rows already sorted. An order PostgreSQL's collation
// disagrees with fails here, not in the results.
func TestBulkSummariesInKeyOrder(t *testing.T) {
	t.Parallel()
	s := storeWithBulkRows(t, 1)
	ctx := context.Background()
	if err := s.LoadDataset(ctx, storetest.Fixture(), nil); err != nil {
		t.Fatal(err)
	}
	for table, key := range map[string]string{
		"partnership_flow_counts": "level, category, domain, a, b, scale",
		"actor_tallies":           "actor",
		"partnership_end_counts": "domain, scale, a_region, a_departement, b_region, b_departement, " +
			"a_fr, b_fr, a_company, b_company, a_sector, b_sector",
		"actor_class_counts": "commune, fr, association, employer, insertion, employees10, employees1000, grp",
	} {
		var rows, disordered int
		if err := s.pool.QueryRow(ctx, "SELECT count(*), count(*) FILTER (WHERE before > k) FROM "+
			"(SELECT ROW("+key+") AS k, lag(ROW("+key+")) OVER (ORDER BY ctid) AS before FROM "+table+") x").
			Scan(&rows, &disordered); err != nil {
			t.Fatal(err)
		}
		if rows < 2 || disordered > 0 {
			t.Errorf("%s: %d of %d rows after a greater key", table, disordered, rows)
		}
	}
}

// tableDigest is an md5 of every row of a table.
func tableDigest(t *testing.T, s *Store, table string) string {
	t.Helper()
	var d string
	if err := s.pool.QueryRow(context.Background(), "SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "+
		table+" x").Scan(&d); err != nil {
		t.Fatal(err)
	}
	return d
}

// sameTables fails t unless bulk and rows hold the same data and summary
// tables and schema, and bulk's summaries equal a fresh count.
func sameTables(t *testing.T, bulk, rows *Store) {
	t.Helper()
	ctx := context.Background()
	got, want := digests(t, bulk), digests(t, rows)
	for _, table := range []string{"partnership_flow_counts", "territory_partnership_counts", "actor_tallies",
		"actor_class_counts", "partnership_end_counts", "actor_commune_kinds", "indicator_rollups", "territory_alliances"} {
		got[table], want[table] = tableDigest(t, bulk, table), tableDigest(t, rows, table)
	}
	for _, table := range slices.Sorted(maps.Keys(want)) {
		if got[table] != want[table] {
			t.Errorf("%s differs between the bulk and the row path", table)
		}
	}
	if g, w := schemaOf(t, bulk), schemaOf(t, rows); !slices.Equal(g, w) {
		t.Errorf("schema after the bulk path:\n%s\nafter the row path:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
	for _, check := range []string{freshFlowCountsSQL, freshTerritoryCountsSQL, freshActorCellsSQL, freshActorCommuneKindsSQL,
		freshIndicatorRollupsSQL, freshTerritoryAlliancesSQL} {
		var diff []string
		r, err := bulk.pool.Query(ctx, check)
		if err != nil {
			t.Fatal(err)
		}
		for r.Next() {
			var line string
			_ = r.Scan(&line)
			diff = append(diff, line)
		}
		r.Close()
		if len(diff) > 0 {
			t.Errorf("the bulk path's summary differs from a fresh count: %v", diff[:min(len(diff), 5)])
		}
	}
}

// TestBulkImportEqualsRowImport imports the contract fixture file by file,
// as `maillage import` does, through the bulk path (partnerships derived
// in Go from the actors the import reads for its checks) and through the
// row path (the trigger): the same tables must come out.
func TestBulkImportEqualsRowImport(t *testing.T) {
	t.Parallel()
	files, err := dataset.Encode(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	bulk, rows := storeWithBulkRows(t, 1), storeWithBulkRows(t, 1<<30)
	ctx := context.Background()
	var partnerships []byte
	for _, s := range []*Store{bulk, rows} {
		for _, f := range files {
			if strings.HasPrefix(f.Name, "partnerships.") {
				partnerships = f.Data
			}
			base, _, _ := strings.Cut(f.Name, ".")
			kind := data.ImportKind(strings.ReplaceAll(base, "_", "-"))
			if _, err := s.Import(ctx, data.ImportRequest{Kind: kind, Name: f.Name, Body: bytes.NewReader(f.Data)}); err != nil {
				t.Fatalf("import %s: %v", f.Name, err)
			}
		}
	}
	sameTables(t, bulk, rows)

	// The file's partnerships are derived in Go, not by the database.
	tx, err := bulk.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	resolver, ends, err := loadResolver(ctx, tx, resolverNeeds(data.ImportPartnerships))
	if err != nil {
		t.Fatal(err)
	}
	body := dataset.Decompress(bytes.NewReader(partnerships))
	st, err := readStage(data.ImportRequest{Kind: data.ImportPartnerships}, body, dataset.Options{Resolver: resolver}, ends, new(string))
	if err != nil || st.stored == nil || st.n != len(storetest.Fixture().Partnerships) {
		t.Errorf("partnerships file: stage of %d rows, derived in Go %v, %v", st.n, st.stored != nil, err)
	}
}

// TestDropTriggers checks the bulk path's trigger set-aside: the named
// triggers are dropped and come back as they were from the statements it
// returns, and a name the table has no trigger of fails it rather than
// leaving that trigger to run during a bulk insert.
func TestDropTriggers(t *testing.T) {
	t.Parallel()
	s := storeWithBulkRows(t, 1)
	ctx := context.Background()
	want := schemaOf(t, s)
	cases := []struct {
		names   []string
		wantErr bool
	}{
		{[]string{"actors_cells_insert", "actors_history_insert"}, false},
		{[]string{"actors_cells_insert", "no_such_trigger"}, true},
		{[]string{"partnerships_flow_counts_insert"}, true}, // another table's
	}
	for _, c := range cases {
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			recreate, err := dropTriggers(ctx, tx, "actors", c.names)
			if err != nil {
				return err
			}
			var left int
			if err := tx.QueryRow(ctx, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'actors'::regclass AND tgname = ANY($1)",
				c.names).Scan(&left); err != nil {
				return err
			}
			if left != 0 || len(recreate) != len(c.names) {
				t.Errorf("%v: %d left, %d statements to recreate them", c.names, left, len(recreate))
			}
			for _, stmt := range recreate {
				if _, err := tx.Exec(ctx, stmt); err != nil {
					return err
				}
			}
			return nil
		})
		if (err != nil) != c.wantErr {
			t.Errorf("%v: error %v, want one: %v", c.names, err, c.wantErr)
		}
		if got := schemaOf(t, s); !slices.Equal(got, want) {
			t.Errorf("%v: schema changed:\n%s", c.names, strings.Join(got, "\n"))
		}
	}
}
