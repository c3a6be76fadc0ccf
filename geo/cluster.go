package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// MaxClusterZoom is the deepest web-map zoom a cluster grid is defined at,
// that of the finest tiles map viewers ask for.
const MaxClusterZoom = 22

// ClusterCellDegrees returns the side c, in degrees of longitude and of
// latitude alike, of the grid cells actors are clustered in at a web-map
// zoom (0..MaxClusterZoom): 64 pixels of a 256-pixel tile at that zoom,
// 360 / 2^zoom / 4. The grid is drawn in longitude/latitude, not in a
// projection, so every store computes the same cells from the same stored
// doubles; c is 90 divided by a power of two, exact in binary.
func ClusterCellDegrees(zoom int) float64 { return math.Ldexp(90, -zoom) }

// ClusterCell is one cell of a cluster grid of side c: the points
// (lon, lat) with floor(lon / c) = X and floor(lat / c) = Y. A point on the
// cell's west or south edge is in it, one on its east or north edge in the
// next cell.
type ClusterCell struct{ X, Y int64 }

// CellOf returns the cell of the grid of side c degrees holding p, by the
// floor of the quotients, as PostgreSQL's floor(ST_X(geom) / c) computes it
// from the same doubles.
func CellOf(p orb.Point, c float64) ClusterCell {
	return ClusterCell{int64(math.Floor(p[0] / c)), int64(math.Floor(p[1] / c))}
}

// ClusterGridCells is how many cells of side c the box b spans by area,
// (width / c) × (height / c): what a caller caps to bound the work of a
// request. A degenerate box spans 0.
func ClusterGridCells(b orb.Bound, c float64) float64 {
	return (b.Max[0] - b.Min[0]) / c * ((b.Max[1] - b.Min[1]) / c)
}

// ActorCluster sums up the actors of one cell of a cluster grid: how many,
// how many of each kind present (a kind absent has no key), their
// employees and their mean position (lon and lat averaged, unrounded).
type ActorCluster struct {
	Cell      ClusterCell
	Count     int
	ByKind    map[ActorKind]int
	Employees int64
	Center    orb.Point
}

// ClusterGrid gathers actors into the cells of one grid. Make it with
// NewClusterGrid; it is not safe for concurrent use.
type ClusterGrid struct {
	side  float64
	cells map[ClusterCell]*clusterSums
}

type clusterSums struct {
	n, employees int64
	sx, sy       float64
	byKind       map[ActorKind]int
}

// NewClusterGrid returns an empty grid of side c degrees
// (ClusterCellDegrees).
func NewClusterGrid(c float64) *ClusterGrid {
	return &ClusterGrid{side: c, cells: map[ClusterCell]*clusterSums{}}
}

// Add counts one actor at p in its cell (CellOf).
func (g *ClusterGrid) Add(p orb.Point, kind ActorKind, employees int) {
	cell := CellOf(p, g.side)
	s, ok := g.cells[cell]
	if !ok {
		s = &clusterSums{byKind: map[ActorKind]int{}}
		g.cells[cell] = s
	}
	s.n++
	s.employees += int64(employees)
	s.sx += p[0]
	s.sy += p[1]
	s.byKind[kind]++
}

// Clusters returns one cluster per cell holding an actor, ordered by X then
// Y; an empty grid gives an empty list. The mean position is the sum of the
// coordinates divided by the count, as PostgreSQL's avg of doubles is.
func (g *ClusterGrid) Clusters() []ActorCluster {
	out := make([]ActorCluster, 0, len(g.cells))
	for cell, s := range g.cells {
		n := float64(s.n)
		out = append(out, ActorCluster{Cell: cell, Count: int(s.n), ByKind: s.byKind, Employees: s.employees,
			Center: orb.Point{s.sx / n, s.sy / n}})
	}
	slices.SortFunc(out, func(a, b ActorCluster) int { return CompareClusterCells(a.Cell, b.Cell) })
	return out
}

// CompareClusterCells orders cells by X, then Y.
func CompareClusterCells(a, b ClusterCell) int {
	return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.Y, b.Y))
}
