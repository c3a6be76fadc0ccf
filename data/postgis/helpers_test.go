package postgis

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data/storetest"
)

// dataTables are the tables a digest covers.
func dataTables() []string {
	return []string{"territories", "indicators", "indicator_values", "actors", "partnerships",
		"alliances", "alliance_members", "dataset_info"}
}

// digests returns an md5 of every row of each data table, to tell whether a
// write changed anything.
func digests(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range dataTables() {
		var d string
		sql := "SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM " +
			pgx.Identifier{table}.Sanitize() + " x"
		if err := s.pool.QueryRow(context.Background(), sql).Scan(&d); err != nil {
			t.Fatalf("digest %s: %v", table, err)
		}
		out[table] = d
	}
	return out
}

// loadedStore is a fresh store holding the contract fixture.
func loadedStore(t *testing.T) *Store {
	t.Helper()
	s, _ := loadedStoreAt(t)
	return s
}

// loadedStoreAt is loadedStore and its database's URL.
func loadedStoreAt(t *testing.T) (*Store, string) {
	t.Helper()
	s, url := newTestStore(t)
	if err := s.LoadDataset(context.Background(), storetest.Fixture(), nil); err != nil {
		t.Fatalf("LoadDataset: %v", err)
	}
	return s, url
}

// connect opens a session of its own on url (as psql or another process
// would), closed when the test ends.
func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}
