package data

import "github.com/maillage/maillage/geo"

// CheckProfilesLevel reports a TerritoryProfiles level no store answers:
// one that is not one of geo.Levels (a *FilterError naming "level").
func CheckProfilesLevel(level geo.Level) error {
	if !level.Valid() {
		return &FilterError{"level", "=" + string(level) + " is not one of region, departement, epci, commune"}
	}
	return nil
}
