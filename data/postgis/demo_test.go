package postgis

import (
	"context"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
)

// TestLoadDemo loads the committed demo bundle, checks the schema accepts
// every row and that the database derives the same partnership scales as
// dataset.Derive, and logs how long the load took. It is skipped with
// -short, and runs alone (not in parallel) so its timing means something.
func TestLoadDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loading the demo takes seconds; skipped with -short")
	}
	ds, err := demo.Load()
	if err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	s, _ := newTestStore(t)
	ctx := context.Background()
	start := time.Now()
	if err := s.LoadDataset(ctx, ds, nil); err != nil {
		t.Fatalf("LoadDataset: %v", err)
	}
	elapsed := time.Since(start)
	rows := len(ds.Territories) + len(ds.Indicators) + len(ds.IndicatorValues) + len(ds.Actors) +
		len(ds.Partnerships) + len(ds.Alliances) + len(membersOf(ds.Alliances))
	t.Logf("LoadDataset(demo): %d territories, %d indicator values, %d actors, %d partnerships, %d alliances: %d rows in %v",
		len(ds.Territories), len(ds.IndicatorValues), len(ds.Actors), len(ds.Partnerships), len(ds.Alliances), rows, elapsed)

	mismatches := 0
	for _, p := range ds.Partnerships {
		got, err := s.Partnership(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Scale != p.Scale {
			mismatches++
			if mismatches <= 5 {
				t.Errorf("partnership %d: database scale %s, dataset.Derive %s", p.ID, got.Scale, p.Scale)
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("%d of %d partnership scales differ", mismatches, len(ds.Partnerships))
	}
	for _, c := range data.Catalog() {
		n, err := s.CountItems(ctx, c.ID, data.ItemsQuery{})
		if err != nil || n == 0 {
			t.Errorf("CountItems(%s): %d, %v", c.ID, n, err)
		}
	}
}
