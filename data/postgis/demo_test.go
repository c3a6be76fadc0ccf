package postgis

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
	"github.com/paulmach/orb"
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
	mem, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("same answers as the embedded store", func(t *testing.T) { compareDemoStores(t, mem, s) })
	t.Run("same coordinates in every CRS", func(t *testing.T) { compareDemoCRS(t, mem, s) }) // crs_test.go
	t.Run("keyset pages seek", func(t *testing.T) { checkKeysetPlans(t, s) })
	t.Run("same flows as the embedded store", func(t *testing.T) { compareDemoFlows(t, mem, s) }) // flows_demo_test.go
	t.Run("same territory searches", func(t *testing.T) { compareDemoSearch(t, mem, s) })         // search_demo_test.go
	t.Run("same actor clusters", func(t *testing.T) { compareDemoClusters(t, mem, s) })           // clusters_demo_test.go
	t.Run("clusters through the GiST index", func(t *testing.T) { checkClusterPlan(t, s) })
}

// demoQueries are the questions a user asks of the demo first: a whole
// small layer, the first and a later page of the large ones, bboxes over
// Paris, Corsica, Réunion and open sea (which crosses nothing); then
// filters, intervals and keyset cursors, alone and with a bbox.
func demoQueries() []struct {
	collection string
	q          data.ItemsQuery
} {
	paris := &orb.Bound{Min: orb.Point{2.25, 48.81}, Max: orb.Point{2.42, 48.90}}
	corsica := &orb.Bound{Min: orb.Point{8.5, 41.3}, Max: orb.Point{9.6, 43.1}}
	reunion := &orb.Bound{Min: orb.Point{55.2, -21.4}, Max: orb.Point{55.9, -20.8}}
	sea := &orb.Bound{Min: orb.Point{-20, 40}, Max: orb.Point{-15, 45}}
	type query = struct {
		collection string
		q          data.ItemsQuery
	}
	var qs []query
	for _, c := range data.Catalog() {
		qs = append(qs,
			query{c.ID, data.ItemsQuery{Limit: 200}},
			query{c.ID, data.ItemsQuery{Limit: 50, Offset: 1000}},
			query{c.ID, data.ItemsQuery{BBox: paris, Limit: 1000}},
			query{c.ID, data.ItemsQuery{BBox: corsica, Limit: 1000}},
			query{c.ID, data.ItemsQuery{BBox: reunion, Limit: 1000}},
			query{c.ID, data.ItemsQuery{BBox: sea, Limit: 1000}},
		)
	}
	eq := func(name, value string) []data.PropertyFilter {
		return []data.PropertyFilter{{Name: name, Value: value}}
	}
	since2010 := &data.Interval{Start: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)}
	return append(qs,
		query{data.CollectionActors, data.ItemsQuery{Equals: eq("kind", "association"), Limit: 500}},
		query{data.CollectionActors, data.ItemsQuery{Equals: eq("kind", "association"), After: "10001", Limit: 100}},
		query{data.CollectionActors, data.ItemsQuery{After: "10001", Limit: 100}},
		query{data.CollectionActors, data.ItemsQuery{BBox: paris, Equals: eq("size_class", "1-9"), After: "5000", Limit: 100}},
		query{data.CollectionPartnerships, data.ItemsQuery{BBox: paris, Equals: eq("scale", "local"), Limit: 1000}},
		query{data.CollectionPartnerships, data.ItemsQuery{BBox: paris, Equals: eq("scale", "local"), After: "6001", Limit: 100}},
		query{data.CollectionPartnerships, data.ItemsQuery{During: since2010, Equals: eq("kind_b", "association"), After: "6001", Limit: 100}},
		query{data.CollectionCommunes, data.ItemsQuery{After: "2A004", Limit: 100}},
		query{data.CollectionCommunes, data.ItemsQuery{Equals: eq("region", "84"), After: "46335", Limit: 100}},
	)
}

// compareDemoStores asks both stores the demo queries and wants the same
// feature ids in the same order and the same counts, then checks the
// figures a fresh `make run` must show.
func compareDemoStores(t *testing.T, mem, pg data.Store) {
	ctx := context.Background()
	idsOf := func(s data.Store, collection string, q data.ItemsQuery) []string {
		var ids []string
		err := s.Items(ctx, collection, q, func(f []byte) error {
			var head struct {
				ID json.RawMessage `json:"id"`
			}
			if err := json.Unmarshal(f, &head); err != nil {
				return err
			}
			ids = append(ids, string(head.ID))
			return nil
		})
		if err != nil {
			t.Fatalf("Items(%s, %+v): %v", collection, q, err)
		}
		return ids
	}
	for _, c := range demoQueries() {
		got, want := idsOf(pg, c.collection, c.q), idsOf(mem, c.collection, c.q)
		if !slices.Equal(got, want) {
			t.Errorf("%s %+v: PostGIS %d ids, embedded %d ids; first difference at %d",
				c.collection, c.q, len(got), len(want), firstDiff(got, want))
		}
		n1, err1 := pg.CountItems(ctx, c.collection, c.q)
		n2, err2 := mem.CountItems(ctx, c.collection, c.q)
		if err1 != nil || err2 != nil || n1 != n2 {
			t.Errorf("CountItems(%s, %+v): PostGIS %d (%v), embedded %d (%v)", c.collection, c.q, n1, err1, n2, err2)
		}
	}
	deps := idsOf(pg, data.CollectionDepartements, data.ItemsQuery{Limit: 200})
	if len(deps) != 101 {
		t.Errorf("départements: got %d, want 101", len(deps))
	}
	for _, code := range []string{`"2A"`, `"2B"`, `"971"`, `"976"`} {
		if !slices.Contains(deps, code) {
			t.Errorf("départements: %s missing", code)
		}
	}
	if regs := idsOf(pg, data.CollectionRegions, data.ItemsQuery{}); len(regs) != 18 {
		t.Errorf("régions: got %d, want 18", len(regs))
	}
	if n, _ := pg.CountItems(ctx, data.CollectionActors, data.ItemsQuery{}); n < 15000 {
		t.Errorf("actors: got %d, want at least 15 000", n)
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
