package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// matchCase is a hand-worked candidates request on the fixture.
type matchCase struct {
	name         string
	t            data.TerritoryRef
	domain       geo.Domain
	companies    []int64
	associations []int64
}

func matchCases() []matchCase {
	rhone := data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}
	return []matchCase{
		// Industries Lumière (1, 1 200 staff) and Insertion Villeurbanne (2).
		{"insertion in the Rhône", rhone, geo.DomainInsertionEmploi, []int64{1}, []int64{2}},
		// Genay Jeunesse (10) acts for youth, ~15 km from Lyon.
		{"youth in the Rhône", rhone, geo.DomainEducationJeunesse, []int64{1}, []int64{10}},
		// Région 84 adds no company (4 is a university, 9 a club) and no
		// youth association beyond Genay's.
		{"région 84", data.TerritoryRef{Level: geo.LevelRegion, Code: "84"}, geo.DomainEducationJeunesse, []int64{1}, []int64{10}},
		// Lyon has the company but no youth association.
		{"commune without association", data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"}, geo.DomainEducationJeunesse, []int64{1}, nil},
		// Services Paris has 50 staff but no association.
		{"Paris", data.TerritoryRef{Level: geo.LevelDepartement, Code: "75"}, geo.DomainNumerique, []int64{6}, nil},
	}
}

// testMatchCandidates checks the actors a suggestion may pair and the pairs
// already partnered; the suggestions themselves are the analysis package's
// (analysis/matches_test.go).
func testMatchCandidates(t *testing.T, s data.Store, _ *oracle) {
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
