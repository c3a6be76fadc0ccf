package dataset

import (
	"cmp"
	"slices"

	"github.com/maillage/maillage/geo"
)

// Sort puts every slice of ds in id order: territories by code bytewise then
// level from the widest (région 84 before département 84), indicators by id
// bytewise, indicator values by indicator, territory and year,
// actors, partnerships and alliances by id numerically, each alliance's
// members by actor id. It sorts in place, members included.
func Sort(ds *Dataset) {
	sortPlaces(ds)
	sortActors(ds)
	sortLinks(ds)
}

// sortPlaces sorts the territories, indicators and values (Sort).
func sortPlaces(ds *Dataset) {
	slices.SortStableFunc(ds.Territories, func(a, b geo.Territory) int { return compareTerritory(a.Code, a.Level, b.Code, b.Level) })
	slices.SortStableFunc(ds.Indicators, func(a, b geo.Indicator) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortStableFunc(ds.IndicatorValues, func(a, b geo.IndicatorValue) int {
		return cmp.Or(cmp.Compare(a.IndicatorID, b.IndicatorID), cmp.Compare(a.TerritoryCode, b.TerritoryCode), cmp.Compare(a.Year, b.Year))
	})
}

// sortActors sorts the actors (Sort).
func sortActors(ds *Dataset) {
	slices.SortStableFunc(ds.Actors, func(a, b geo.Actor) int { return cmp.Compare(a.ID, b.ID) })
}

// sortLinks sorts the partnerships and alliances (Sort).
func sortLinks(ds *Dataset) {
	slices.SortStableFunc(ds.Partnerships, func(a, b geo.Partnership) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortStableFunc(ds.Alliances, func(a, b geo.Alliance) int { return cmp.Compare(a.ID, b.ID) })
	for _, al := range ds.Alliances {
		slices.SortStableFunc(al.Members, func(a, b geo.AllianceMember) int { return cmp.Compare(a.ActorID, b.ActorID) })
	}
}

// compareTerritory orders territories by code bytewise, then level from
// the widest: Sort's order, which files keep.
func compareTerritory(codeA string, levelA geo.Level, codeB string, levelB geo.Level) int {
	return cmp.Or(cmp.Compare(codeA, codeB), cmp.Compare(levelIndex(levelA), levelIndex(levelB)))
}

// Clone returns a copy of ds whose slices (and alliances' member lists) can
// be sorted or derived without touching ds. Geometries and domain lists are
// shared, so neither copy may modify them.
func Clone(ds *Dataset) *Dataset {
	c := &Dataset{
		Territories:     slices.Clone(ds.Territories),
		Indicators:      slices.Clone(ds.Indicators),
		IndicatorValues: slices.Clone(ds.IndicatorValues),
		Actors:          slices.Clone(ds.Actors),
		Partnerships:    slices.Clone(ds.Partnerships),
		Alliances:       slices.Clone(ds.Alliances),
		ScaleFactor:     ds.ScaleFactor,
	}
	for i := range c.Alliances {
		c.Alliances[i].Members = slices.Clone(c.Alliances[i].Members)
	}
	return c
}
