package memory_test

import (
	"context"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// TestFlowsConserveOnDemo checks, on the demo and at every level, that
// Σ flows + Σ internal + unplaced is the number of partnerships the
// filters match, and that top keeps the largest flows without changing
// the territory totals.
func TestFlowsConserveOnDemo(t *testing.T) {
	t.Parallel()
	_, s := demoStore(t)
	ctx := context.Background()
	eq := func(name, value string) []data.PropertyFilter {
		return []data.PropertyFilter{{Name: name, Value: value}}
	}
	queries := []struct {
		name string
		q    data.ItemsQuery
	}{
		{"all", data.ItemsQuery{}},
		{"international", data.ItemsQuery{Equals: eq("scale", "international")}},
		{"companies as actor A", data.ItemsQuery{Equals: eq("kind_a", "entreprise")}},
		{"touching Paris", data.ItemsQuery{Touches: &data.TerritoryRef{Level: geo.LevelDepartement, Code: "75"}}},
		{"touching the Corse region", data.ItemsQuery{Touches: &data.TerritoryRef{Level: geo.LevelRegion, Code: "94"}}},
	}
	for _, level := range data.FlowLevels() {
		for _, c := range queries {
			sum, err := s.Flows(ctx, level, c.q)
			if err != nil {
				t.Fatalf("Flows(%s, %s): %v", level, c.name, err)
			}
			matched, err := s.CountItems(ctx, data.CollectionPartnerships, c.q)
			if err != nil {
				t.Fatal(err)
			}
			n := sum.Unplaced
			for _, f := range sum.Flows {
				n += f.Count
			}
			for _, tf := range sum.Territories {
				n += tf.Internal
			}
			if int64(n) != matched {
				t.Errorf("%s, %s: flows + internal + unplaced = %d, want %d", level, c.name, n, matched)
			}
			top := c.q
			top.Limit = 3
			topSum, err := s.Flows(ctx, level, top)
			if err != nil {
				t.Fatal(err)
			}
			if len(sum.Flows) >= 3 && (len(topSum.Flows) != 3 || topSum.Flows[0].Count != sum.Flows[0].Count ||
				len(topSum.Territories) != len(sum.Territories)) {
				t.Errorf("%s, %s: top 3 gave %d flows, %d territories; want 3 and %d", level, c.name,
					len(topSum.Flows), len(topSum.Territories), len(sum.Territories))
			}
		}
	}
}
