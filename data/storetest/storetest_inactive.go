package storetest

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// InactiveActor is the actor InactiveDataset closes: Avignon Solidarités,
// the only actor of the Vaucluse (département 84) and of région 93, an
// association partnering through 107 (mécénat, culture, with Grenoble's
// university).
const InactiveActor = 5

// InactiveDataset is Fixture with InactiveActor dissolved: still served,
// with its partnership, but no longer one of its territory's actors.
func InactiveDataset() *dataset.Dataset {
	ds := Fixture()
	for i := range ds.Actors {
		if ds.Actors[i].ID == InactiveActor {
			ds.Actors[i].Inactive = true
		}
	}
	return ds
}

// InactiveObservatoryCases are the observatory counts InactiveDataset
// changes, by hand: the Vaucluse and région 93 keep 107 but lose their one
// association; France loses association 5 (solidarité group, one mécénat
// end) and keeps every partnership. The other scopes are Fixture's.
func InactiveObservatoryCases() []struct {
	Level geo.Level
	Code  string
	Want  geo.ObservatoryCounts
} {
	type groups = map[geo.Domain]geo.PartneringCount
	type categories = map[geo.Category]int64
	france := observatoryCountCases()[0].want // the fixture's France, all time
	france.Associations = pc(3, 3)            // 2, 7, 10
	france.AssociationGroups = groups{geo.DomainSport: pc(1, 1), geo.DomainEducationJeunesse: pc(1, 1)}
	france.AssociationEnds = 5 // 2: 101, 110; 7: 108; 10: 103, 110
	france.AssociationCategories = categories{geo.CategoryMecenat: 2, geo.CategoryPratiquesResponsables: 2,
		geo.CategoryCooperationEconomique: 1}
	return []struct {
		Level geo.Level
		Code  string
		Want  geo.ObservatoryCounts
	}{
		{"", "", france},
		{geo.LevelDepartement, "84", geo.ObservatoryCounts{Partnerships: 1}},
		{geo.LevelRegion, "93", geo.ObservatoryCounts{Partnerships: 1}},
	}
}

// testInactiveActor loads InactiveDataset into a store of its own: the
// inactive association is served (active false, filterable), keeps its
// partnership, and is left out of its territory's actors: observatory
// counts, actors by kind, match candidates.
func testInactiveActor(t *testing.T, newStore NewStore) {
	s := newStore(t, InactiveDataset())
	t.Cleanup(s.Close)
	CheckInactiveActor(t, s)
}

// CheckInactiveActor holds a store to InactiveDataset's hand-written
// answers; a store reaching that state by a write (the PostGIS summaries'
// triggers) is checked with it too.
func CheckInactiveActor(t *testing.T, s data.Store) {
	t.Helper()
	ctx := context.Background()
	actors, partnerships := data.CollectionActors, data.CollectionPartnerships
	itemIDs := func(collection string, q data.ItemsQuery) []string { return ids(items(t, s, collection, q)) }
	if got := itemIDs(actors, data.ItemsQuery{Equals: eq("active", "false")}); !slices.Equal(got, []string{"5"}) {
		t.Errorf("active=false: %v, want [5]", got)
	}
	if got := itemIDs(actors, data.ItemsQuery{Equals: eq("active", "true")}); len(got) != 10 || slices.Contains(got, "5") {
		t.Errorf("active=true: %v, want the ten others", got)
	}
	if got := itemIDs(partnerships, data.ItemsQuery{Equals: eq("actor_a", "5")}); !slices.Equal(got, []string{"107"}) {
		t.Errorf("its partnership: %v, want [107]", got)
	}
	for _, c := range InactiveObservatoryCases() {
		got, err := s.ObservatoryCounts(ctx, c.Level, c.Code, nil)
		if err != nil {
			t.Fatalf("ObservatoryCounts(%q, %q): %v", c.Level, c.Code, err)
		}
		if g, w := normalCounts(got.Counts), normalCounts(c.Want); !reflect.DeepEqual(g, w) {
			t.Errorf("ObservatoryCounts(%q, %q):\ngot  %+v\nwant %+v", c.Level, c.Code, g, w)
		}
	}
	kinds, err := s.ActorsByKind(ctx, data.TerritoryRef{Level: geo.LevelDepartement, Code: "84"})
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range kinds {
		if n != 0 {
			t.Errorf("ActorsByKind(Vaucluse): %d %s, want none: its one actor is inactive", n, k)
		}
	}
	cands, err := s.MatchCandidates(ctx, data.TerritoryRef{Level: geo.LevelDepartement, Code: "84"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cands.Associations) != 0 || len(cands.Companies) != 0 {
		t.Errorf("MatchCandidates(Vaucluse): %v and %v, want none", cands.Companies, cands.Associations)
	}
	// Its partnership's year still counts; its partnering no longer does
	// (the timeline's rates are over today's actors).
	years, err := s.PartnershipYears(ctx, data.TerritoryRef{Level: geo.LevelDepartement, Code: "84"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(years.Groups); n != 1 || years.Groups[0].N != 1 || years.Groups[0].Start != 2022 || len(years.Spans) != 0 {
		t.Errorf("PartnershipYears(Vaucluse): %+v, want 107's group (2022, open) and no partnering span", years)
	}
	a, err := s.Actor(ctx, InactiveActor)
	if err != nil || !a.Inactive {
		t.Errorf("Actor(%d): inactive %v, %v; want inactive", InactiveActor, a.Inactive, err)
	}
}
