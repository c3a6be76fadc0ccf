package memory

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// TestEachAgreesWithBruteForce checks both paths of collection.each (R-tree
// and sort, or walk in id order) against testing every feature, on random
// boxes of every size over the synthetic dataset.
func TestEachAgreesWithBruteForce(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a demo-sized dataset")
	}
	s, err := New(synthetic(1))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 3))
	for _, id := range []string{data.CollectionActors, data.CollectionPartnerships, data.CollectionDepartements, data.CollectionRegions, data.CollectionCommunes} {
		c := s.collections[id]
		for range 40 {
			w, h := rng.Float64()*rng.Float64()*14, rng.Float64()*rng.Float64()*10
			x, y := -6+rng.Float64()*15, 41+rng.Float64()*11
			r := orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
			var want []int32
			for i := range c.feats {
				if c.matches(int32(i), r) {
					want = append(want, int32(i))
				}
			}
			var got []int32
			if err := c.each(context.Background(), r, 0, func(i int32) bool { got = append(got, i); return true }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s bbox %v (share %.2f): got %d features, want %d", id, r, c.share(r), len(got), len(want))
			}
		}
	}
}
