package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
)

// testGapCollections checks the gap collections against data.RankGaps on
// the same store: the rated territories in code order, each with its
// territory's geometry and its row's components; domain and class
// filters, bbox, paging by cursor, Item and Extent; and the refusals.
func testGapCollections(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	for _, level := range geo.Levels {
		id := data.GapCollectionID(level)
		for _, domain := range []geo.Domain{geo.DomainAll, geo.DomainInsertionEmploi} {
			r, err := data.RankGaps(ctx, s, level, domain, nil)
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
			fs := items(t, s, id, q)
			if got := ids(fs); !slices.Equal(got, nonNil(want)) {
				t.Errorf("%s %s: ids %v, want %v", id, domain, got, want)
			}
			if n, err := s.CountItems(ctx, id, q); err != nil || n != int64(len(want)) {
				t.Errorf("%s %s: count %d (%v), want %d", id, domain, n, err, len(want))
			}
			for _, f := range fs {
				code := f.id.(string)
				g := rows[code]
				if !sameGeometry(f.geom, o.territories[level][code].Geometry) {
					t.Errorf("%s %s: geometry %v, want the territory's", id, code, f.geom)
				}
				for name, want := range map[string]any{"name": o.territories[level][code].Name, "domain": string(domain),
					"rank": int64(g.Rank), "gap": g.Gap, "fragility": g.Fragility, "coverage_rank": g.CoverageRank,
					"class": g.Class, "partnerships": int64(g.Partnerships)} {
					if d := diffValue(f.props[name], want); d != "" {
						t.Errorf("%s %s %s: %s", id, code, name, d)
					}
				}
			}
			if len(want) > 1 {
				page := items(t, s, id, data.ItemsQuery{Equals: q.Equals, After: want[0], Limit: 1})
				if got := ids(page); !slices.Equal(got, want[1:2]) {
					t.Errorf("%s %s: the page after %s is %v, want %v", id, domain, want[0], got, want[1:2])
				}
				class := rows[want[0]].Class
				byClass := items(t, s, id, data.ItemsQuery{Equals: append(slices.Clone(q.Equals), data.PropertyFilter{Name: "class", Value: class})})
				for _, f := range byClass {
					if f.props["class"] != class {
						t.Errorf("%s class=%s: %v has class %v", id, class, f.id, f.props["class"])
					}
				}
			}
		}
	}
	// The communes of the Rhône box only.
	rhone := &orb.Bound{Min: orb.Point{4.2, 45.45}, Max: orb.Point{4.95, 46.3}}
	for _, f := range items(t, s, data.GapCollectionID(geo.LevelCommune), data.ItemsQuery{BBox: rhone}) {
		if code := f.id.(string); code[:2] != "69" && code != "01249" {
			t.Errorf("bbox of the Rhône keeps %s", code)
		}
	}
	b, err := s.Item(ctx, data.GapCollectionID(geo.LevelDepartement), "69", geo.CRS84)
	if err != nil {
		t.Fatal(err)
	}
	var one struct {
		ID         string         `json:"id"`
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(b, &one); err != nil || one.ID != "69" || one.Properties["domain"] != "all" {
		t.Errorf("Item(gaps-departement, 69): %s (%v)", b, err)
	}
	if _, err := s.Item(ctx, data.GapCollectionID(geo.LevelDepartement), "99", geo.CRS84); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Item(gaps-departement, 99): got %v, want ErrNotFound", err)
	}
	if _, _, err := s.Extent(ctx, data.GapCollectionID(geo.LevelRegion)); err != nil {
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
		err := s.Items(ctx, data.GapCollectionID(geo.LevelCommune), bad.q, func([]byte) error { return nil })
		if !errors.As(err, &fe) || fe.Property != bad.property {
			t.Errorf("gaps-commune %+v: got %v, want a FilterError naming %s", bad.q, err, bad.property)
		}
	}
}
