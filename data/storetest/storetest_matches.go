package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// matchCase is a hand-worked suggestion request on the fixture.
type matchCase struct {
	name         string
	t            data.TerritoryRef
	domain       geo.Domain
	radiusKm     float64
	companies    []int64
	associations []int64
	want         [][2]int64 // company, association
}

func matchCases() []matchCase {
	rhone := data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}
	return []matchCase{
		// Industries Lumière (1, 1 200 staff) and Insertion Villeurbanne (2)
		// are already partners (101): nothing to suggest.
		{"already partnered", rhone, geo.DomainInsertionEmploi, 50, []int64{1}, []int64{2}, nil},
		// Genay Jeunesse (10) acts for youth, ~15 km from Lyon.
		{"within the radius", rhone, geo.DomainEducationJeunesse, 50, []int64{1}, []int64{10}, [][2]int64{{1, 10}}},
		{"beyond the radius", rhone, geo.DomainEducationJeunesse, 5, []int64{1}, []int64{10}, nil},
		// Région 84 adds no company (4 is a university, 9 a club) and no
		// youth association beyond Genay's.
		{"région 84", data.TerritoryRef{Level: geo.LevelRegion, Code: "84"}, geo.DomainEducationJeunesse, 50,
			[]int64{1}, []int64{10}, [][2]int64{{1, 10}}},
		// Lyon has the company but no youth association.
		{"commune without association", data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"}, geo.DomainEducationJeunesse, 50,
			[]int64{1}, nil, nil},
		// Services Paris has 50 staff but no association near it.
		{"Paris", data.TerritoryRef{Level: geo.LevelDepartement, Code: "75"}, geo.DomainNumerique, 50, []int64{6}, nil, nil},
	}
}

func testMatches(t *testing.T, s data.Store, _ *oracle) {
	ctx := context.Background()
	ids := func(as []geo.Actor) []int64 {
		var out []int64
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	for _, c := range matchCases() {
		cands, err := s.MatchCandidates(ctx, c.t, c.domain)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !slices.Equal(ids(cands.Companies), c.companies) || !slices.Equal(ids(cands.Associations), c.associations) {
			t.Errorf("%s: candidates %v and %v, want %v and %v", c.name, ids(cands.Companies), ids(cands.Associations), c.companies, c.associations)
		}
		m, err := data.SuggestMatches(ctx, s, c.t, c.domain, c.radiusKm, 10)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got [][2]int64
		for _, sg := range m.Suggestions {
			got = append(got, [2]int64{sg.Company, sg.Association})
			if len(sg.Reasons) == 0 || sg.DistanceKm > c.radiusKm {
				t.Errorf("%s: suggestion %+v has no reason or lies beyond %g km", c.name, sg, c.radiusKm)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: suggestions %v, want %v", c.name, got, c.want)
		}
	}
	cands, err := s.MatchCandidates(ctx, data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}, geo.DomainInsertionEmploi)
	if err != nil {
		t.Fatal(err)
	}
	if !cands.Partnered.Has(2, 1) {
		t.Errorf("the pair 1–2 (partnership 101) is not among the partnered pairs: %v", cands.Partnered)
	}
	var fe *data.FilterError
	for _, bad := range []struct {
		t        data.TerritoryRef
		domain   geo.Domain
		property string
	}{
		{data.TerritoryRef{Level: "canton", Code: "69"}, geo.DomainSport, "level"},
		{data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}, geo.DomainAll, "domain"},
	} {
		if _, err := s.MatchCandidates(ctx, bad.t, bad.domain); !errors.As(err, &fe) || fe.Property != bad.property {
			t.Errorf("MatchCandidates(%+v, %s): got %v, want a FilterError naming %s", bad.t, bad.domain, err, bad.property)
		}
	}
	if _, err := s.MatchCandidates(ctx, data.TerritoryRef{Level: geo.LevelDepartement, Code: "99"}, geo.DomainSport); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("MatchCandidates in an unknown département: got %v, want ErrNotFound", err)
	}
}
