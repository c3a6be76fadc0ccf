package main

import (
	"testing"

	"github.com/maillage/maillage/data/postgis/pgtest"
)

// testDatabaseURL is a fresh, empty database for one test (pgtest.Database).
func testDatabaseURL(t *testing.T) string {
	t.Helper()
	return pgtest.Database(t, "maillage_cmd_")
}
