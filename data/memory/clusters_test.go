package memory_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// TestActorClustersOnDemo clusters the demo's actors over mainland France
// at the zooms the viewer clusters at, every kind and all of them: the
// clusters hold as many actors as CountItems finds in the box, each once,
// in cell order, each centre inside its cell.
func TestActorClustersOnDemo(t *testing.T) {
	t.Parallel()
	_, s := demoStore(t)
	ctx := context.Background()
	france := orb.Bound{Min: orb.Point{-5.5, 41}, Max: orb.Point{10, 51.5}}
	kinds := append([]geo.ActorKind{""}, geo.ActorKinds...)
	for zoom := 3; zoom <= 9; zoom++ {
		for _, kind := range kinds {
			name := fmt.Sprintf("zoom %d, kind %q", zoom, kind)
			q := data.ItemsQuery{BBox: &france}
			if kind != "" {
				q.Equals = []data.PropertyFilter{{Name: "kind", Value: string(kind)}}
			}
			cs, err := s.ActorClusters(ctx, zoom, q)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			matched, err := s.CountItems(ctx, data.CollectionActors, q)
			if err != nil {
				t.Fatal(err)
			}
			side := geo.ClusterCellDegrees(zoom)
			var n int64
			for i, c := range cs {
				n += int64(c.Count)
				if i > 0 && geo.CompareClusterCells(cs[i-1].Cell, c.Cell) >= 0 {
					t.Errorf("%s: cell %v after %v", name, c.Cell, cs[i-1].Cell)
				}
				if geo.CellOf(c.Center, side) != c.Cell && !onEdge(c.Center, side) {
					t.Errorf("%s: centre %v outside its cell %v", name, c.Center, c.Cell)
				}
				byKind := 0
				for _, m := range c.ByKind {
					byKind += m
				}
				if byKind != c.Count || (kind != "" && c.ByKind[kind] != c.Count) {
					t.Errorf("%s: cell %v counts %d, by kind %v", name, c.Cell, c.Count, c.ByKind)
				}
			}
			if n != matched {
				t.Errorf("%s: %d actors clustered, CountItems %d", name, n, matched)
			}
		}
	}
}

// onEdge reports a point on the west or south edge of the cell CellOf
// gives it: a mean of coordinates one double short of an edge may round
// onto it, into the next cell.
func onEdge(p orb.Point, side float64) bool {
	c := geo.CellOf(p, side)
	return float64(c.X)*side == p[0] || float64(c.Y)*side == p[1]
}
