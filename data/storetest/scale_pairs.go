package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// scalePair is one pair of fixture actors with the scale a person reading
// the scale rule (geo.PartnerScale) gives their link, and why.
type scalePair struct {
	a, b int64
	want geo.Scale
	why  string
}

// scalePairs are labelled by hand from the fixture's places (fixture.go),
// not computed with geo.PartnerScale: they check the rule itself, as the
// stores apply it to what they serve. Both orders of a pair appear where
// the rule could be lopsided.
func scalePairs() []scalePair {
	return []scalePair{
		{1, 3, geo.ScaleLocal, "Lyon – Lyon: same commune"},
		{3, 2, geo.ScaleLocal, "Lyon – Villeurbanne: same EPCI (Métropole de Lyon)"},
		{2, 1, geo.ScaleLocal, "Villeurbanne – Lyon: same EPCI, other order"},
		{9, 10, geo.ScaleLocal, "Miribel (01) – Genay (69): one EPCI across two départements"},
		{10, 9, geo.ScaleLocal, "Genay – Miribel: the same, other order"},
		{2, 10, geo.ScaleRegional, "Villeurbanne – Genay: same département, two EPCIs"},
		{9, 2, geo.ScaleRegional, "Miribel (01, CC Dombes) – Villeurbanne (69, Lyon): same région only"},
		{10, 3, geo.ScaleRegional, "Genay – Lyon: same département, two EPCIs"},
		{11, 1, geo.ScaleRegional, "Tarare (no EPCI) – Lyon: same département"},
		{11, 10, geo.ScaleRegional, "Tarare (no EPCI) – Genay: same département"},
		{11, 4, geo.ScaleRegional, "Tarare – Grenoble: both in no EPCI, which is not a shared EPCI"},
		{4, 11, geo.ScaleRegional, "Grenoble – Tarare: the same, other order"},
		{1, 4, geo.ScaleRegional, "Lyon (69) – Grenoble (38): same région"},
		{4, 9, geo.ScaleRegional, "Grenoble (38) – Miribel (01): same région"},
		{1, 6, geo.ScaleNational, "Lyon – Paris: two régions"},
		{6, 7, geo.ScaleNational, "Paris – Saint-Denis de La Réunion: overseas is France"},
		{5, 4, geo.ScaleNational, "Avignon (département 84, région 93) – Grenoble (région 84): the codes 84 differ in level"},
		{5, 1, geo.ScaleNational, "Avignon (PACA) – Lyon (AURA)"},
		{5, 6, geo.ScaleNational, "Avignon – Paris"},
		{7, 5, geo.ScaleNational, "Saint-Denis – Avignon"},
		{8, 1, geo.ScaleInternational, "Geneva – Lyon: one actor abroad"},
		{1, 8, geo.ScaleInternational, "Lyon – Geneva: the same, other order"},
		{8, 7, geo.ScaleInternational, "Geneva – Saint-Denis de La Réunion"},
		{8, 9, geo.ScaleInternational, "Geneva – Miribel: abroad wins over a short distance"},
	}
}

// scalePairID is the partnership id of the i-th labelled pair.
func scalePairID(i int) int64 { return 1001 + int64(i) }

// ScaleDataset is Fixture with its partnerships replaced by one per
// labelled pair (ids 1001 …).
func ScaleDataset() *dataset.Dataset {
	ds := Fixture()
	ds.Partnerships = nil
	for i, p := range scalePairs() {
		ds.Partnerships = append(ds.Partnerships, geo.Partnership{ID: scalePairID(i), ActorA: p.a, ActorB: p.b,
			Category: geo.CategoryMecenat, Domain: geo.DomainSolidarite, Start: date("2020-01-01")})
	}
	return ds
}

// testScaleRule loads ScaleDataset into a store of its own and checks every
// labelled pair's scale three ways a client meets it: Partnership, the
// feature's scale property and the scale= filter.
func testScaleRule(t *testing.T, newStore NewStore) {
	s := newStore(t, ScaleDataset())
	t.Cleanup(s.Close)
	ctx := context.Background()
	pairs := scalePairs()
	byScale := map[geo.Scale][]string{}
	for i, p := range pairs {
		id := scalePairID(i)
		byScale[p.want] = append(byScale[p.want], strconv.FormatInt(id, 10))
		got, err := s.Partnership(ctx, id)
		if err != nil {
			t.Fatalf("Partnership(%d): %v", id, err)
		}
		if got.Scale != p.want {
			t.Errorf("%s: Partnership says %q, want %q", p.why, got.Scale, p.want)
		}
		b, err := s.Item(ctx, data.CollectionPartnerships, strconv.FormatInt(id, 10), geo.CRS84)
		if err != nil {
			t.Fatalf("Item(%d): %v", id, err)
		}
		var f struct {
			Properties struct{ Scale geo.Scale } `json:"properties"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		if f.Properties.Scale != p.want {
			t.Errorf("%s: the feature says %q, want %q", p.why, f.Properties.Scale, p.want)
		}
	}
	for _, scale := range geo.Scales {
		q := data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "scale", Value: string(scale)}}}
		got, want := ids(items(t, s, data.CollectionPartnerships, q)), byScale[scale]
		if !slices.Equal(got, want) {
			t.Errorf("scale=%s: got %v, want %v", scale, got, want)
		}
	}
}
