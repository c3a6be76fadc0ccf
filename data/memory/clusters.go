package memory

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// ActorClusters implements data.Store: the actors Items would select
// (without paging), found through the R-tree for the bbox, are gathered by
// a geo.ClusterGrid of the zoom's side.
func (s *Store) ActorClusters(ctx context.Context, zoom int, q data.ItemsQuery) ([]geo.ActorCluster, error) {
	if err := data.CheckActorClusters(zoom, q); err != nil {
		return nil, fmt.Errorf("actor clusters: %w", err)
	}
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("actor clusters: %w", err)
	}
	c, err := s.collection(data.CollectionActors)
	if err != nil {
		return nil, err
	}
	q.After, q.Offset, q.SortBy = "", 0, nil
	sel, err := c.selection(q)
	if err != nil {
		return nil, fmt.Errorf("actor clusters: %w", err)
	}
	grid := geo.NewClusterGrid(geo.ClusterCellDegrees(zoom))
	err = c.walk(ctx, sel, func(i int32) bool {
		a := &s.ds.Actors[i]
		grid.Add(a.Location, a.Kind, a.Employees)
		return true
	})
	if err != nil {
		return nil, err
	}
	return grid.Clusters(), nil
}
