package postgis

import (
	"context"
	"testing"

	"github.com/maillage/maillage/data/postgis/pgtest"
)

// testDatabaseURL is a fresh, empty database for one test (pgtest.Database).
func testDatabaseURL(t testing.TB) string {
	t.Helper()
	return pgtest.Database(t, "maillage_t_")
}

// newTestStore migrates a fresh database and opens a Store on it, closed
// when the test ends.
func newTestStore(t testing.TB) (*Store, string) {
	t.Helper()
	dbURL := testDatabaseURL(t)
	ctx := context.Background()
	if err := Migrate(ctx, dbURL); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	s, err := Open(ctx, Config{URL: dbURL, MaxConns: 4})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(s.Close)
	return s, dbURL
}
