package postgis

import (
	"math"
	"strings"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// cellsZoom is the zoom of the grid actor_cells keeps (migration 00014).
const cellsZoom = 10

// cellsPlan is clustersPlan read from actor_cells where it can be: at a
// zoom of at most cellsZoom, with no filter but the actors' kind. The kept
// zoom-10 cells that lie wholly inside the bbox are summed into the cells
// of the zoom (the arithmetic shift of their index); the actors of the
// kept cells crossing the bbox's edges, found by the GiST index in four
// strips at most one kept cell wide, are grouped one by one. Together
// they give the exact cells and counts clustersPlan gives, the means from
// sums added in another order. ok is false when the query needs the
// actors themselves (another filter, a zoom finer than 10, a bbox holding
// no whole kept cell).
func cellsPlan(zoom int, q data.ItemsQuery) (p plan, ok bool) {
	if zoom > cellsZoom || q.Filter != nil || q.BBox == nil {
		return plan{}, false
	}
	kind := ""
	for _, f := range q.Equals {
		if f.Name != "kind" || kind != "" {
			return plan{}, false
		}
		kind = f.Value
	}
	b := *q.BBox
	// The kept cells [ix0, ix1] × [iy0, iy1] lie wholly inside b:
	// i·base ≥ min and (i+1)·base ≤ max. The actors of the kept cells
	// crossing b's edges are read one by one.
	base := geo.ClusterCellDegrees(cellsZoom)
	ix0, ix1 := math.Ceil(b.Min[0]/base), math.Floor(b.Max[0]/base)-1
	iy0, iy1 := math.Ceil(b.Min[1]/base), math.Floor(b.Max[1]/base)-1
	if ix0 > ix1 || iy0 > iy1 {
		return plan{}, false // b holds no whole kept cell: its actors are few
	}
	var args argList
	k := args.add(int64(cellsZoom-zoom)) + "::int"
	kindCond := ""
	if kind != "" {
		kindCond = " AND kind = " + args.add(kind) + "::text"
	}
	inner := "SELECT cx >> " + k + " AS x, cy >> " + k + " AS y, kind, n, sum_x, sum_y, employees\n  FROM actor_cells\n WHERE cx BETWEEN " +
		args.add(int64(ix0)) + "::bigint AND " + args.add(int64(ix1)) + "::bigint AND cy BETWEEN " +
		args.add(int64(iy0)) + "::bigint AND " + args.add(int64(iy1)) + "::bigint" + kindCond
	env := func(minX, minY, maxX, maxY float64) string {
		return "ST_MakeEnvelope(" + args.add(minX) + ", " + args.add(minY) + ", " + args.add(maxX) + ", " + args.add(maxY) + ", 4326)"
	}
	x0, x1, y0, y1 := ix0*base, (ix1+1)*base, iy0*base, (iy1+1)*base
	strips := []orb.Bound{
		{Min: orb.Point{b.Min[0], b.Min[1]}, Max: orb.Point{x0, b.Max[1]}}, // left
		{Min: orb.Point{x1, b.Min[1]}, Max: orb.Point{b.Max[0], b.Max[1]}}, // right
		{Min: orb.Point{x0, b.Min[1]}, Max: orb.Point{x1, y0}},             // bottom
		{Min: orb.Point{x0, y1}, Max: orb.Point{x1, b.Max[1]}},             // top
	}
	var inStrip []string
	for _, s := range strips {
		inStrip = append(inStrip, "a.geom && "+env(s.Min[0], s.Min[1], s.Max[0], s.Max[1]))
	}
	sideArg := args.add(geo.ClusterCellDegrees(zoom)) + "::double precision"
	baseArg := args.add(base) + "::double precision"
	actorKind := ""
	if kind != "" {
		actorKind = " AND a.kind = " + args.add(kind) + "::text"
	}
	edge := "SELECT floor(x / " + sideArg + ")::bigint, floor(y / " + sideArg + ")::bigint, kind, 1, x, y, employees::bigint\n  FROM (SELECT ST_X(a.geom) AS x, ST_Y(a.geom) AS y, a.kind, a.employees FROM actors a\n" +
		"         WHERE a.geom && " + env(b.Min[0], b.Min[1], b.Max[0], b.Max[1]) + actorKind +
		" AND (" + strings.Join(inStrip, " OR ") + ")\n         OFFSET 0) e\n WHERE NOT (floor(x / " + baseArg + ") BETWEEN " +
		args.add(ix0) + " AND " + args.add(ix1) + " AND floor(y / " + baseArg + ") BETWEEN " + args.add(iy0) + " AND " + args.add(iy1) + ")"
	cols := []string{"x", "y", "sum(n)", "sum(sum_x) / sum(n)", "sum(sum_y) / sum(n)", "sum(employees)"}
	for _, kd := range geo.ActorKinds {
		cols = append(cols, "coalesce(sum(n) FILTER (WHERE kind = "+args.add(string(kd))+"::text), 0)")
	}
	sql := "WITH cells (x, y, kind, n, sum_x, sum_y, employees) AS (\n" + inner + "\nUNION ALL\n" + edge + "\n)\nSELECT " +
		strings.Join(cols, ",\n  ") + "\nFROM cells\nGROUP BY 1, 2\nORDER BY 1, 2"
	return plan{sql, args}, true
}
