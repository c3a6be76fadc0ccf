package main

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

// testDatabaseURL creates an empty database for one test on the cluster of
// MAILLAGE_TEST_DATABASE_URL (set by scripts/with-postgis.sh, which `make
// test` uses) and drops it when the test ends. Without the variable the
// test skips, except under CI=true where that is a failure.
func testDatabaseURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("MAILLAGE_TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("MAILLAGE_TEST_DATABASE_URL is not set under CI=true: run the tests through scripts/with-postgis.sh")
		}
		t.Skip("MAILLAGE_TEST_DATABASE_URL is not set: run `scripts/with-postgis.sh go test ./cmd/maillage/` for the PostGIS tests")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("MAILLAGE_TEST_DATABASE_URL: %v", err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to MAILLAGE_TEST_DATABASE_URL: %v", err)
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := pgx.Identifier{"maillage_cmd_" + hex.EncodeToString(suffix)}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name.Sanitize()+" TEMPLATE template0"); err != nil {
		conn.Close(ctx)
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := conn.Exec(ctx, "DROP DATABASE "+name.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
		conn.Close(ctx)
	})
	u.Path = "/" + name[0]
	return u.String()
}
