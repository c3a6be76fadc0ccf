package postgis

import (
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// BenchmarkFeaturesPlan measures building one page's statement, paid on
// every items request.
func BenchmarkFeaturesPlan(b *testing.B) {
	bbox := &orb.Bound{Min: orb.Point{2.2, 48.8}, Max: orb.Point{2.5, 48.9}}
	q := data.ItemsQuery{BBox: bbox, Limit: 1000, After: "1234",
		Equals: []data.PropertyFilter{{Name: "kind", Value: "association"}}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		src, _ := sourceOf(data.CollectionActors)
		if _, err := featuresPlan(src, q); err != nil {
			b.Fatal(err)
		}
	}
}
