package analysis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
)

// gapFeature is a gap collection's feature as a client reads it.
type gapFeature struct {
	ID         string          `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties map[string]any  `json:"properties"`
}

// gapItems reads the features of a collection; it fails t on any error.
func gapItems(t *testing.T, src data.Collections, collection string, q data.ItemsQuery) []gapFeature {
	t.Helper()
	var out []gapFeature
	err := src.Items(context.Background(), collection, q, func(b []byte) error {
		var f gapFeature
		if err := json.Unmarshal(b, &f); err != nil {
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

// TestGapCollections checks the gap collections against the ranking on the
// same store: the rated territories in code order, each with its
// territory's geometry (read from the territory layer) and its row's
// components; domain and class filters, bbox, paging by cursor, Item and
// Extent; and the refusals.
func TestGapCollections(t *testing.T) {
	t.Parallel()
	onBothStores(t, fixture, func(t *testing.T, s storeCase) {
		ctx := context.Background()
		layers := s.an.GapLayers()
		for _, level := range geo.Levels {
			id := analysis.GapCollectionID(level)
			terr, _ := data.LookupTerritoryCollection(level)
			for _, domain := range []geo.Domain{geo.DomainAll, geo.DomainInsertionEmploi} {
				r, err := s.an.RankGaps(ctx, level, domain, nil, data.Today(ctx)) // the collections rank today's
				if err != nil {
					t.Fatalf("RankGaps(%s, %s): %v", level, domain, err)
				}
				var want []string
				rows := map[string]geo.Gap{}
				for _, g := range r.Rows {
					want = append(want, g.Code)
					rows[g.Code] = g
				}
				slices.Sort(want)
				q := data.ItemsQuery{}
				if domain != geo.DomainAll {
					q.Equals = []data.PropertyFilter{{Name: "domain", Value: string(domain)}}
				}
				fs := gapItems(t, layers, id, q)
				var got []string
				for _, f := range fs {
					got = append(got, f.ID)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s %s: ids %v, want %v", id, domain, got, want)
				}
				if n, err := layers.CountItems(ctx, id, q); err != nil || n != int64(len(fs)) {
					t.Errorf("%s %s: count %d (%v), want the %d features", id, domain, n, err, len(fs))
				}
				for _, f := range fs {
					g := rows[f.ID]
					tf, err := s.store.Item(ctx, terr.ID, f.ID, geo.CRS84)
					if err != nil {
						t.Fatal(err)
					}
					var territory gapFeature
					if err := json.Unmarshal(tf, &territory); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(compact(t, f.Geometry), compact(t, territory.Geometry)) {
						t.Errorf("%s %s: geometry %s, want the territory's %s", id, f.ID, f.Geometry, territory.Geometry)
					}
					for name, want := range map[string]any{"name": territory.Properties["name"], "domain": string(domain),
						"rank": float64(g.Rank), "gap": g.Gap, "fragility": g.Fragility, "coverage_rank": g.CoverageRank,
						"class": g.Class, "partnerships": float64(g.Partnerships)} {
						if got := f.Properties[name]; got != want {
							t.Errorf("%s %s %s: %v, want %v", id, f.ID, name, got, want)
						}
					}
				}
				if len(want) > 1 {
					page := gapItems(t, layers, id, data.ItemsQuery{Equals: q.Equals, After: want[0], Limit: 1})
					if len(page) != 1 || page[0].ID != want[1] {
						t.Errorf("%s %s: the page after %s is %v, want %s", id, domain, want[0], page, want[1])
					}
					class := rows[want[0]].Class
					byClass := gapItems(t, layers, id, data.ItemsQuery{Equals: append(slices.Clone(q.Equals), data.PropertyFilter{Name: "class", Value: class})})
					for _, f := range byClass {
						if f.Properties["class"] != class {
							t.Errorf("%s class=%s: %v has class %v", id, class, f.ID, f.Properties["class"])
						}
					}
					cq := data.ItemsQuery{Equals: append(slices.Clone(q.Equals), data.PropertyFilter{Name: "class", Value: class})}
					if n, err := layers.CountItems(ctx, id, cq); err != nil || n != int64(len(byClass)) {
						t.Errorf("%s %s class=%s: count %d (%v), want the %d features", id, domain, class, n, err, len(byClass))
					}
					cq.CountCap = 1
					if n, err := layers.CountItems(ctx, id, cq); err != nil || n != 1 {
						t.Errorf("%s %s class=%s, capped at 1: count %d (%v)", id, domain, class, n, err)
					}
				}
			}
		}
		// The communes of the Rhône box only.
		rhone := &orb.Bound{Min: orb.Point{4.2, 45.45}, Max: orb.Point{4.95, 46.3}}
		inRhone := gapItems(t, layers, analysis.GapCollectionID(geo.LevelCommune), data.ItemsQuery{BBox: rhone})
		for _, f := range inRhone {
			if f.ID[:2] != "69" && f.ID != "01249" {
				t.Errorf("bbox of the Rhône keeps %s", f.ID)
			}
		}
		if n, err := layers.CountItems(ctx, analysis.GapCollectionID(geo.LevelCommune), data.ItemsQuery{BBox: rhone}); err != nil || n != int64(len(inRhone)) {
			t.Errorf("bbox of the Rhône: count %d (%v), want the %d features", n, err, len(inRhone))
		}
		b, err := layers.Item(ctx, analysis.GapCollectionID(geo.LevelDepartement), "69", geo.CRS84)
		if err != nil {
			t.Fatal(err)
		}
		var one gapFeature
		if err := json.Unmarshal(b, &one); err != nil || one.ID != "69" || one.Properties["domain"] != "all" {
			t.Errorf("Item(gaps-departement, 69): %s (%v)", b, err)
		}
		if _, err := layers.Item(ctx, analysis.GapCollectionID(geo.LevelDepartement), "99", geo.CRS84); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Item(gaps-departement, 99): got %v, want ErrNotFound", err)
		}
		if _, err := layers.Item(ctx, data.CollectionActors, "1", geo.CRS84); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Item(actors, 1) of the gap layers: got %v, want ErrNotFound", err)
		}
		if _, _, err := layers.Extent(ctx, analysis.GapCollectionID(geo.LevelRegion)); err != nil {
			t.Errorf("Extent(gaps-region): %v", err)
		}
		var fe *data.FilterError
		for _, bad := range []struct {
			q        data.ItemsQuery
			property string
		}{
			{data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "domain", Value: "football"}}}, "domain"},
			{data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "region", Value: "84"}}}, "region"},
			{data.ItemsQuery{Filter: &cql2.Bool{Value: true}}, "filter"},
			{data.ItemsQuery{SortBy: []data.SortKey{{Name: "class"}}}, "sortby"},
		} {
			err := layers.Items(ctx, analysis.GapCollectionID(geo.LevelCommune), bad.q, func([]byte) error { return nil })
			if !errors.As(err, &fe) || fe.Property != bad.property {
				t.Errorf("gaps-commune %+v: got %v, want a FilterError naming %s", bad.q, err, bad.property)
			}
		}
	})
}

// compact is b without insignificant white space.
func compact(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatalf("compact %s: %v", b, err)
	}
	return out.Bytes()
}

// TestGapCollectionsCountEveryTerritory: a level with more territories than
// one store page (data.MaxLimit) is ranked and served whole; the gap
// collection once stopped at the first page of territories.
func TestGapCollectionsCountEveryTerritory(t *testing.T) {
	t.Parallel()
	const communes = data.MaxLimit + 57
	ds := &dataset.Dataset{ScaleFactor: 1}
	ds.Territories = []geo.Territory{
		{Code: "84", Name: "Région", Level: geo.LevelRegion, Population: 1, Geometry: orb.MultiPolygon{{{{0, 40}, {10, 40}, {10, 50}, {0, 50}, {0, 40}}}}},
		{Code: "69", Name: "Département", Level: geo.LevelDepartement, RegionCode: "84", Population: 1,
			Geometry: orb.MultiPolygon{{{{0, 40}, {10, 40}, {10, 50}, {0, 50}, {0, 40}}}}},
	}
	ds.Indicators = []geo.Indicator{{ID: "chomage", Label: "Chômage", Theme: "emploi", Unit: "%", Source: "test", Year: 2023,
		FinestLevel: geo.LevelCommune, HigherIsWorse: true, Aggregation: geo.AggregationRatio, Scale: 100,
		Domains: []geo.Domain{geo.DomainInsertionEmploi}}}
	for i := range communes {
		code := fmt.Sprintf("%05d", 10000+i)
		ds.Territories = append(ds.Territories, geo.Territory{Code: code, Name: "C" + code, Level: geo.LevelCommune,
			RegionCode: "84", DepartementCode: "69", Population: 1000, Approximate: true,
			Geometry: orb.Point{float64(i%100) / 10, 40 + float64(i/100)/20}})
		ds.IndicatorValues = append(ds.IndicatorValues, geo.IndicatorValue{IndicatorID: "chomage", TerritoryCode: code,
			Year: 2023, Value: float64(i % 97), Numerator: float64(i % 97), Denominator: 100})
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	layers := analysis.New(st, analysis.Config{}).GapLayers()
	id := analysis.GapCollectionID(geo.LevelCommune)
	n, err := layers.CountItems(context.Background(), id, data.ItemsQuery{})
	if err != nil || n != communes {
		t.Errorf("%s counts %d (%v), want every one of the %d communes", id, n, err, communes)
	}
	// The last page, after the 10 040th commune, holds the last 17.
	after := fmt.Sprintf("%05d", 10000+communes-18)
	if fs := gapItems(t, layers, id, data.ItemsQuery{After: after}); len(fs) != 17 || fs[16].ID != fmt.Sprintf("%05d", 10000+communes-1) {
		t.Errorf("after %s: %d features, want the last 17", after, len(fs))
	}
}
