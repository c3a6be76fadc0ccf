package data

import (
	"strconv"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// TerritoryMatch is one territory a search found (Store.SearchTerritories):
// enough to list it in a search box and fly to it. RegionCode and
// DepartementCode are its parent codes, empty where they do not apply (a
// région has neither, an EPCI spanning two départements no département).
// BBox is its geometry's bounding box in EPSG:4326, a degenerate box for a
// point. Rank says how it matched.
type TerritoryMatch struct {
	Level           geo.Level
	Code            string
	Name            string
	RegionCode      string
	DepartementCode string
	Population      int64
	BBox            orb.Bound
	Rank            geo.SearchRank
}

// Hit is what orders m among the results (geo.CompareTerritoryHits).
func (m TerritoryMatch) Hit() geo.TerritoryHit {
	return geo.TerritoryHit{Rank: m.Rank, Level: m.Level, Population: m.Population, Code: m.Code}
}

// CheckTerritorySearch reports a SearchTerritories request no store
// answers: a level that is neither "" nor one of geo.Levels (a
// *FilterError naming "level"), or a limit outside 1..MaxLimit (naming
// "limit").
func CheckTerritorySearch(level geo.Level, limit int) error {
	if level != "" && !level.Valid() {
		return &FilterError{"level", "=" + string(level) + " is not one of region, departement, epci, commune"}
	}
	if limit < 1 || limit > MaxLimit {
		return &FilterError{"limit", "=" + strconv.Itoa(limit) + " is not in 1.." + strconv.Itoa(MaxLimit)}
	}
	return nil
}
