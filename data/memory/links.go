package memory

import (
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// partnershipTouches indexes the partnerships by the territories their two
// ends lie in, at each of data.TouchLevels: the postings of the either-end
// filter (data.ItemsQuery.Touches). A partnership with both ends in one
// territory is listed once; positions ascend since partnerships are walked
// in order.
func (s *Store) partnershipTouches() map[geo.Level]map[string][]int32 {
	out := map[geo.Level]map[string][]int32{}
	for _, level := range data.TouchLevels() {
		out[level] = map[string][]int32{}
	}
	for i, p := range s.ds.Partnerships {
		a, b := s.places[s.actors[p.ActorA]], s.places[s.actors[p.ActorB]]
		for _, level := range data.TouchLevels() {
			ca, cb := placeCode(a, level), placeCode(b, level)
			if ca != "" {
				out[level][ca] = append(out[level][ca], int32(i))
			}
			if cb != "" && cb != ca {
				out[level][cb] = append(out[level][cb], int32(i))
			}
		}
	}
	return out
}

// placeCode is the code of the territory of level holding a place, "" for
// none (abroad, or a commune in no EPCI).
func placeCode(p geo.Place, level geo.Level) string {
	switch level {
	case geo.LevelCommune:
		return p.Commune
	case geo.LevelEPCI:
		return p.EPCI
	case geo.LevelDepartement:
		return p.Departement
	case geo.LevelRegion:
		return p.Region
	}
	return ""
}
