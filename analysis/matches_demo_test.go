package analysis_test

import (
	"context"
	"slices"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/geo"
)

// TestSuggestMatchesOnDemo checks, on the demo, in territories of every
// level and several domains, what a suggestion must never be: a pair
// already partnered (in any domain, either order), an actor with itself,
// a pair beyond the radius or outside the territory; and that each says why.
func TestSuggestMatchesOnDemo(t *testing.T) {
	t.Parallel()
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	an := analysis.New(s, analysis.Config{})
	partnered := geo.NewPairSet(ds.Partnerships)
	actors := map[int64]geo.Actor{}
	for _, a := range ds.Actors {
		actors[a.ID] = a
	}
	ctx := context.Background()
	cases := []struct {
		t      data.TerritoryRef
		domain geo.Domain
		radius float64
	}{
		{data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}, geo.DomainInsertionEmploi, 20},
		{data.TerritoryRef{Level: geo.LevelDepartement, Code: "59"}, geo.DomainEducationJeunesse, 10},
		{data.TerritoryRef{Level: geo.LevelRegion, Code: "11"}, geo.DomainInsertionEmploi, 5},
		{data.TerritoryRef{Level: geo.LevelCommune, Code: "75056"}, geo.DomainCulture, 30},
		{data.TerritoryRef{Level: geo.LevelDepartement, Code: "13"}, geo.DomainDiversiteHandicap, 50},
	}
	total := 0
	for _, c := range cases {
		inside := map[int64]bool{}
		cands, err := s.MatchCandidates(ctx, c.t)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range slices.Concat(cands.Companies, cands.Associations) {
			inside[a.ID] = true
		}
		m, err := an.SuggestMatches(ctx, c.t, c.domain, c.radius, 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, sg := range m.Suggestions {
			co, as := actors[sg.Company], actors[sg.Association]
			switch {
			case sg.Company == sg.Association:
				t.Errorf("%+v: %d paired with itself", c.t, sg.Company)
			case partnered.Has(sg.Company, sg.Association):
				t.Errorf("%+v: %d and %d are already partners", c.t, sg.Company, sg.Association)
			case !inside[sg.Company] || !inside[sg.Association]:
				t.Errorf("%+v: %d or %d is not located in the territory", c.t, sg.Company, sg.Association)
			case geo.LinkLengthKm(co.Location, as.Location) > c.radius:
				t.Errorf("%+v: %d and %d are %.1f km apart, beyond %g", c.t, sg.Company, sg.Association,
					geo.LinkLengthKm(co.Location, as.Location), c.radius)
			case co.Kind != geo.KindEntreprise || co.Employees < geo.MinMatchEmployees || as.Kind != geo.KindAssociation ||
				!slices.Contains(as.Domains, c.domain):
				t.Errorf("%+v: %d–%d is not a company of 10+ with an association of the domain", c.t, sg.Company, sg.Association)
			case len(sg.Reasons) < 3:
				t.Errorf("%+v: %d–%d gives %d reasons: %v", c.t, sg.Company, sg.Association, len(sg.Reasons), sg.Reasons)
			}
		}
		if m.Fragility == nil {
			t.Errorf("%+v: no fragility in %s", c.t, c.domain)
		}
		total += len(m.Suggestions)
	}
	if total < 100 {
		t.Errorf("only %d suggestions over %d cases: the checks above prove little", total, len(cases))
	}
}
