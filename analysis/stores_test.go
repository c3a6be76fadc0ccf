package analysis_test

import (
	"context"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/data/postgis/pgtest"
)

// storeCase is one store holding a dataset, with the Analyst over it.
type storeCase struct {
	name  string
	store data.Store
	an    *analysis.Analyst
}

// onBothStores runs fn, in parallel subtests, on the embedded store and on
// a fresh PostGIS database, each holding what newDataset returns (called
// once per store: a store may keep the rows it is given). The PostGIS half
// skips without MAILLAGE_TEST_DATABASE_URL, and fails under CI=true
// (pgtest.Database).
func onBothStores(t *testing.T, newDataset func() (*dataset.Dataset, error), fn func(t *testing.T, c storeCase)) {
	t.Helper()
	for _, name := range []string{"memory", "postgis"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ds, err := newDataset()
			if err != nil {
				t.Fatal(err)
			}
			var s data.Store
			if name == "memory" {
				if s, err = memory.New(ds); err != nil {
					t.Fatalf("memory.New: %v", err)
				}
			} else {
				ps := newPostGIS(t)
				if err := ps.LoadDataset(context.Background(), ds, nil); err != nil {
					t.Fatalf("LoadDataset: %v", err)
				}
				s = ps
			}
			fn(t, storeCase{name: name, store: s, an: analysis.New(s, analysis.Config{})})
		})
	}
}

// newPostGIS migrates a fresh database and opens a store on it, closed
// when the test ends.
func newPostGIS(t testing.TB) *postgis.Store {
	t.Helper()
	url := pgtest.Database(t, "maillage_an_")
	ctx := context.Background()
	if err := postgis.Migrate(ctx, url); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	s, err := postgis.Open(ctx, postgis.Config{URL: url, MaxConns: 4})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}
