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
// either actor in the territory, by the commune each end keeps (kept by the
// triggers as actors move and communes change parents). A wider territory's
// communes are listed once, as an array the planner computes before the
// scan (an InitPlan), so each side is an index condition on a_commune or
// b_commune (migration 00017) and the two are OR'ed as bitmaps: a few
// hundred communes probed, where the actors' ids were tens of thousands.
func sqlTouches(t data.TerritoryRef, args *argList) string {
	code := args.add(t.Code) + "::text"
	if col, ok := touchColumns[t.Level]; ok {
		communes := "ARRAY(SELECT tc.code FROM territories tc WHERE tc.level = 'commune' AND " + col + " = " + code + ")"
		return "(p.a_commune = ANY(" + communes + ") OR p.b_commune = ANY(" + communes + "))"
	}
	return "(p.a_commune = " + code + " OR p.b_commune = " + code + ")"
}
