package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// NewStore returns a store holding ds, read-only from then on. It may skip
// or fail t; Run closes the store when t ends, so a factory needing its own
// cleanup (dropping a database) registers it with t.Cleanup before
// returning.
type NewStore func(t *testing.T, ds *dataset.Dataset) data.Store

// Run loads Fixture into a store made by newStore and checks every contract
// of data.Store on it (see the package documentation). Its subtests run in
// parallel on the one store.
func Run(t *testing.T, newStore NewStore) {
	ds := Fixture()
	s := newStore(t, ds)
	t.Cleanup(s.Close)
	o := newOracle(Fixture())
	tests := []struct {
		name string
		fn   func(t *testing.T, s data.Store, o *oracle)
	}{
		{"Ping", testPing},
		{"CountItems", testCounts},
		{"Items", testItems},
		{"ItemsPaging", testPaging},
		{"ItemsBBox", testBBox},
		{"ItemsErrors", testItemsErrors},
		{"ItemsFilters", testFilters},
		{"ItemsCursor", testCursorPaging},
		{"ItemsBBoxFilterCursor", testCombined},
		{"ItemsInvalidFilters", testInvalidFilters},
		{"ItemsCQL", testCQL},
		{"ItemsSortBy", testSortBy},
		{"ItemsProperties", testProperties},
		{"ItemsInvalidCQL", testInvalidCQL},
		{"Extent", testExtent},
		{"Item", testItem},
		{"ItemsCRS", testItemsCRS},
		{"Territory", testTerritory},
		{"TerritoryProfiles", testTerritoryProfiles},
		{"Children", testChildren},
		{"SearchTerritories", testSearchTerritories},
		{"Actor", testActor},
		{"Partnership", testPartnership},
		{"Observatory", testObservatory},
		{"Indicators", testIndicators},
		{"IndicatorValues", testIndicatorValues},
		{"IndicatorErrors", testIndicatorErrors},
		{"ItemsTouches", testTouches},
		{"PartnershipBreakdown", testPartnershipBreakdown},
		{"ActorsByKind", testActorsByKind},
		{"LinkLengths", testLinkLengths},
		{"Flows", testFlows},
		{"FlowsInvalid", testFlowsInvalid},
		{"ActorClusters", testActorClusters},
		{"Coverage", testCoverage},
		{"MatchCandidates", testMatchCandidates},
		{"Tiles", testTiles},
		{"TileFilters", testTileFilters},
		{"TileBudget", testTileBudget},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, s, o)
		})
	}
	t.Run("ScaleRule", func(t *testing.T) {
		t.Parallel()
		testScaleRule(t, newStore)
	})
	t.Run("PartnershipYears", func(t *testing.T) {
		t.Parallel()
		testPartnershipYears(t, newStore)
	})
	t.Run("ClusterGrid", func(t *testing.T) {
		t.Parallel()
		testClusterGrid(t, newStore)
	})
	t.Run("InactiveActor", func(t *testing.T) {
		t.Parallel()
		testInactiveActor(t, newStore)
	})
}

// collections lists the catalogue's collections' ids.
func collections() []string {
	var ids []string
	for _, c := range data.Catalog() {
		ids = append(ids, c.ID)
	}
	return ids
}

// propertyNames lists a collection's property names in catalogue order.
func propertyNames(collection string) []string {
	c, _ := data.LookupCollection(collection)
	var names []string
	for _, p := range c.Properties {
		names = append(names, p.Name)
	}
	return names
}

// items collects a page of features, parsed; it fails t on any error.
func items(t *testing.T, s data.Store, collection string, q data.ItemsQuery) []parsedFeature {
	t.Helper()
	var out []parsedFeature
	err := s.Items(context.Background(), collection, q, func(b []byte) error {
		f, err := parseFeature(b)
		if err != nil {
			t.Errorf("%s: feature %d: %v", collection, len(out), err)
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		t.Fatalf("Items(%s, %+v): %v", collection, q, err)
	}
	return out
}

func ids(fs []parsedFeature) []string {
	out := []string{}
	for _, f := range fs {
		if f.id == nil {
			out = append(out, "<nil>")
			continue
		}
		out = append(out, idString(f.id))
	}
	return out
}

func wantIDs(fs []feature) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, idString(f.id))
	}
	return out
}

