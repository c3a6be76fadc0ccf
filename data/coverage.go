package data

import (
	"fmt"
	"slices"

	"github.com/maillage/maillage/geo"
)

// TerritoryCoverage is what the gap ranking (analysis) reads of one
// territory besides its indicators: its population and the partnerships
// with at least one actor located in it, per domain (a domain without any
// is absent) and in total, each partnership counted once.
type TerritoryCoverage struct {
	Code         string
	Name         string
	Population   int64
	ByDomain     geo.DomainCounts
	Partnerships int
}

// CheckCoverage reports a Coverage request no store answers: a level that
// is not one of geo.Levels (a *FilterError naming "level"), or a within
// territory that is not wider than level (naming "within").
func CheckCoverage(level geo.Level, within *TerritoryRef) error {
	li := slices.Index(geo.Levels, level)
	if li < 0 {
		return &FilterError{"level", "=" + string(level) + " is not one of region, departement, epci, commune"}
	}
	if within == nil {
		return nil
	}
	wi := slices.Index(geo.Levels, within.Level)
	if wi < 0 || wi >= li {
		return &FilterError{"within", fmt.Sprintf(": a %s cannot hold %s territories", within.Level, level)}
	}
	return nil
}
