package postgis

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// schemaDigest describes the schema: tables and their columns, functions,
// triggers, indexes and the applied goose versions.
func schemaDigest(t *testing.T, dbURL string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var d string
	err = conn.QueryRow(ctx, `SELECT concat_ws(' / ',
		(SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, column_name)
		   FROM information_schema.columns WHERE table_schema = 'public'),
		(SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'),
		(SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal),
		(SELECT string_agg(version_id::text || is_applied::text, ',' ORDER BY id) FROM goose_db_version))`).Scan(&d)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMigrateTwiceIsANoOp(t *testing.T) {
	t.Parallel()
	dbURL := testDatabaseURL(t)
	ctx := context.Background()
	if err := Migrate(ctx, dbURL); err != nil {
		t.Fatalf("first Migrate: %v", err)
	}
	first := schemaDigest(t, dbURL)
	if err := Migrate(ctx, dbURL); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if second := schemaDigest(t, dbURL); second != first {
		t.Errorf("second Migrate changed the schema:\nfirst  %s\nsecond %s", first, second)
	}
}

func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	dbURL := testDatabaseURL(t)
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- Migrate(context.Background(), dbURL) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Migrate: %v", err)
		}
	}
}

func TestPostGISMissing(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"control file missing (PG 15)", &pgconn.PgError{Code: "58P01",
			Message: `could not open extension control file "/usr/share/postgresql/15/extension/postgis.control": No such file or directory`}, true},
		{"not available (PG 16+)", &pgconn.PgError{Code: "0A000", Message: `extension "postgis" is not available`}, true},
		{"no right", fmt.Errorf("partial migration: %w", &pgconn.PgError{Code: "42501",
			Message: `permission denied to create extension "postgis"`}), true},
		{"other permission", &pgconn.PgError{Code: "42501", Message: "permission denied for table actors"}, false},
		{"syntax error", &pgconn.PgError{Code: "42601", Message: "syntax error"}, false},
		{"not a pg error", errors.New("connection refused"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if _, got := postgisMissing(c.err); got != c.want {
				t.Errorf("postgisMissing(%v): got %v, want %v", c.err, got, c.want)
			}
		})
	}
}

// TestMigrateWithoutRightsSaysPostGISIsMissing runs Migrate as a role that
// owns its database but may not create the (untrusted) postgis extension,
// and checks the error says what to do.
func TestMigrateWithoutRightsSaysPostGISIsMissing(t *testing.T) {
	t.Parallel()
	dbURL := testDatabaseURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var dbName string
	if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&dbName); err != nil {
		t.Fatal(err)
	}
	role := dbName + "_owner"
	for _, stmt := range []string{
		"CREATE ROLE " + pgx.Identifier{role}.Sanitize() + " LOGIN",
		"ALTER DATABASE " + pgx.Identifier{dbName}.Sanitize() + " OWNER TO " + pgx.Identifier{role}.Sanitize(),
		"ALTER SCHEMA public OWNER TO " + pgx.Identifier{role}.Sanitize(),
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	t.Cleanup(func() {
		// The role owns the database: drop both, from the base database
		// (this runs before testDatabaseURL's own cleanup).
		c, err := pgx.Connect(context.Background(), os.Getenv("MAILLAGE_TEST_DATABASE_URL"))
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		defer c.Close(context.Background())
		for _, stmt := range []string{
			"DROP DATABASE IF EXISTS " + pgx.Identifier{dbName}.Sanitize() + " WITH (FORCE)",
			"DROP ROLE IF EXISTS " + pgx.Identifier{role}.Sanitize(),
		} {
			if _, err := c.Exec(context.Background(), stmt); err != nil {
				t.Errorf("cleanup: %s: %v", stmt, err)
			}
		}
	})
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	roleURL := fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", role, cfg.Host, cfg.Port, dbName)
	conn.Close(ctx)
	err = Migrate(ctx, roleURL)
	t.Log(err)
	if !errors.Is(err, ErrPostGISMissing) {
		t.Fatalf("got %v, want ErrPostGISMissing", err)
	}
	for _, want := range []string{"PostGIS extension is not available", "apt-get install postgresql-15-postgis-3", "CREATE EXTENSION postgis"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
