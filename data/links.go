package data

import (
	"slices"

	"github.com/maillage/maillage/geo"
)

// TerritoryRef names one territory by level and code (INSEE code, SIREN for
// an EPCI).
type TerritoryRef struct {
	Level geo.Level
	Code  string
}

// TouchLevels are the levels of the either-end territory filters, finest
// first; each is also the name of its query parameter on partnerships
// (?departement=69: either actor in the Rhône). The filter is not a
// queryable: the territory_a/territory_b pair it replaces would make users
// write an OR, and CQL2 has the queryables for that.
func TouchLevels() []geo.Level {
	return []geo.Level{geo.LevelCommune, geo.LevelEPCI, geo.LevelDepartement, geo.LevelRegion}
}

// CheckTouches reports a Touches filter the collection does not take, or
// one at an unknown level, as a *FilterError naming the level (the
// parameter's name) or "touches".
func (c Collection) CheckTouches(t *TerritoryRef) error {
	if t == nil {
		return nil
	}
	if !slices.Contains(TouchLevels(), t.Level) {
		return &FilterError{"touches", ": unknown level " + string(t.Level)}
	}
	if !c.Touches {
		return &FilterError{string(t.Level), ": " + c.ID + " has no either-end territory filter"}
	}
	return nil
}

// FlowLevels are the levels flows aggregate at, widest first.
func FlowLevels() []geo.Level {
	return []geo.Level{geo.LevelRegion, geo.LevelDepartement, geo.LevelEPCI}
}

// CheckFlows reports a level and query Flows refuses, as a *FilterError
// naming "level": a level of FlowLevels, or the commune level for the
// partnerships touching one territory (q.Touches) — all of France's would
// be 600 000 pairs of communes.
func CheckFlows(level geo.Level, q ItemsQuery) error {
	if level == geo.LevelCommune {
		if q.Touches == nil {
			return &FilterError{"level", "=commune needs a territory filter (commune, epci, departement or region)"}
		}
		return nil
	}
	return CheckFlowLevel(level)
}

// CheckFlowLevel reports a level Flows does not aggregate at as a
// *FilterError naming "level".
func CheckFlowLevel(level geo.Level) error {
	if !slices.Contains(FlowLevels(), level) {
		return &FilterError{"level", "=" + string(level) + " is not one of region, departement, epci"}
	}
	return nil
}
