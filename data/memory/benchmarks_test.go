package memory

import (
	"context"
	"fmt"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
)

// BenchmarkNew is the embedded store's start-up on a demo-sized dataset.
func BenchmarkNew(b *testing.B) {
	ds := synthetic(1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := New(ds); err != nil {
			b.Fatal(err)
		}
	}
}

// benchItems pages through one query, counting bytes as a server would copy
// them.
func benchItems(b *testing.B, collection string, q data.ItemsQuery, want int) {
	s, err := New(synthetic(1))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n, size := 0, 0
		err := s.Items(context.Background(), collection, q, func(f []byte) error { n++; size += len(f); return nil })
		if err != nil || n < want {
			b.Fatalf("got %d features, %v; want at least %d", n, err, want)
		}
		b.SetBytes(int64(size))
	}
}

// BenchmarkItemsBBoxPage is a 1000-actor page in a Paris bbox: R-tree search,
// sort of the hits, then copying pre-rendered text.
func BenchmarkItemsBBoxPage(b *testing.B) {
	r := parisBBox()
	benchItems(b, data.CollectionActors, data.ItemsQuery{BBox: &r, Limit: 1000}, 1000)
}

// BenchmarkItemsBBoxPageNaive is the baseline: the same page found by testing
// every feature in id order.
func BenchmarkItemsBBoxPageNaive(b *testing.B) {
	s, err := New(synthetic(1))
	if err != nil {
		b.Fatal(err)
	}
	c, r := s.collections[data.CollectionActors], parisBBox()
	b.ReportAllocs()
	b.ResetTimer()
	text := c.texts(data.StorageCRS)
	for b.Loop() {
		n := 0
		for i := range c.feats {
			if c.matches(int32(i), r) {
				_ = text(int32(i))
				if n++; n == 1000 {
					break
				}
			}
		}
		if n < 1000 {
			b.Fatalf("got %d features", n)
		}
	}
}

// BenchmarkItemsFirstPage is the first 1000 actors with no bbox.
func BenchmarkItemsFirstPage(b *testing.B) {
	benchItems(b, data.CollectionActors, data.ItemsQuery{Limit: 1000}, 1000)
}

// BenchmarkItemsWholeFranceBBox is a page of 1000 actors in a bbox over all
// of France: the walk-in-id-order path, stopping when the page is full.
func BenchmarkItemsWholeFranceBBox(b *testing.B) {
	r := orb.Bound{Min: orb.Point{-5, 41}, Max: orb.Point{10, 52}}
	benchItems(b, data.CollectionActors, data.ItemsQuery{BBox: &r, Limit: 1000}, 1000)
}

// BenchmarkItemsPartnershipsBBox is a page of partnerships crossing the Paris
// bbox: lines need the exact segment test.
func BenchmarkItemsPartnershipsBBox(b *testing.B) {
	r := parisBBox()
	benchItems(b, data.CollectionPartnerships, data.ItemsQuery{BBox: &r, Limit: 1000}, 100)
}

// BenchmarkItemsDepartementsBBox tests 2000-vertex polygons exactly.
func BenchmarkItemsDepartementsBBox(b *testing.B) {
	r := orb.Bound{Min: orb.Point{0, 45}, Max: orb.Point{3, 48}}
	benchItems(b, data.CollectionDepartements, data.ItemsQuery{BBox: &r}, 4)
}

// BenchmarkItemsFilteredCursorPage is a page of 100 associations after
// actor 15 000: a binary search in the kind's postings, then a walk of them.
func BenchmarkItemsFilteredCursorPage(b *testing.B) {
	q := data.ItemsQuery{Limit: 100, After: "15000", Equals: []data.PropertyFilter{{Name: "kind", Value: "association"}}}
	benchItems(b, data.CollectionActors, q, 100)
}

// BenchmarkItemsFilteredOffsetPage is the baseline: the same page reached
// with Offset, which walks the matches of every page before it.
func BenchmarkItemsFilteredOffsetPage(b *testing.B) {
	q := data.ItemsQuery{Limit: 100, Offset: 2000, Equals: []data.PropertyFilter{{Name: "kind", Value: "association"}}}
	benchItems(b, data.CollectionActors, q, 100)
}

// BenchmarkItemsBBoxFilterCursorPage puts the three together in the dense
// Paris bbox, where the R-tree drives and the filter is checked per hit.
func BenchmarkItemsBBoxFilterCursorPage(b *testing.B) {
	r := parisBBox()
	q := data.ItemsQuery{BBox: &r, Limit: 50, After: "10000", Equals: []data.PropertyFilter{{Name: "size_class", Value: "10-249"}}}
	benchItems(b, data.CollectionActors, q, 50)
}

// mustFilter parses and checks a cql2-text filter on a collection.
func mustFilter(b *testing.B, collection, text string) cql2.Expr {
	e, err := cql2.Parse(text, cql2.LangText)
	if err != nil {
		b.Fatal(err)
	}
	c, _ := data.LookupCollection(collection)
	if err := cql2.Check(e, c.CQLQueryables()); err != nil {
		b.Fatal(err)
	}
	return e
}

// BenchmarkItemsCQLPage is a 1000-actor page of a CQL2 filter read in
// every feature's values (no index serves LIKE or NOT).
func BenchmarkItemsCQLPage(b *testing.B) {
	q := data.ItemsQuery{Limit: 1000,
		Filter: mustFilter(b, data.CollectionActors, "NOT kind = 'association' AND (sector IS NULL OR commune LIKE '7%')")}
	benchItems(b, data.CollectionActors, q, 1000)
}

// BenchmarkItemsCQLPolygon is a page of actors in a triangle over Paris:
// the R-tree search of its envelope, then the exact test.
func BenchmarkItemsCQLPolygon(b *testing.B) {
	r := parisBBox()
	poly := fmt.Sprintf("S_INTERSECTS(geometry, POLYGON((%g %g, %g %g, %g %g, %g %g)))",
		r.Min[0], r.Min[1], r.Max[0], r.Min[1], r.Min[0], r.Max[1], r.Min[0], r.Min[1])
	benchItems(b, data.CollectionActors, data.ItemsQuery{Limit: 1000, Filter: mustFilter(b, data.CollectionActors, poly)}, 100)
}

// BenchmarkItemsSorted is the first page of all actors sorted by a
// derived value: every feature read and sorted.
func BenchmarkItemsSorted(b *testing.B) {
	q := data.ItemsQuery{Limit: 100, SortBy: []data.SortKey{{Name: "size_class", Desc: true}, {Name: "kind"}}}
	benchItems(b, data.CollectionActors, q, 100)
}
