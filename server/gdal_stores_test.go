package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/data/postgis/pgtest"
)

// The stores the GDAL tests serve: the embedded store and PostGIS, both
// loaded from the committed demo.

// gdalEmbeddedStore indexes ds in memory, closed when the test ends.
func gdalEmbeddedStore(t *testing.T, ds *dataset.Dataset) data.Store {
	t.Helper()
	st, err := memory.New(ds)
	if err != nil {
		t.Fatalf("memory.New(demo): %v", err)
	}
	t.Cleanup(st.Close)
	return st
}

// gdalPostGIS is the demo being loaded into a PostGIS database of its own,
// in the background: loading takes seconds (most of them for the
// indicator values), which the embedded store's cases use meanwhile.
type gdalPostGIS struct {
	enabled bool          // MAILLAGE_TEST_DATABASE_URL is set
	done    chan struct{} // closed when the load has ended, well or not
	store   data.Store    // set before done is closed, nil on error
	url     string        // the database's URL, for reference queries
	err     error
}

// gdalAdminDatabaseURL returns MAILLAGE_TEST_DATABASE_URL, or skips the
// test without it (fails it under CI=true).
func gdalAdminDatabaseURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("MAILLAGE_TEST_DATABASE_URL")
	if base == "" {
		if gdalInCI() {
			t.Fatal("MAILLAGE_TEST_DATABASE_URL is not set under CI=true: run the tests through scripts/with-postgis.sh")
		}
		t.Skip("MAILLAGE_TEST_DATABASE_URL is not set: run `scripts/with-postgis.sh go test -run GDAL ./server/` for the PostGIS half of the GDAL tests")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("MAILLAGE_TEST_DATABASE_URL must be a postgres:// URL: %q", base)
	}
	return base
}

// startGDALPostGIS creates a fresh database on the cluster of
// MAILLAGE_TEST_DATABASE_URL (dropped when t ends), then migrates it,
// opens a store on it and loads ds in the background; wait returns the
// result. As data/postgis's own tests do, each run gets a database of its
// own, so runs and packages never see each other's rows. Without the
// variable it does nothing, and wait skips (fails under CI=true).
func startGDALPostGIS(t testing.TB, ds *dataset.Dataset) *gdalPostGIS {
	t.Helper()
	pg := &gdalPostGIS{done: make(chan struct{})}
	if os.Getenv("MAILLAGE_TEST_DATABASE_URL") == "" {
		close(pg.done)
		return pg
	}
	pg.enabled = true
	// A database of its own, dropped when t ends (after the cleanup below,
	// registered later, has stopped the load).
	pg.url = pgtest.Database(t, "maillage_gdal_")

	// The load runs under a context of its own, cancelled by the cleanup
	// below, which runs before the DROP above and waits for the load.
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel()
		<-pg.done
		if pg.store != nil {
			pg.store.Close()
		}
	})
	go func() {
		defer close(pg.done)
		start := time.Now()
		st, err := loadGDALPostGIS(ctx, pg.url, ds)
		if err != nil {
			pg.err = fmt.Errorf("PostGIS database %s: %w", pg.url, err)
			return
		}
		pg.store = st
		t.Logf("PostGIS: demo migrated and loaded into %s in %.1fs", pg.url, time.Since(start).Seconds())
	}()
	return pg
}

// loadGDALPostGIS migrates the database at dbURL, opens a store on it and
// loads ds.
func loadGDALPostGIS(ctx context.Context, dbURL string, ds *dataset.Dataset) (*postgis.Store, error) {
	if err := postgis.Migrate(ctx, dbURL); err != nil {
		return nil, fmt.Errorf("postgis.Migrate: %w", err)
	}
	st, err := postgis.Open(ctx, postgis.Config{URL: dbURL, MaxConns: 8})
	if err != nil {
		return nil, fmt.Errorf("postgis.Open: %w", err)
	}
	if err := st.LoadDataset(ctx, ds, nil); err != nil {
		st.Close()
		return nil, fmt.Errorf("LoadDataset(demo): %w", err)
	}
	return st, nil
}

// wait waits for the load and returns the loaded database, failing t if the
// load failed; without MAILLAGE_TEST_DATABASE_URL it skips t (fails it
// under CI=true).
func (pg *gdalPostGIS) wait(t testing.TB) *gdalPostGIS {
	t.Helper()
	if !pg.enabled {
		gdalAdminDatabaseURL(t) // skips with the reason, or fails under CI
		t.Fatal("unreachable: MAILLAGE_TEST_DATABASE_URL is set but PostGIS was not started")
	}
	select {
	case <-pg.done:
	case <-t.Context().Done():
		t.Fatal("the test ended while the PostGIS demo was loading")
	}
	if pg.err != nil {
		t.Fatal(pg.err)
	}
	return pg
}

// gdalStoreIDs returns the ids of every feature of collection matching q, in
// the store's order, as JSON text ("42", "\"2A\""), reading pages of
// data.MaxLimit.
func gdalStoreIDs(t *testing.T, st data.Store, collection string, q data.ItemsQuery) []string {
	t.Helper()
	var ids []string
	q.Limit, q.Offset = data.MaxLimit, 0
	for {
		n := 0
		err := st.Items(t.Context(), collection, q, func(f []byte) error {
			var head struct {
				ID json.RawMessage `json:"id"`
			}
			if err := json.Unmarshal(f, &head); err != nil {
				return fmt.Errorf("feature %.80s…: %w", f, err)
			}
			ids = append(ids, string(head.ID))
			n++
			return nil
		})
		if err != nil {
			t.Fatalf("store.Items(%s, %+v): %v", collection, q, err)
		}
		if n < q.Limit {
			return ids
		}
		q.Offset += n
	}
}

// gdalStoreCount is store.CountItems, failing the test on error.
func gdalStoreCount(t *testing.T, st data.Store, collection string, q data.ItemsQuery) int64 {
	t.Helper()
	n, err := st.CountItems(t.Context(), collection, q)
	if err != nil {
		t.Fatalf("store.CountItems(%s, %+v): %v", collection, q, err)
	}
	return n
}
