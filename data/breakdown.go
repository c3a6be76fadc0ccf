package data

import (
	"slices"

	"github.com/maillage/maillage/geo"
)

// PartnershipBreakdown counts the partnerships with at least one end in a
// territory (an actor whose commune is, or lies in, it: the either-end
// filter of the partnerships layer, ItemsQuery.Touches), each once, in
// total and by category, domain, scale and stage. A value no partnership
// takes is absent from its map; the partnerships of unknown stage are in
// no ByStage count.
type PartnershipBreakdown struct {
	Total      int64
	ByCategory map[geo.Category]int64
	ByDomain   map[geo.Domain]int64
	ByScale    map[geo.Scale]int64
	ByStage    map[geo.Stage]int64
}

// CheckTerritoryTally reports a tally of one territory no store answers
// (PartnershipBreakdown, ActorsByKind): a level that is not one of
// TouchLevels (a *FilterError naming "level").
func CheckTerritoryTally(t TerritoryRef) error {
	if !slices.Contains(TouchLevels(), t.Level) {
		return &FilterError{"level", "=" + string(t.Level) + " is not one of region, departement, epci, commune"}
	}
	return nil
}
