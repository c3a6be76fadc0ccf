package postgis

import (
	"testing"

	"github.com/maillage/maillage/geo"
)

// TestPartnershipEndsIndex finds each actor at its position whether its id
// is indexed densely (small, non-negative) or by the map (the others).
func TestPartnershipEndsIndex(t *testing.T) {
	e := newPartnershipEnds(2) // dense below 2*2 + 1024
	ids := []int64{1, 1027, 1028, 1 << 40, -3, 0}
	for _, id := range ids {
		e.add(id, endActor{commune: "x"})
	}
	for want, id := range ids {
		got, ok := e.index(id)
		if !ok || int(got) != want {
			t.Errorf("index(%d) = %d, %v; want %d, true", id, got, ok, want)
		}
	}
	for _, id := range []int64{2, 1026, 1029, 1<<40 + 1, -1} {
		if got, ok := e.index(id); ok {
			t.Errorf("index(%d) = %d, true for an unknown actor", id, got)
		}
	}
}

// TestTallyCountsFitGeo: the tally's fixed-size counts hold one place per
// category, domain and level geo lists (a new one must widen them).
func TestTallyCountsFitGeo(t *testing.T) {
	for _, tc := range []struct {
		what      string
		have, geo int
	}{
		{"flowCounts", len(flowCounts{}), 1 + len(geo.Categories) + len(geo.Domains)},
		{"territoryCounts", len(territoryCounts{}), 1 + len(geo.Domains)},
		{"placeIDs", len(placeIDs{}), len(geo.Levels)},
		{"actorTally", len(actorTally{}), 1 + len(geo.Categories) + 4},
	} {
		if tc.have != tc.geo {
			t.Errorf("%s holds %d counts, geo's lists need %d", tc.what, tc.have, tc.geo)
		}
	}
}
