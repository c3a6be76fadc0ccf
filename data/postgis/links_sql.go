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
	return "(" + sqlCommuneIn(t.Level, "p.a_commune", code) + " OR " + sqlCommuneIn(t.Level, "p.b_commune", code) + ")"
}

// sqlCommuneIn says whether the commune code in col is, or lies in, the
// territory of level whose code is the SQL expression code: an equality for
// a commune, else a membership in the territory's communes, listed once
// per statement (an InitPlan), which an index on col answers.
func sqlCommuneIn(level geo.Level, col, code string) string {
	if tc, ok := touchColumns[level]; ok {
		return col + " = ANY(ARRAY(SELECT tc.code FROM territories tc WHERE tc.level = 'commune' AND " + tc + " = " + code + "))"
	}
	return col + " = " + code
}
