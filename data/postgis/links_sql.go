package postgis

import (
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// touchColumns are the columns of a commune row (territories, level
// 'commune') holding its territory of each data.TouchLevels level but the
// commune itself, which is the actor's own column.
var touchColumns = map[geo.Level]string{
	geo.LevelEPCI:        "tc.epci",
	geo.LevelDepartement: "tc.departement",
	geo.LevelRegion:      "tc.region",
}

// sqlTouches keeps the partnerships (alias p, the only source whose
// catalogue entry has Touches, which CheckTouches has made sure of) with
// either actor in the territory. The actors in it are listed once, as an
// array the planner computes before the scan (an InitPlan), so each side
// is an index condition on actor_a or actor_b (migration 00008) and the two
// are OR'ed as bitmaps, instead of a join per partnership.
func sqlTouches(t data.TerritoryRef, args *argList) string {
	code := args.add(t.Code) + "::text"
	actors := "SELECT ta.id FROM actors ta WHERE ta.commune = " + code
	if col, ok := touchColumns[t.Level]; ok {
		actors = "SELECT ta.id FROM actors ta JOIN territories tc ON tc.level = 'commune' AND tc.code = ta.commune WHERE " +
			col + " = " + code
	}
	return "(p.actor_a = ANY(ARRAY(" + actors + ")) OR p.actor_b = ANY(ARRAY(" + actors + ")))"
}
