// Package pgtest gives tests a throwaway PostgreSQL database of their own on
// the cluster that scripts/with-postgis.sh starts (MAILLAGE_TEST_DATABASE_URL).
// It is for tests only: every package whose tests need PostGIS calls it, so
// the skip-or-fail rule and the cleanup live in one place.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Database creates an empty database named prefix + a random suffix on the
// cluster of MAILLAGE_TEST_DATABASE_URL and returns its URL; it is dropped
// (connections forced out) when the test ends. Without the variable the test
// skips, except under CI=true, where a missing database is a failure.
func Database(t testing.TB, prefix string) string {
	t.Helper()
	base := os.Getenv("MAILLAGE_TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("MAILLAGE_TEST_DATABASE_URL is not set under CI=true: run the tests through scripts/with-postgis.sh")
		}
		t.Skip("MAILLAGE_TEST_DATABASE_URL is not set: run the tests through scripts/with-postgis.sh (make test does) for the PostGIS tests")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("MAILLAGE_TEST_DATABASE_URL must be a postgres:// URL: %q", base)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to MAILLAGE_TEST_DATABASE_URL: %v", err)
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := prefix + hex.EncodeToString(suffix)
	// template0: nobody is ever connected to it, so concurrent tests can
	// copy it at once.
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0"); err != nil {
		conn.Close(ctx)
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
		conn.Close(ctx)
	})
	u.Path = "/" + name
	return u.String()
}

// Querier runs a query: a *pgx.Conn, a *pgxpool.Pool or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Schema lists the indexes, constraints and triggers (with whether each
// is enabled) of the public schema, each with its definition, sorted: what
// a bulk write drops and rebuilds, and must leave as it found it.
func Schema(t testing.TB, db Querier) []string {
	t.Helper()
	return Lines(t, db, `
		SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
		UNION ALL
		SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
		  FROM pg_constraint WHERE connamespace = 'public'::regnamespace
		UNION ALL
		SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text
		  FROM pg_trigger WHERE NOT tgisinternal
		ORDER BY 1`)
}

// Lines runs a query of one text column and returns its rows.
func Lines(t testing.TB, db Querier, sql string) []string {
	t.Helper()
	rows, err := db.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}
