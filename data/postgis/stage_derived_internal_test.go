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
		e.add(id, "x", endActor{})
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

// TestPartnershipEndsPlaces: each end's place is its commune's codes
// with its country, only its country abroad, or only its commune's code
// when the commune is unknown (which add reports); actors of one place
// share it.
func TestPartnershipEndsPlaces(t *testing.T) {
	e := newPartnershipEnds(4)
	e.communes["69123"] = geo.Place{Commune: "69123", EPCI: "200046977", Departement: "69", Region: "84"}
	lyon := geo.Place{Commune: "69123", EPCI: "200046977", Departement: "69", Region: "84"}
	for _, c := range []struct {
		id               int64
		commune, country string
		want             geo.Place
		known            bool
	}{
		{1, "69123", "", lyon, true},
		{2, "69123", "FR", geo.Place{Commune: "69123", EPCI: "200046977", Departement: "69", Region: "84", Country: "FR"}, true},
		{3, "69123", "", lyon, true},
		{4, "", "CH", geo.Place{Country: "CH"}, true},
		{5, "99999", "", geo.Place{Commune: "99999"}, false},
		{6, "99999", "CH", geo.Place{Country: "CH"}, true}, // abroad: its commune is not looked for
		{7, "", "", geo.Place{}, true},
	} {
		if known := e.add(c.id, c.commune, endActor{country: c.country}); known != c.known {
			t.Errorf("actor %d of %q, %q: commune known %v, want %v", c.id, c.commune, c.country, known, c.known)
		}
		if _, _, got, ok := e.end(c.id); !ok || *got != c.want {
			t.Errorf("actor %d of %q, %q: place %+v, want %+v", c.id, c.commune, c.country, got, c.want)
		}
	}
	if e.places.Len() != 5 {
		t.Errorf("%d places kept for 5 distinct ones", e.places.Len())
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
