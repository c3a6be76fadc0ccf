package main

import (
	"context"
	"testing"

	"github.com/maillage/maillage/data/postgis/pgtest"
)

// testDatabaseURL is a fresh, empty database for one test (pgtest.Database).
func testDatabaseURL(t *testing.T) string {
	t.Helper()
	return pgtest.Database(t, "maillage_cmd_")
}

// migratedDatabaseURL is testDatabaseURL migrated by the command itself
// (`maillage migrate`).
func migratedDatabaseURL(t *testing.T) string {
	t.Helper()
	url := testDatabaseURL(t)
	if code, _, errOut := run(t, context.Background(), map[string]string{"MAILLAGE_DATABASE_URL": url}, "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, errOut)
	}
	return url
}
