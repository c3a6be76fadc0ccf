package data

import (
	"fmt"

	"github.com/maillage/maillage/geo"
)

// MaxClusterCells bounds the grid one ActorClusters call may span, by area
// (geo.ClusterGridCells): at most that many cells of the zoom's side fit
// in its bbox. It caps the work and the answer's size, not the actors
// read, which the bbox and the zoom already bound in practice.
const MaxClusterCells = 100000

// CheckActorClusters reports what ActorClusters refuses, as a *FilterError
// naming the parameter: a zoom outside 0..geo.MaxClusterZoom ("zoom"), no
// q.BBox, or one spanning more than MaxClusterCells cells of
// geo.ClusterCellDegrees(zoom) ("bbox").
func CheckActorClusters(zoom int, q ItemsQuery) error {
	if zoom < 0 || zoom > geo.MaxClusterZoom {
		return &FilterError{"zoom", fmt.Sprintf("=%d is not an integer in 0..%d", zoom, geo.MaxClusterZoom)}
	}
	if q.BBox == nil {
		return &FilterError{"bbox", ": is required to cluster actors"}
	}
	c := geo.ClusterCellDegrees(zoom)
	if n := geo.ClusterGridCells(*q.BBox, c); n > MaxClusterCells {
		return &FilterError{"bbox", fmt.Sprintf(": too many cells: zoom out or narrow the box (%.0f cells of %g° at zoom %d, at most %d)",
			n, c, zoom, MaxClusterCells)}
	}
	return nil
}
