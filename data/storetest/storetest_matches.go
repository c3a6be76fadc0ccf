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
	companies    []int64
	associations []int64
}

func matchCases() []matchCase {
	return []matchCase{
		// Industries Lumière (1, 1 200 staff), Insertion Villeurbanne (2)
		// and Genay Jeunesse (10), whatever their domains; not the town
		// hall (3) nor the employment agency (11).
		{"the Rhône", data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}, []int64{1}, []int64{2, 10}},
		// Région 84 adds no company (4 is a university, 9 a club) and no
		// association (Avignon's, 5, is in région 93).
		{"région 84", data.TerritoryRef{Level: geo.LevelRegion, Code: "84"}, []int64{1}, []int64{2, 10}},
		// Lyon has the company but no association.
		{"commune without association", data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"}, []int64{1}, nil},
		// Services Paris has 50 staff but no association.
		{"Paris", data.TerritoryRef{Level: geo.LevelDepartement, Code: "75"}, []int64{6}, nil},
		// Avignon has an association and no company.
		{"Avignon", data.TerritoryRef{Level: geo.LevelCommune, Code: "84007"}, nil, []int64{5}},
	}
}

// testMatchCandidates checks the actors a suggestion may pair and the pairs
// already partnered; the suggestions themselves are the analysis package's
// (analysis/matches_test.go).
func testMatchCandidates(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	ids := func(as []geo.Actor) []int64 {
		var out []int64
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	for _, c := range matchCases() {
		cands, err := s.MatchCandidates(ctx, c.t)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !slices.Equal(ids(cands.Companies), c.companies) || !slices.Equal(ids(cands.Associations), c.associations) {
			t.Errorf("%s: candidates %v and %v, want %v and %v", c.name, ids(cands.Companies), ids(cands.Associations), c.companies, c.associations)
		}
		// The partnered pairs: every partnership of the fixture between
		// one of the companies and one of the associations, whichever end
		// is which, and no other (in the Rhône, partnership 101 from
		// association 2 to company 1).
		want := map[[2]int64]bool{}
		for _, p := range o.ds.Partnerships {
			for _, e := range [][2]int64{{p.ActorA, p.ActorB}, {p.ActorB, p.ActorA}} {
				if slices.Contains(c.companies, e[0]) && slices.Contains(c.associations, e[1]) {
					want[e] = true
				}
			}
		}
		if len(cands.Partnered) != len(want) {
			t.Errorf("%s: %d partnered pairs %v, want %d %v", c.name, len(cands.Partnered), cands.Partnered, len(want), want)
		}
		for e := range want {
			if !cands.Partnered.Has(e[0], e[1]) {
				t.Errorf("%s: the pair %d–%d is not among the partnered pairs %v", c.name, e[0], e[1], cands.Partnered)
			}
		}
	}
	var fe *data.FilterError
	if _, err := s.MatchCandidates(ctx, data.TerritoryRef{Level: "canton", Code: "69"}); !errors.As(err, &fe) || fe.Property != "level" {
		t.Errorf("MatchCandidates in a canton: got %v, want a FilterError naming level", err)
	}
	if _, err := s.MatchCandidates(ctx, data.TerritoryRef{Level: geo.LevelDepartement, Code: "99"}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("MatchCandidates in an unknown département: got %v, want ErrNotFound", err)
	}
}
