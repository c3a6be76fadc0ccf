package postgis

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/geo"
)

// TestCommuneOrder: the counting order is the stable sort by commune code,
// empty codes first, on sets with repeated and unique communes.
func TestCommuneOrder(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ actors, communes int }{{0, 1}, {1, 1}, {50, 3}, {5000, 700}, {300, 300}} {
		as := make([]geo.Actor, tc.actors)
		for i := range as {
			if k := r.IntN(tc.communes + 1); k > 0 {
				as[i].CommuneCode = fmt.Sprintf("%05d", r.IntN(tc.communes)*7)
			}
		}
		want := make([]int32, len(as))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(i, j int32) int { return strings.Compare(as[i].CommuneCode, as[j].CommuneCode) })
		if got := communeOrder(as); !slices.Equal(got, want) {
			t.Errorf("%d actors in %d communes: got %v, want %v", tc.actors, tc.communes, got[:min(len(got), 20)], want[:min(len(want), 20)])
		}
	}
}