func testPing(t *testing.T, s data.Store, _ *oracle) {
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func testCounts(t *testing.T, s data.Store, _ *oracle) {
	for _, c := range collections() {
		got, err := s.CountItems(context.Background(), c, data.ItemsQuery{})
		if err != nil {
			t.Errorf("CountItems(%s): %v", c, err)
			continue
		}
		if want := wantCounts()[c]; got != want {
			t.Errorf("CountItems(%s): got %d, want %d", c, got, want)
		}
		// A cap stops the count: below the total it is the answer, above
		// it the total is.
		for _, cap := range []int64{1, 2, 1000} {
			got, err := s.CountItems(context.Background(), c, data.ItemsQuery{CountCap: cap})
			if want := min(cap, wantCounts()[c]); err != nil || got != want {
				t.Errorf("CountItems(%s, cap %d): got %d (%v), want %d", c, cap, got, err, want)
			}
		}
	}
}

func testItems(t *testing.T, s data.Store, o *oracle) {
	for _, c := range collections() {
		t.Run(c, func(t *testing.T) {
			want := o.features(c)
			got := items(t, s, c, data.ItemsQuery{})
			if !slices.Equal(ids(got), wantIDs(want)) {
				t.Fatalf("ids: got %v, want %v", ids(got), wantIDs(want))
			}
			for i := range want {
				for _, d := range diffFeature(got[i], want[i], propertyNames(c)) {
					t.Errorf("feature %v: %s", want[i].id, d)
				}
			}
		})
	}
}

func testPaging(t *testing.T, s data.Store, o *oracle) {
	for _, c := range collections() {
		all := wantIDs(o.features(c))
		var paged []string
		for offset := 0; offset < len(all)+3; offset += 3 {
			page := ids(items(t, s, c, data.ItemsQuery{Limit: 3, Offset: offset}))
			if len(page) > 3 {
				t.Errorf("%s offset %d: %d features, limit 3", c, offset, len(page))
			}
			paged = append(paged, page...)
		}
		if !slices.Equal(paged, all) {
			t.Errorf("%s pages of 3: got %v, want %v", c, paged, all)
		}
		n, err := s.CountItems(context.Background(), c, data.ItemsQuery{Limit: 1, Offset: 5})
		if err != nil || n != int64(len(all)) {
			t.Errorf("CountItems(%s) ignoring limit and offset: got %d, %v, want %d", c, n, err, len(all))
		}
	}
}

func testBBox(t *testing.T, s data.Store, _ *oracle) {
	for _, bc := range bboxCases() {
		t.Run(bc.name, func(t *testing.T) {
			b := orb.Bound{Min: orb.Point{bc.bbox[0], bc.bbox[1]}, Max: orb.Point{bc.bbox[2], bc.bbox[3]}}
			for _, c := range collections() {
				want := bc.want[c]
				if want == nil {
					want = []string{}
				}
				q := data.ItemsQuery{BBox: &b}
				if got := ids(items(t, s, c, q)); !slices.Equal(got, want) {
					t.Errorf("%s: got %v, want %v", c, got, want)
				}
				n, err := s.CountItems(context.Background(), c, q)
				if err != nil || n != int64(len(want)) {
					t.Errorf("CountItems(%s): got %d, %v, want %d", c, n, err, len(want))
				}
			}
		})
	}
}

func testItemsErrors(t *testing.T, s data.Store, _ *oracle) {
	ctx := context.Background()
	noop := func([]byte) error { return nil }
	if err := s.Items(ctx, "nope", data.ItemsQuery{}, noop); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Items of an unknown collection: got %v, want ErrNotFound", err)
	}
	if _, err := s.CountItems(ctx, "nope", data.ItemsQuery{}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("CountItems of an unknown collection: got %v, want ErrNotFound", err)
	}
	if err := s.Items(ctx, data.CollectionActors, data.ItemsQuery{Limit: -1}, noop); err == nil {
		t.Errorf("Items with limit -1: got no error")
	}
	stop := errors.New("stop")
	calls := 0
	err := s.Items(ctx, data.CollectionActors, data.ItemsQuery{}, func([]byte) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("emit error: got %v after %d calls, want the emit error after 1", err, calls)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Items(canceled, data.CollectionActors, data.ItemsQuery{}, noop); !errors.Is(err, context.Canceled) {
		t.Errorf("Items with a canceled context: got %v, want context.Canceled", err)
	}
}

func testItem(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	for _, c := range collections() {
		for _, want := range o.features(c) {
			b, err := s.Item(ctx, c, idString(want.id), geo.CRS84)
			if err != nil {
				t.Errorf("Item(%s, %v): %v", c, want.id, err)
				continue
			}
			got, err := parseFeature(b)
			if err != nil {
				t.Errorf("Item(%s, %v): %v", c, want.id, err)
				continue
			}
			for _, d := range diffFeature(got, want, propertyNames(c)) {
				t.Errorf("Item(%s, %v): %s", c, want.id, d)
			}
		}
		for _, id := range []string{"999999", "nope", ""} {
			if _, err := s.Item(ctx, c, id, geo.CRS84); !errors.Is(err, data.ErrNotFound) {
				t.Errorf("Item(%s, %q): got %v, want ErrNotFound", c, id, err)
			}
		}
	}
	// A région code is not a département's feature, and vice versa.
	if _, err := s.Item(ctx, data.CollectionDepartements, "11", geo.CRS84); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Item(departements, 11): got %v, want ErrNotFound (11 is a région)", err)
	}
	if _, err := s.Item(ctx, "nope", "1", geo.CRS84); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Item of an unknown collection: got %v, want ErrNotFound", err)
	}
}
