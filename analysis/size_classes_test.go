package analysis_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// TestSizeClassBoundaries serves, on both stores, the size_class of actors
// whose headcounts sit on each side of every band's edge — which the
// contract fixture's headcounts (0, 3, 12, 25, 50, 300, 1200…) do not
// reach — against bands written here by hand: 0 | 1–9 | 10–249 | 250–999 |
// 1000+. The filter size_class= counts the same bands.
func TestSizeClassBoundaries(t *testing.T) {
	t.Parallel()
	// Actor id → headcount given to it, and its band.
	cases := []struct {
		id        int64
		employees int
		class     string
	}{
		{1, 0, "0"}, {2, 1, "1-9"}, {3, 9, "1-9"}, {4, 10, "10-249"}, {5, 249, "10-249"},
		{6, 250, "250-999"}, {7, 999, "250-999"}, {8, 1000, "1000+"},
	}
	// Every actor of the fixture by band: the eight above, and 9 and 10
	// (no headcount) in "0", 11 (12 employees) in "10-249".
	byClass := map[string]int64{"0": 3, "1-9": 2, "10-249": 3, "250-999": 2, "1000+": 1}
	withBoundaries := func() (*dataset.Dataset, error) {
		ds := storetest.Fixture()
		for i := range ds.Actors {
			for _, c := range cases {
				if ds.Actors[i].ID == c.id {
					ds.Actors[i].Employees = c.employees
				}
			}
		}
		return ds, nil
	}
	onBothStores(t, withBoundaries, func(t *testing.T, s storeCase) {
		ctx := context.Background()
		for _, c := range cases {
			b, err := s.store.Item(ctx, data.CollectionActors, strconv.FormatInt(c.id, 10), geo.CRS84)
			if err != nil {
				t.Fatalf("Item(actors, %d): %v", c.id, err)
			}
			var f struct {
				Properties struct {
					Employees int    `json:"employees"`
					SizeClass string `json:"size_class"`
				} `json:"properties"`
			}
			if err := json.Unmarshal(b, &f); err != nil {
				t.Fatal(err)
			}
			if f.Properties.Employees != c.employees || f.Properties.SizeClass != c.class {
				t.Errorf("actor %d: %d employees in band %q, want %d in %q", c.id, f.Properties.Employees, f.Properties.SizeClass, c.employees, c.class)
			}
		}
		for class, want := range byClass {
			q := data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "size_class", Value: class}}}
			if n, err := s.store.CountItems(ctx, data.CollectionActors, q); err != nil || n != want {
				t.Errorf("size_class=%s: %d actors (%v), want %d", class, n, err, want)
			}
		}
	})
}
