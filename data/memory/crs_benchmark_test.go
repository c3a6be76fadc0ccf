package memory

import (
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// BenchmarkItemsPageCRS is BenchmarkItemsBBoxPage in each CRS: in CRS84 the
// pre-rendered text is copied; elsewhere each geometry is projected and
// written again (crs.go), Lambert-93 costing the most.
func BenchmarkItemsPageCRS(b *testing.B) {
	r := parisBBox()
	for _, crs := range geo.CRSs() {
		b.Run(crs.String(), func(b *testing.B) {
			benchItems(b, data.CollectionActors, data.ItemsQuery{BBox: &r, Limit: 1000, CRS: crs}, 1000)
		})
	}
}
