package postgis

import (
	"context"
	"testing"

	"github.com/maillage/maillage/data"
)

// TestVersionBumpsWithEveryChange checks that the data version moves with
// each committed change of the rows, whoever makes it (an import, plain
// SQL as an analyst in psql or QGIS would write it), stays put for reads
// and for a rolled-back change, and never goes backwards.
func TestVersionBumpsWithEveryChange(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	ctx := context.Background()
	version := func() uint64 {
		t.Helper()
		// As a request carrying a log position: the version read, not the
		// one kept by notifications (version_watch_test.go follows that).
		v, err := s.Version(data.WithReadAfter(ctx, 1))
		if err != nil {
			t.Fatal(err)
		}
		if v.Changed.IsZero() {
			t.Errorf("version %d has no change time", v.N)
		}
		return v.N
	}
	v0 := version()
	if _, err := s.CountItems(ctx, data.CollectionActors, data.ItemsQuery{}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v0 {
		t.Errorf("a read moved the version from %d to %d", v0, v)
	}

	cases := []struct {
		name string
		sql  string
	}{
		{"psql update of an actor", "UPDATE actors SET name = name || ' (renommé)' WHERE id = 1"},
		{"psql delete of a partnership", "DELETE FROM partnerships WHERE id = 101"},
		{"psql update of an indicator value", "UPDATE indicator_values SET value = value + 1 WHERE territory = '69123'"},
		{"psql change of the scale factor", "UPDATE dataset_info SET scale_factor = 100"},
	}
	last := v0
	for _, c := range cases {
		if _, err := s.pool.Exec(ctx, c.sql); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if v := version(); v <= last {
			t.Errorf("%s: version %d after %d, want it bumped", c.name, v, last)
		} else {
			last = v
		}
	}

	if _, err := importCSV(t, s, data.ImportActors, actorsHeader+
		"12,Nouvelle entreprise,entreprise,,,69123,FR,4.85,45.76,exact,20,,,services,local,culture\n"); err != nil {
		t.Fatal(err)
	}
	if v := version(); v <= last {
		t.Errorf("import: version %d after %d, want it bumped", v, last)
	} else {
		last = v
	}

	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "UPDATE actors SET name = 'x' WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != last {
		t.Errorf("a rolled-back change moved the version from %d to %d", last, v)
	}
}
